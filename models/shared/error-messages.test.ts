import { describe, expect, it } from "vitest";
import { errorMessage } from "./error-messages";

describe("errorMessage", () => {
  it.each([
    ["nl", 1, "Te veel pogingen. Probeer het over 1 seconde opnieuw."],
    ["nl", 30, "Te veel pogingen. Probeer het over 30 seconden opnieuw."],
    ["nl", 60, "Te veel pogingen. Probeer het over 1 minuut opnieuw."],
    ["nl", 899, "Te veel pogingen. Probeer het over 15 minuten opnieuw."],
    ["en", 1, "Too many attempts. Try again in 1 second."],
    ["en", 30, "Too many attempts. Try again in 30 seconds."],
    ["en", 61, "Too many attempts. Try again in 2 minutes."],
  ] as const)("%s: a rate_limited refusal with retryAfter %i says how long to wait", (locale, retryAfter, text) => {
    expect(errorMessage(locale, "rate_limited", { retryAfter })).toBe(text);
  });

  it("without a wait (or a senseless one) says only to wait a moment; other codes ignore it", () => {
    expect(errorMessage("nl", "rate_limited")).toBe("Te veel pogingen. Wacht even en probeer het dan opnieuw.");
    expect(errorMessage("en", "rate_limited", { retryAfter: "soon" })).toBe("Too many attempts. Please wait a moment and try again.");
    expect(errorMessage("en", "rate_limited", { retryAfter: 0 })).toBe("Too many attempts. Please wait a moment and try again.");
    expect(errorMessage("nl", "conflict", { retryAfter: 5 })).toBe(errorMessage("nl", "conflict"));
  });
});
