// scripts/audit.ts (decision 040): how npm audit's answer and the allow-list decide the test command.
import { describe, expect, it, vi } from "vitest";
import { main } from "../scripts/audit";

const report = (vulnerabilities: Record<string, unknown>) => async () => ({ stdout: JSON.stringify({ vulnerabilities }), stderr: "" });
const high = {
  somepkg: {
    severity: "high",
    via: [
      {
        source: 1234,
        name: "somepkg",
        title: "Prototype pollution",
        url: "https://github.com/advisories/GHSA-aaaa-bbbb-cccc",
        severity: "high",
      },
    ],
  },
};
const entry = (expires: string) =>
  JSON.stringify({
    advisories: [
      {
        id: "GHSA-aaaa-bbbb-cccc",
        package: "somepkg",
        reason: "Only the CLI is affected; we call its parser.",
        reviewedBy: "security",
        expires,
      },
    ],
  });
const none = JSON.stringify({ advisories: [] });

describe("npm audit in the test command", () => {
  it("passes with no high or critical advisory; a moderate one does not fail", async () => {
    const moderate = { p: { severity: "moderate", via: [{ source: 1, url: "https://x/GHSA-1", severity: "moderate" }] } };
    expect(await main({ allowlist: none, run: report({}) })).toBe(0);
    expect(await main({ allowlist: none, run: report(moderate) })).toBe(0);
  });

  it("fails on a high advisory unless a reviewed entry that has not expired lists it; an expired entry fails by itself", async () => {
    vi.spyOn(console, "error").mockImplementation(() => undefined);
    expect(await main({ allowlist: none, run: report(high) })).toBe(1);
    expect(await main({ allowlist: entry("2027-01-31"), today: "2026-12-04", run: report(high) })).toBe(0);
    expect(await main({ allowlist: entry("2026-12-01"), today: "2026-12-04", run: report(high) })).toBe(1);
    expect(await main({ allowlist: entry("2026-12-01"), today: "2026-12-04", run: report({}) })).toBe(1);
  });

  it("says so and passes when the audit service cannot be asked", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const refused = async () => ({
      stdout: JSON.stringify({ message: "405 Method Not Allowed", statusCode: 405 }),
      stderr: "npm error audit endpoint returned an error",
    });
    expect(await main({ allowlist: none, run: refused })).toBe(0);
    expect(await main({ allowlist: none, run: async () => ({ stdout: "", stderr: "npm error code ENOTFOUND" }) })).toBe(0);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining("could not be asked"));
  });

  it("refuses an allow-list entry without a reason or expiry", async () => {
    await expect(main({ allowlist: JSON.stringify({ advisories: [{ id: "GHSA-x" }] }), run: report({}) })).rejects.toThrow();
  });
});
