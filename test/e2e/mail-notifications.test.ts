// E-mail notifications in the browser: the settings section (keyboard, axe, 375 px, nl) and a
// mailed unsubscribe link followed without signing in. The mail goes through the real sender to
// the e-mail API, answered by the same msw fake the dev server uses (it keeps the mail in DevMail).
// Waits are on locators and URLs, never on time.
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { DevMail } from "../../models/devmail/devmail.model";
import { getMailPrefs } from "../../models/notify/notify.service";
import { Message, Notification } from "../../models/thread/thread.model";
import { buildGroup, buildThread, buildUser, ctxFor } from "../factories";
import { axeSerious, setupBrowser } from "./harness";

const app = setupBrowser();

/** Fails the test on any console error or page error (hydration warnings are console errors). */
function watchErrors(page: Page) {
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`));
  page.on("console", (m) => (m.type() === "error" || /hydrat/i.test(m.text())) && errors.push(`console: ${m.text()}`));
  return errors;
}

describe("e-mail notification settings", () => {
  it("shows the kinds with their defaults; chosen by keyboard and saved; accessible and 375 px wide", {
    timeout: 90_000,
  }, async () => {
    const user = await buildUser();
    const page = await app.pageFor(user.email);
    const errors = watchErrors(page);
    await page.setViewportSize({ width: 375, height: 800 });
    await page.goto("/settings");

    const section = page.getByRole("region", { name: "E-mailmeldingen" });
    const mentions = section.getByRole("group", { name: "Iemand vermeldt je" });
    const replies = section.getByRole("group", { name: "Nieuwe gesprekken en reacties in gesprekken die je volgt" });
    const meetings = section.getByRole("group", {
      name: "Bijeenkomsten van je leergroepen: nieuw, verplaatst, geschrapt, en een herinnering de dag ervoor",
    });
    await expect.poll(() => mentions.getByRole("radio", { name: "Meteen" }).isChecked()).toBe(true);
    expect(await replies.getByRole("radio", { name: "In het dagoverzicht" }).isChecked()).toBe(true);
    expect(await meetings.getByRole("radio", { name: "Meteen" }).isChecked()).toBe(true);
    await page.waitForFunction(() => "__remixRouter" in window); // hydrated: the keys go to React's form

    const violations = await axeSerious(page, "settings");
    expect(violations).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(376);

    // Keyboard only: arrows move within a kind's choices, Enter submits the section's form.
    await mentions.getByRole("radio", { name: "Meteen" }).focus();
    await page.keyboard.press("ArrowDown");
    await replies.getByRole("radio", { name: "In het dagoverzicht" }).focus();
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("Enter");
    await section.getByRole("status").filter({ hasText: "Je keuzes voor e-mailmeldingen zijn bewaard." }).waitFor();

    expect(await getMailPrefs(ctxFor(user))).toEqual({
      mention: "daily",
      reply: "off",
      meeting: "immediately",
      case: "immediately",
      plan: "immediately",
    });
    await page.reload();
    expect(await mentions.getByRole("radio", { name: "In het dagoverzicht" }).isChecked()).toBe(true);
    expect(await replies.getByRole("radio", { name: "Geen mail" }).isChecked()).toBe(true);
    expect(errors).toEqual([]);
  });

  it("a mailed unsubscribe link works in a browser that is not signed in", { timeout: 90_000 }, async () => {
    const { group, leaders } = await buildGroup({ leaders: 2 });
    const [ann, bob] = leaders;
    const threadId = await buildThread(ctxFor(ann), String(group._id));
    const message = await Message.findOne({ threadId }).lean();
    await Notification.create({
      _id: `${bob._id}:e2e`,
      userId: bob._id,
      groupId: group._id,
      threadId,
      messageId: message!._id,
      kind: "mention",
    });
    const { services, sessionSecret } = app.server.app.context;
    expect(await services.notify.mailImmediate({ ...services.deps, secret: sessionSecret })).toEqual({ mailed: 1 });

    const mail = await DevMail.findOne({ to: bob.email }).lean();
    const link = /Geen mail meer over vermeldingen: (\S+)/.exec(mail?.text ?? "")?.[1];
    expect(link).toMatch(new RegExp(`^${app.server.url}/unsubscribe/`));

    const page = await app.newPage();
    const errors = watchErrors(page);
    await page.goto(link!);
    // Opening the link (as a mail scanner does) changes nothing: one button confirms.
    await page.getByRole("heading", { name: "Afmelden voor e-mail" }).waitFor();
    await page.getByText("Wil je geen e-mail meer krijgen over vermeldingen?").waitFor();
    expect((await getMailPrefs(ctxFor(bob))).mention).toBe("immediately");
    expect(await axeSerious(page, "unsubscribe confirmation")).toEqual([]);
    await page.getByRole("button", { name: "Afmelden" }).click();
    await page.getByRole("heading", { name: "Afgemeld" }).waitFor();
    await page.getByText("Je krijgt geen e-mail meer over vermeldingen.").waitFor();
    expect((await getMailPrefs(ctxFor(bob))).mention).toBe("off");
    expect(await axeSerious(page, "unsubscribe")).toEqual([]);

    const wrong = await page.goto(`${link!.slice(0, -3)}abc`);
    expect(wrong?.status()).toBe(404);
    await page.getByRole("heading", { name: "Deze afmeldlink werkt niet" }).waitFor();
    expect(errors.filter((e) => !/404/.test(e))).toEqual([]);
  });

  it("the unsubscribe link also works in a browser without scripts (its form posts with the page's origin)", {
    timeout: 90_000,
  }, async () => {
    const { group, leaders } = await buildGroup({ leaders: 2 });
    const [ann, bob] = leaders;
    const threadId = await buildThread(ctxFor(ann), String(group._id));
    const message = await Message.findOne({ threadId }).lean();
    await Notification.create({
      _id: `${bob._id}:e2e-noscript`,
      userId: bob._id,
      groupId: group._id,
      threadId,
      messageId: message!._id,
      kind: "mention",
    });
    const { services, sessionSecret } = app.server.app.context;
    expect(await services.notify.mailImmediate({ ...services.deps, secret: sessionSecret })).toEqual({ mailed: 1 });
    const mail = await DevMail.findOne({ to: bob.email }).lean();
    const link = /Geen mail meer over vermeldingen: (\S+)/.exec(mail?.text ?? "")?.[1];

    const page = await app.newPage({ javaScriptEnabled: false });
    await page.goto(link!);
    await page.getByRole("button", { name: "Afmelden" }).click();
    await page.getByRole("heading", { name: "Afgemeld" }).waitFor();
    expect((await getMailPrefs(ctxFor(bob))).mention).toBe("off");
  });
});
