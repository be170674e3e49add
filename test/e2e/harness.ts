// What every browser test shares: Debian's Chromium launched as this machine needs it, the app
// server and browser contexts around each file's tests, signing in, and axe-core.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { afterAll, afterEach, beforeAll, expect } from "vitest";
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type ConsoleMessage, type Page } from "playwright-core";
import { Secret, TOTP } from "otpauth";
import { PASSWORD } from "../factories";
import { startAppServer, type RunningApp } from "./app-server";

const AXE_PATH = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

/** Debian's chromium, headless; the networking flags keep it from calling home on a closed network. */
export const launchBrowser = () =>
  chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });

/** Recovery codes of the users this worker's browser tests enrolled (decision 039), by e-mail: a
 *  later sign-in of the same user uses one (a TOTP code is taken once per 30 s; tests sign in faster). */
const recoveryCodes = new Map<string, string[]>();

/** Signs `page` in through the login form; resolves once it has left /login. An organiser or coach
 *  (second factor required, decision 039) enrols with a code computed from the secret the page shows,
 *  or, enrolled already by an earlier test, gives one of the recovery codes kept then. */
export async function login(page: Page, email: string, password = PASSWORD) {
  await page.goto("/login");
  await page.locator('input[name="email"]').fill(email);
  await page.locator('input[name="password"]').fill(password);
  const failed = async (e: unknown) => {
    throw new Error(`login of ${email} failed; page says: ${await page.locator("main, body").first().innerText()}`, { cause: e });
  };
  await Promise.all([
    page.waitForURL((u) => u.pathname !== "/login"),
    page.locator('form:has(input[name="password"]) button[type="submit"]').click(),
  ]).catch(failed);
  const path = new URL(page.url()).pathname;
  if (path === "/login/enrol") {
    const secret = (await page.locator(".mfa-secret").innerText()).replace(/\s/g, "");
    await page.locator('input[name="code"]').fill(TOTP.generate({ secret: Secret.fromBase32(secret) }));
    await page.locator('form:has(input[name="code"]) button[type="submit"]').click();
    const codes = page.locator(".mfa-recovery-codes code");
    await codes.first().waitFor();
    recoveryCodes.set(email, await codes.allInnerTexts());
    await Promise.all([page.waitForURL((u) => !u.pathname.startsWith("/login")), page.locator("main a").last().click()]).catch(failed);
  } else if (path === "/login/verify") {
    const code = recoveryCodes.get(email)?.shift();
    if (!code) throw new Error(`login of ${email}: a second factor that no browser test enrolled`);
    await page.locator('input[name="code"]').fill(code);
    await Promise.all([
      page.waitForURL((u) => !u.pathname.startsWith("/login")),
      page.locator('form:has(input[name="code"]) button[type="submit"]').click(),
    ]).catch(failed);
  }
}

/**
 * The co-editing editor labelled `name` once it takes input. It becomes editable only when the
 * document's stored state has arrived (DocSync.loaded): keys typed before that go nowhere, by
 * design, and a remounted editor (the charter draft after a proposal) starts over. Wait for this,
 * as a user waits for the caret, before clicking into an editor and typing.
 */
export async function editableEditor(page: Page, name: string | RegExp) {
  const editor = page.getByRole("textbox", { name }).and(page.locator('[contenteditable="true"]'));
  await editor.waitFor();
  return editor;
}

/**
 * Resolves once the focused editor has taken the caret the page shows. Chrome moves the caret on
 * a click or a caret key (Ctrl+End) at once but tells ProseMirror a moment later (selectionchange);
 * a key the editor handles itself (Enter) that comes in between is applied at the editor's previous
 * caret. Playwright sends keys 3 ms after a click, so the charter test's Enter split the draft at
 * its start (the words then led the first line) once in about seven runs. Wait for this before such
 * a key. Reads Tiptap's editor from its element (Tiptap puts it there).
 */
export async function caretTaken(page: Page) {
  await expect
    .poll(() =>
      page.evaluate(() => {
        type View = { state: { selection: { anchor: number; head: number } }; posAtDOM(node: Node, offset: number): number };
        const view = (document.querySelector(".ProseMirror-focused") as (Element & { editor?: { view: View } }) | null)?.editor?.view;
        const dom = document.getSelection();
        if (!view || !dom?.anchorNode || !dom.focusNode) return false;
        const { anchor, head } = view.state.selection;
        return view.posAtDOM(dom.anchorNode, dom.anchorOffset) === anchor && view.posAtDOM(dom.focusNode, dom.focusOffset) === head;
      }),
    )
    .toBe(true);
}

/** Chromium logs every 4xx response of a page it opened as "Failed to load resource": for the page
 *  itself (a 404 the test asked for) that is the answer under test, not a page's error. */
const expectedStatus = (m: ConsoleMessage, page: Page) =>
  /^Failed to load resource: the server responded with a status of (403|404)\b/.test(m.text()) && m.location().url === page.url();

export interface BrowserHarness {
  /** The whole app, started once for the file. */
  readonly server: RunningApp;
  /** A page in a fresh context (Dutch, on the app's URL), closed after the test. */
  newPage(options?: BrowserContextOptions): Promise<Page>;
  /** A fresh page signed in as `email`; its script errors are written to stderr. */
  pageFor(email: string): Promise<Page>;
  /** What the Content-Security-Policy refused so far in this test, taken out of the list that
   *  otherwise fails the test after it. */
  takeCspRefusals(): string[];
  /** The console errors and uncaught page errors so far in this test, taken out of the list that
   *  otherwise fails the test after it (for a test that provokes one on purpose). */
  takeConsoleErrors(): string[];
}

/** Registers the file's hooks: the app server and Chromium for the file, every context closed after each test. */
export function setupBrowser(): BrowserHarness {
  let server: RunningApp | undefined;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    server = await startAppServer();
    browser = await launchBrowser();
  });

  // Every browser test is also a test of the pages' Content-Security-Policy: anything it refused
  // (Chromium reports each refusal on the console) fails the test.
  const refusedByCsp: string[] = [];
  // And of the pages' health: any console error or uncaught error on any page it visits fails it,
  // React's hydration warnings included (in a production build they are console errors
  // "Minified React error #418/#423/#425" or "Hydration failed").
  const consoleErrors: string[] = [];
  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((c) => c.close()));
    const refused = refusedByCsp.splice(0);
    const errors = consoleErrors.splice(0);
    if (refused.length) throw new Error(`the Content-Security-Policy refused:\n${refused.join("\n")}`);
    if (errors.length) throw new Error(`the pages logged errors:\n${errors.join("\n")}`);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const started = () => {
    if (!server || !browser) throw new Error("setupBrowser(): the app server and browser start in beforeAll");
    return { server, browser };
  };

  const newPage = async (options: BrowserContextOptions = {}) => {
    const { server, browser } = started();
    const context = await browser.newContext({ baseURL: server.url, locale: "nl-NL", ...options });
    contexts.push(context);
    // A refusal the page's code catches (a probe for eval, say) is not always on the console: the
    // page reports every one through the DOM event too.
    await context.addInitScript(() =>
      document.addEventListener("securitypolicyviolation", (e) =>
        console.error(`Content Security Policy refused ${e.violatedDirective}: ${e.blockedURI} (${e.sourceFile}:${e.lineNumber})`),
      ),
    );
    const page = await context.newPage();
    page.on("console", (m) => {
      if (/Content Security Policy/i.test(m.text())) refusedByCsp.push(`${page.url()}: ${m.text()}`);
      else if (m.type() === "error" && !expectedStatus(m, page)) consoleErrors.push(`${page.url()}: ${m.text()} (${m.location().url})`);
    });
    page.on("pageerror", (e) => consoleErrors.push(`${page.url()}: uncaught ${e.message}`));
    page.setDefaultTimeout(20_000); // a bound for a loaded machine, not a pause
    return page;
  };

  return {
    get server() {
      return started().server;
    },
    newPage,
    /** The refusals seen so far, taken out (a test that provokes one on purpose checks it here). */
    takeCspRefusals: () => refusedByCsp.splice(0),
    takeConsoleErrors: () => consoleErrors.splice(0),
    async pageFor(email) {
      const page = await newPage();
      page.on("pageerror", (e) => process.stderr.write(`PAGEERROR ${e.message}\n${e.stack}\n`));
      page.on("console", (m) => m.type() === "error" && process.stderr.write(`CONSOLE ${m.text()}\n`));
      await login(page, email);
      return page;
    },
  };
}

export interface AxeViolation {
  page: string;
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/** axe-core on the current page: its serious and critical violations, labelled with the page. */
export async function axeSerious(page: Page, label = page.url()): Promise<AxeViolation[]> {
  // Evaluated through the DevTools protocol, not added as a <script>: the pages' CSP refuses inline scripts.
  await page.evaluate(readFileSync(AXE_PATH, "utf8"));
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: { run: () => Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[] }> };
      }
    ).axe;
    const result = await axe.run();
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.map((n) => n.target.map(String).join(" ")),
    }));
  });
  return violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => ({ page: label, ...v }));
}
