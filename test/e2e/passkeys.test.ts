// A school leader adds a passkey in Settings, signs out, and signs in again with it alone
// (decision 062), in real Chromium at phone width in Dutch, with the DevTools protocol's virtual
// authenticator standing in for the phone (a discoverable credential, user verification done). The
// relying party is the configured public URL: "localhost" here (an IP address is no RP ID), which
// Chromium reaches on 127.0.0.1. axe finds nothing serious; the harness fails on any console error
// or Content-Security-Policy refusal, so @simplewebauthn/browser runs under the pages' policy.
import { describe, expect, it } from "vitest";
import { buildGroup } from "../factories";
import { axeSerious, login, setupBrowser } from "./harness";

const app = setupBrowser();

describe("passkeys", () => {
  it("a leader adds a passkey in Settings, signs out, and signs in with it without a password; at 375 px", {
    timeout: 120_000,
  }, async () => {
    const { leaders } = await buildGroup({ leaders: 1 });
    const ann = leaders[0];
    const url = app.server.url.replace("127.0.0.1", "localhost");
    app.server.app.context.services.deps.appUrl = url;
    const page = await app.newPage({ baseURL: url, viewport: { width: 375, height: 800 } });
    const cdp = await page.context().newCDPSession(page);
    await cdp.send("WebAuthn.enable");
    const { authenticatorId } = await cdp.send("WebAuthn.addVirtualAuthenticator", {
      options: {
        protocol: "ctap2",
        transport: "internal",
        hasResidentKey: true,
        hasUserVerification: true,
        isUserVerified: true,
        automaticPresenceSimulation: true,
      },
    });

    await login(page, ann.email);
    await page.goto("/settings");
    await page.waitForFunction(() => "__remixRouter" in window);
    await page.getByRole("heading", { name: "Passkeys" }).waitFor();
    await page.getByText("Je hebt nog geen passkey.").waitFor();
    await page.getByLabel("Naam van de passkey").fill("Laptop");
    await page.getByRole("button", { name: "Passkey toevoegen" }).click();
    await page.getByText("Passkey ‘Laptop’ is toegevoegd.").waitFor();
    // The first factor of the account: ten recovery codes, once.
    await expect.poll(() => page.locator(".mfa-recovery-codes code").count()).toBe(10);
    await page.locator("ul.passkeys li", { hasText: "Laptop" }).waitFor();
    const { credentials } = await cdp.send("WebAuthn.getCredentials", { authenticatorId });
    expect(credentials).toHaveLength(1);
    expect(credentials[0].isResidentCredential).toBe(true);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    expect(await axeSerious(page, "settings: passkeys")).toEqual([]);

    // Signed out, then in with the passkey alone.
    await Promise.all([
      page.waitForURL(/\/login/),
      page
        .getByRole("button", { name: /^Afmelden/ })
        .first()
        .click(),
    ]);
    await page.goto("/login");
    await page.waitForFunction(() => "__remixRouter" in window);
    expect(await axeSerious(page, "login with a passkey")).toEqual([]);
    await Promise.all([page.waitForURL((u) => u.pathname === "/"), page.getByRole("button", { name: "Inloggen met een passkey" }).click()]);
    await page.goto("/settings");
    await page.locator("ul.passkeys li", { hasText: "laatst gebruikt" }).waitFor();
    expect((await cdp.send("WebAuthn.getCredentials", { authenticatorId })).credentials[0].signCount).toBeGreaterThan(0);
  });
});
