// The standard security headers (helmet, decision 040) and the project's own CSP with its nonce
// (decision 016), on a page, on a resource route and on the API-like /healthz, over the real HTTP door.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAppServer, type RunningApp } from "./e2e/app-server";

let app: RunningApp;
beforeAll(async () => {
  app = await startAppServer();
});
afterAll(() => app?.close());

const STANDARD = {
  "strict-transport-security": "max-age=31536000; includeSubDomains",
  "cross-origin-opener-policy": "same-origin",
  "cross-origin-resource-policy": "same-origin",
  "referrer-policy": "same-origin",
  "x-content-type-options": "nosniff",
  "x-frame-options": "DENY",
  "origin-agent-cluster": "?1",
  "x-dns-prefetch-control": "off",
  "x-permitted-cross-domain-policies": "none",
  "x-xss-protection": "0",
};

describe("security headers", () => {
  for (const [what, path] of [
    ["a page", "/login"],
    ["a resource route", "/inbox/count"],
    ["the health check", "/healthz"],
    ["a static file", "/favicon.svg"],
  ] as const) {
    it(`${what} (${path}) carries the standard headers and the nonce'd CSP, and no X-Powered-By`, async () => {
      const res = await fetch(app.url + path, { redirect: "manual" });
      for (const [name, value] of Object.entries(STANDARD)) expect(res.headers.get(name), name).toBe(value);
      expect(res.headers.get("content-security-policy")).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{24}'/);
      expect(res.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
      expect(res.headers.get("x-powered-by")).toBeNull();
    });
  }
});
