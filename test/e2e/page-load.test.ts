// A page load asks for nothing that is not there: every response the page gets is below 400, and
// the tab's icon exists. Headless Chromium does not fetch the icon, so the test asks for what a
// headed browser asks for: the icons the page links, and /favicon.ico (asked for when a page links
// none, and by many tools regardless).
import { setupBrowser } from "./harness";

const app = setupBrowser();

describe("page load", () => {
  it("makes no request that fails or finds nothing, the tab's icon included", async () => {
    const page = await app.newPage();
    const failed: string[] = [];
    page.on("response", (r) => r.status() >= 400 && failed.push(`${r.status()} ${r.url()}`));
    page.on("requestfailed", (r) => failed.push(`failed ${r.url()}: ${r.failure()?.errorText}`));
    // The last request of a load: route discovery for the page's links, once it has hydrated.
    const discovered = page.waitForResponse((r) => new URL(r.url()).pathname === "/__manifest");
    await page.goto("/login");
    await discovered;

    const linked = await page.evaluate(() =>
      [...document.querySelectorAll<HTMLLinkElement>('link[rel~="icon"]')].map((l) => ({ href: l.href, type: l.type })),
    );
    expect(linked).toEqual([{ href: `${app.server.url}/favicon.svg`, type: "image/svg+xml" }]);
    for (const href of [...linked.map((l) => l.href), `${app.server.url}/favicon.ico`]) {
      const res = await page.request.get(href);
      if (!res.ok()) failed.push(`${res.status()} ${href}`);
      else expect(res.headers()["content-type"], href).toMatch(/^image\/svg\+xml/);
    }
    expect(failed).toEqual([]);
  });
});
