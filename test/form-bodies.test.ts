// Every route with an action, over the real HTTP door, signed in as a member of a real group: a
// JSON body, a text/plain body, a form missing its fields, and an oversized form each get a 4xx
// with a clear message (never a 500), and nothing in the database changes. The routes are read
// from app/routes, so a new action is walked without anyone listing it.
import { readdirSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import mongoose, { Types } from "mongoose";
import { translate } from "../models/i18n/i18n";
import { startAppServer, type RunningApp } from "./e2e/app-server";
import { buildGroup } from "./factories";
import { httpClient, loginAs } from "./http-client";

const routesDir = path.resolve("app/routes");
/** Actions whose complete form is the CSRF field alone: for them, only the form without it is incomplete. */
const ONLY_CSRF = new Set(["logout.tsx"]);
/** Actions whose whole input is the URL's token (a mail client's one-click unsubscribe posts no
 *  form and no CSRF field): a made-up token is not found, whatever the body. */
const URL_ONLY = new Set([
  "unsubscribe.$token.tsx",
  // 360-degree feedback (decision 036): a rater's link; a made-up one is "not found" before any field is read
  "feedback.$token.tsx",
]);

/** The URL of a flat route file: params get `ids`, unknown ones a fresh id; an index route's with
 *  `?index`, the URL its own forms post to (without it a POST goes to the parent route). */
function urlOf(file: string, ids: Record<string, string>) {
  const index = /(^|\.)_index\.(tsx?|jsx?)$/.test(file) ? "?index" : "";
  const segments = file
    .replace(/\.(tsx?|jsx?)$/, "")
    .split(".")
    .filter((s) => s !== "_index")
    .map((s) => s.replace(/_$/, ""))
    .map((s) => (s.startsWith("$") ? (ids[s.slice(1)] ?? String(new Types.ObjectId())) : s));
  return `/${segments.join("/")}${index}`;
}

/** Every document of every collection, to compare before and after. */
async function snapshot() {
  const db = mongoose.connection.db!;
  const out: Record<string, unknown[]> = {};
  for (const { name } of await db.listCollections().toArray()) {
    // A session's last use is written at most once a minute by any request (decision 040): a run
    // longer than a minute would see it change under a refused form. It is not what a form changes.
    const projection = name === "sessions" ? { lastSeenAt: 0 } : {};
    out[name] = await db.collection(name).find({}, { projection }).sort({ _id: 1 }).toArray();
  }
  return JSON.stringify(out);
}

/** What the guard says for each of its refusals, in the default language. */
const REFUSALS: Record<number, string> = {
  413: translate("nl", "request.tooLarge", { kb: 100 }),
  415: translate("nl", "request.notAForm"),
};

let app: RunningApp;
beforeAll(async () => {
  app = await startAppServer();
});
afterAll(async () => {
  await app?.close();
});

const actionRoutes = async () => {
  const files = readdirSync(routesDir).filter((f) => /\.(tsx?|jsx?)$/.test(f));
  const withAction: string[] = [];
  for (const f of files) {
    const mod = (await import(pathToFileURL(path.join(routesDir, f)).href)) as { action?: unknown };
    if (typeof mod.action === "function") withAction.push(f);
  }
  return withAction;
};

describe("bodies no action can take", () => {
  it("every action refuses JSON, text/plain, a form missing its fields and an oversized form, writing nothing", async () => {
    const routes = await actionRoutes();
    expect(routes.length, "the walk finds the actions").toBeGreaterThanOrEqual(15);
    for (const f of ONLY_CSRF) expect(routes).toContain(f);
    // The database is emptied between tests: the member and the group are made here.
    const { group, leaders } = await buildGroup({ leaders: 2 });
    const ids: Record<string, string> = { groupId: String(group._id), token: "not-a-token-0123456789abcdefghij" };
    const member = httpClient(app.url);
    expect((await loginAs(member, leaders[0].email)).status).toBe(302);
    const csrf = await member.csrf("/");
    // A page that sends a signed-in user away (login) is posted to by a visitor, as it would be.
    const visitor = httpClient(app.url);
    const visitorCsrf = await visitor.csrf("/login");
    type Case = [string, (csrf: string) => Record<string, string> | string, Record<string, string>, number[]];
    const cases: Case[] = [
      ["json", (c) => JSON.stringify({ _csrf: c, intent: "create", title: "x" }), { "content-type": "application/json" }, [415]],
      ["text/plain", (c) => `_csrf=${c}\r\nintent=create\r\ntitle=x`, { "content-type": "text/plain" }, [415]],
      ["no content-type", (c) => `_csrf=${c}&intent=create&title=x`, { "content-type": "" }, [415]],
      ["form without CSRF or fields", () => ({}), {}, [400, 403]],
      ["oversized form", (c) => new URLSearchParams({ _csrf: c, intent: "send", text: "x".repeat(150 * 1024) }).toString(), {}, [413]],
    ];
    const failures: string[] = [];
    for (const file of routes) {
      const url = urlOf(file, ids);
      const signedIn = (await member.get(url)).status !== 302;
      const [client, field] = signedIn ? [member, csrf] : [visitor, visitorCsrf];
      const variants: Case[] = ONLY_CSRF.has(file) ? cases : [...cases, ["form with only CSRF", (c) => ({ _csrf: c }), {}, [400]]];
      const before = await snapshot();
      for (const [name, body, headers, statuses] of variants) {
        const res = await client.post(url, body(field), headers);
        const text = await res.text();
        const fieldCase = statuses.includes(400);
        if (fieldCase && URL_ONLY.has(file)) {
          if (res.status !== 404) failures.push(`${file} ${name}: ${res.status}, not 404`);
          continue;
        }
        if (!statuses.includes(res.status)) failures.push(`${file} ${name}: ${res.status} ${text.slice(0, 120)}`);
        const message = REFUSALS[res.status];
        if (message && !text.includes(message)) failures.push(`${file} ${name}: no clear message in ${text.slice(0, 300)}`);
      }
      if ((await snapshot()) !== before) failures.push(`${file}: the database changed`);
    }
    expect(failures).toEqual([]);
  }, 120_000);

  it("says why in the browser's language", async () => {
    const english = httpClient(app.url);
    english.jar.set("lk_lang", "en");
    const res = await english.post("/login", JSON.stringify({ email: "a@b.c" }), { "content-type": "application/json" });
    expect(res.status).toBe(415);
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    const html = await res.text();
    expect(html).toContain('<html lang="en">');
    expect(html).toContain(translate("en", "request.notAForm"));
  });
});
