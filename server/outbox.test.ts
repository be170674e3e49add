// /dev/outbox shows every mailed invitation and reset link, so whoever reads it takes over those
// accounts. It is served only while mail is faked and only to this machine, judged by Express's
// req.ip: the app runs as the cluster runs it (TRUST_PROXY=loopback) behind the cluster's HAProxy
// (scripts/haproxy-config.sh, option forwardfor), which appends the address it got the request from
// to X-Forwarded-For.
//
// A client on another machine cannot be had here, so the test stands in for the last hop in
// front of our proxy: this process connects from 127.0.0.1, a hop the node trusts like the proxy
// itself, and says in X-Forwarded-For which client it got the request from (203.0.113.7, a
// documentation address). The node then decides by Express's own reading of the real header chain.
import { request as httpRequest } from "node:http";
import { startHaproxy, type Haproxy } from "../test/haproxy";
import { startAppServer, type RunningApp } from "../test/e2e/app-server";
import { buildUser } from "../test/factories";
import { type HttpClient, httpClient, loginAs } from "../test/http-client";

const REMOTE = "203.0.113.7";

let app: RunningApp;
let proxy: Haproxy;
let proxyUrl: string;

beforeEach(async () => {
  app = await startAppServer({ TRUST_PROXY: "loopback" });
  proxy = await startHaproxy([new URL(app.url).host]);
  proxyUrl = proxy.url;
});
afterEach(async () => {
  await proxy.stop();
  await app.close();
});

/** Asks for a password reset for `email`: the mail with its link lands in the outbox. */
async function requestReset(c: HttpClient, email: string) {
  const res = await c.post("/forgot", { _csrf: await c.csrf("/forgot"), email });
  expect(res.status).toBe(200);
}

/** What a reader sees of the page at `path`: its markup without scripts, preloads, nonces and its own path. */
const visible = (html: string, path: string) =>
  html
    .replaceAll(`value="${path}"`, 'value="(path)"')
    .replace(/<script\b[\s\S]*?<\/script>/g, "")
    .replace(/<link rel="modulepreload"[^>]*>/g, "")
    .replace(/ nonce="[^"]*"/g, "");

describe("/dev/outbox", () => {
  it("is served to this machine through the proxy, with the mailed links", async () => {
    const ann = await buildUser();
    const local = httpClient(proxyUrl);
    await requestReset(local, ann.email);
    const res = await local.get("/dev/outbox");
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(ann.email);
    expect(html).toMatch(/\/reset\/[A-Za-z0-9_-]{20,}/);
  });

  it("answers anyone else, signed in or not, with the ordinary 404 page and none of the links", async () => {
    const [ann, bob] = await Promise.all([buildUser(), buildUser()]);
    const remote = httpClient(proxyUrl, { "x-forwarded-for": REMOTE });
    await requestReset(remote, ann.email);
    const unknown = await remote.get("/no/such/page");
    expect(unknown.status).toBe(404);
    const notFoundPage = visible(await unknown.text(), "/no/such/page");

    for (const signedIn of [false, true]) {
      if (signedIn) expect((await loginAs(remote, bob.email)).status).toBe(302);
      const page = await remote.get("/dev/outbox");
      expect(page.status, `signed in: ${signedIn}`).toBe(404);
      const html = await page.text();
      expect(html).not.toContain(ann.email);
      expect(html).not.toContain("/reset/");
      // The page an unknown path gets, signed in the same way, and nothing else.
      const again = visible(await (await remote.get("/no/such/page")).text(), "/no/such/page");
      expect(visible(html, "/dev/outbox")).toBe(again);
      if (!signedIn) expect(visible(html, "/dev/outbox")).toBe(notFoundPage);

      const data = await remote.get("/dev/outbox.data");
      expect(data.status).toBe(404);
      const body = await data.text();
      expect(body).not.toContain(ann.email);
      expect(body).not.toContain("/reset/");
    }

    // The mail is there: this machine still reads it.
    expect(await (await httpClient(proxyUrl).get("/dev/outbox")).text()).toContain(ann.email);
  });

  it("refuses a client on the network whose own X-Forwarded-For says 127.0.0.1: only the last hop counts", async () => {
    const ann = await buildUser();
    await requestReset(httpClient(proxyUrl), ann.email);
    // The client at REMOTE wrote "127.0.0.1"; the hop it came through appended REMOTE; our proxy
    // appends the hop's address (127.0.0.1).
    const forged = httpClient(proxyUrl, { "x-forwarded-for": `127.0.0.1, ${REMOTE}` });
    const res = await forged.get("/dev/outbox");
    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain(ann.email);
  });
});

/** GET `path` with a Host header of our choosing (fetch always sends the URL's own). */
function getWithHost(base: string, path: string, host: string) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const { hostname, port } = new URL(base);
    const req = httpRequest({ host: hostname, port, path, headers: { host } }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("/dev/outbox and requests that only look local", () => {
  it("refuses a page of another site that rebinds its name to 127.0.0.1 (DNS rebinding): its Host is not ours", async () => {
    const ann = await buildUser();
    await requestReset(httpClient(proxyUrl), ann.email);
    const { port } = new URL(proxyUrl);
    const rebound = await getWithHost(proxyUrl, "/dev/outbox", `rebound.example:${port}`);
    expect(rebound.status).toBe(404);
    expect(rebound.body).not.toContain(ann.email);
    const local = await getWithHost(proxyUrl, "/dev/outbox", `localhost:${port}`);
    expect(local.status).toBe(200);
    expect(local.body).toContain(ann.email);
  });

  it("refuses a forwarded request when no proxy is trusted: a tunnel in front of the demo makes every visitor local", async () => {
    const ann = await buildUser();
    await requestReset(httpClient(proxyUrl), ann.email);
    // A second app in this process, trusting no proxy (its mail fake is the first app's).
    const plain = await startAppServer({ TRUST_PROXY: "" });
    try {
      const tunnelled = await httpClient(plain.url, { "x-forwarded-for": REMOTE }).get("/dev/outbox");
      expect(tunnelled.status).toBe(404);
      expect(await tunnelled.text()).not.toContain(ann.email);
      const direct = await httpClient(plain.url).get("/dev/outbox");
      expect(direct.status).toBe(200);
      expect(await direct.text()).toContain(ann.email);
    } finally {
      await plain.close();
    }
  });
});

describe("/dev/outbox when mail goes through the email API", () => {
  it("does not exist, not even for this machine", async () => {
    const real = await startAppServer({ EMAIL_FAKE: "false", EMAIL_API_TOKEN: "a-real-token" });
    try {
      const res = await httpClient(real.url).get("/dev/outbox");
      expect(res.status).toBe(404);
    } finally {
      await real.close();
    }
  });
});
