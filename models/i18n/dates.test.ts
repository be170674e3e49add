import { describe, expect, it } from "vitest";
import { DEFAULT_TIME_ZONE, formatDate, formatRelative, isTimeZone, toTimeZone } from "./dates";

// 13:05:09 UTC on a winter day: 14:05 in Brussels, 08:05 in New York.
const AT = "2026-03-02T13:05:09.000Z";

describe("formatDate", () => {
  it("writes each kind of date in the reader's zone and language", () => {
    const brussels = { locale: "nl", timeZone: "Europe/Brussels" } as const;
    expect(formatDate(AT, "moment", brussels)).toBe("2 mrt 2026, 14:05");
    expect(formatDate(AT, "day", brussels)).toBe("maandag 2 maart 2026");
    expect(formatDate(AT, "timestamp", brussels)).toBe("2/03/2026, 14:05:09");
    const ny = { locale: "en", timeZone: "America/New_York" } as const;
    expect(formatDate(AT, "moment", ny)).toBe("2 Mar 2026, 08:05");
    expect(formatDate(new Date(AT), "timestamp", ny)).toBe("02/03/2026, 08:05:09");
  });

  it("falls back to Brussels for a zone it does not know", () => {
    expect(isTimeZone("Mars/Olympus")).toBe(false);
    expect(isTimeZone({ $ne: 1 })).toBe(false);
    expect(isTimeZone("Asia/Tokyo")).toBe(true);
    expect(toTimeZone("Mars/Olympus")).toBe(DEFAULT_TIME_ZONE);
    expect(formatDate(AT, "moment", { locale: "nl", timeZone: "Mars/Olympus" })).toBe("2 mrt 2026, 14:05");
  });
});

describe("formatRelative", () => {
  const now = Date.parse(AT);
  const ago = (ms: number) => new Date(now - ms).toISOString();
  it.each([
    ["nl", 10_000, "zonet"],
    ["nl", 5 * 60_000, "5 min geleden"],
    ["en", 60_000, "1 min ago"],
    ["en", 3_600_000, "1 hour ago"],
    ["en", 2 * 3_600_000 + 5, "2 hours ago"],
    ["nl", 3 * 3_600_000, "3 uur geleden"],
  ] as const)("%s, %i ms ago: %s", (locale, ms, text) => {
    expect(formatRelative(ago(ms), now, { locale, timeZone: DEFAULT_TIME_ZONE })).toBe(text);
  });

  it("gives the moment itself from a day on", () => {
    expect(formatRelative(ago(25 * 3_600_000), now, { locale: "en", timeZone: "Europe/Brussels" })).toBe("1 Mar 2026, 13:05");
  });
});
