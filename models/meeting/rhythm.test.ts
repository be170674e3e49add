import { describe, expect, it } from "vitest";
import { atLocalHour, generatePlan, schoolYears } from "./rhythm";

const local = (d: Date) =>
  new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/Brussels", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(d);

describe("the rhythm's plan", () => {
  const plan = generatePlan(new Date("2026-09-01T12:00:00Z"), ["a", "b", "c"]);

  it("has nine contact days and two network moments a year, two coaching talks a year per leader", () => {
    for (const year of [1, 2]) {
      const of = (kind: string) => plan.filter((m) => m.year === year && m.kind === kind);
      expect(of("contact_day")).toHaveLength(9);
      expect(of("network_moment")).toHaveLength(2);
      expect(of("coaching_talk")).toHaveLength(6);
      for (const l of ["a", "b", "c"]) expect(of("coaching_talk").filter((m) => m.leaderId === l)).toHaveLength(2);
    }
    expect(plan.filter((m) => m.year > 2)).toHaveLength(0);
  });

  it("falls on weekdays, never in July or August, within the two school years", () => {
    for (const m of plan) {
      expect([0, 6]).not.toContain(m.startsAt.getUTCDay());
      expect([6, 7]).not.toContain(m.startsAt.getUTCMonth());
      expect(m.startsAt >= new Date("2026-09-01T00:00:00Z")).toBe(true);
      expect(m.startsAt < new Date("2028-07-01T00:00:00Z")).toBe(true);
    }
  });

  it("holds contact days from 09:00 to 16:00 Brussels time, in winter and in summer time", () => {
    const days = plan.filter((m) => m.kind === "contact_day");
    for (const m of days) expect([local(m.startsAt), local(m.endsAt)]).toEqual(["09:00", "16:00"]);
    expect(new Set(days.map((m) => m.startsAt.getUTCHours()))).toEqual(new Set([7, 8]));
  });

  it("spreads contact days: one in each ninth of the year, none twice on a day", () => {
    const days = plan.filter((m) => m.kind === "contact_day" && m.year === 1).map((m) => m.startsAt.getTime());
    expect(new Set(days).size).toBe(9);
    const gaps = days.slice(1).map((d, i) => (d - days[i]) / 86_400_000);
    for (const g of gaps) expect(g).toBeGreaterThan(25);
  });

  it("starts the first year on the start date; a summer start begins on 1 September", () => {
    expect(schoolYears(new Date("2027-01-15T12:00:00Z"))[0].from).toBe(Date.UTC(2027, 0, 15));
    expect(schoolYears(new Date("2027-01-15T12:00:00Z"))[1].to).toBe(Date.UTC(2028, 5, 30));
    expect(schoolYears(new Date("2026-07-20T12:00:00Z"))[0].from).toBe(Date.UTC(2026, 8, 1));
    const late = generatePlan(new Date("2027-03-01T12:00:00Z"), []);
    expect(late.filter((m) => m.year === 1 && m.kind === "contact_day")).toHaveLength(9);
    expect(late.every((m) => m.startsAt >= new Date("2027-03-01T00:00:00Z"))).toBe(true);
  });

  it("converts a wall-clock hour on the day summer time starts", () => {
    expect(atLocalHour(Date.UTC(2027, 2, 28), 9, "Europe/Brussels").toISOString()).toBe("2027-03-28T07:00:00.000Z");
    expect(atLocalHour(Date.UTC(2027, 0, 4), 9, "Europe/Brussels").toISOString()).toBe("2027-01-04T08:00:00.000Z");
  });
});
