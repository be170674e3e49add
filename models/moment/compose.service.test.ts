// Composing breakouts through the service (issue 16 item 3, decision 068): only facilitators
// compose, outsiders learn nothing, storing is idempotent, a changed assignment and a move report
// who moved, a late arrival is seated by the rule, theme choices are one per participant.
import { describe, expect, it } from "vitest";
import { addMembership, buildUser, ctxFor } from "../../test/factories";
import { composeScene } from "../../test/compose-scene";
import { Breakout, BreakoutSeat, seatId } from "./moment.model";
import { ThemeChoice } from "./compose.model";
import { chooseTheme, moveSeat, previewComposition, seatLateArrival, storeComposition, themeChoiceFor } from "./compose.service";
import type { ComposePageDTO } from "./compose.dto";

const assignmentOf = (page: ComposePageDTO) => page.breakouts.map((b) => ({ theme: b.theme, userIds: b.members.map((m) => m.userId) }));

describe("composing breakouts: who may", () => {
  it("the organiser and a named facilitator preview; a participant is refused; outsiders, another trajectory's organiser and a missing block learn nothing", async () => {
    const s = await composeScene();
    const target = { momentId: s.momentId, blockId: "tables" };
    for (const who of [s.organiser, s.named]) expect((await previewComposition(ctxFor(who), target)).breakouts.length).toBe(3);
    await expect(previewComposition(ctxFor(s.participants[0]), target)).rejects.toMatchObject({ code: "forbidden" });
    await expect(
      storeComposition(ctxFor(s.participants[0]), { ...target, assignment: [{ theme: null, userIds: [] }] }),
    ).rejects.toMatchObject({
      code: "forbidden",
    });
    for (const who of [s.outsider.leaders[0], s.outsider.organiser]) {
      await expect(previewComposition(ctxFor(who), target)).rejects.toMatchObject({ code: "not_found" });
      await expect(storeComposition(ctxFor(who), { ...target, assignment: [{ theme: null, userIds: [] }] })).rejects.toMatchObject({
        code: "not_found",
      });
    }
    for (const blockId of ["opening", "nope"])
      await expect(previewComposition(ctxFor(s.organiser), { momentId: s.momentId, blockId })).rejects.toMatchObject({ code: "not_found" });
    expect(await Breakout.countDocuments()).toBe(0);
  });
});

describe("composing breakouts: preview and store", () => {
  it("mixed: the nine participants (not the facilitators) in three breakouts of three, one of each group in each", async () => {
    const s = await composeScene();
    const page = await previewComposition(ctxFor(s.organiser), { momentId: s.momentId, blockId: "tables" });
    expect(page).toMatchObject({ stored: false, seed: 1, block: { rule: "mixed", size: 3 } });
    const ids = page.breakouts.flatMap((b) => b.members.map((m) => m.userId));
    expect(new Set(ids)).toEqual(new Set(s.participants.map((u) => String(u._id))));
    expect(ids).toHaveLength(9);
    for (const b of page.breakouts)
      expect(new Set(b.members.map((m) => m.homeGroupName))).toEqual(new Set(["Groep A", "Groep B", "Groep C"]));
    expect(page.warnings).toEqual([]);
    // Re-roll: another seed, the same guarantees.
    const again = await previewComposition(ctxFor(s.organiser), { momentId: s.momentId, blockId: "tables", seed: 2 });
    expect(again.seed).toBe(2);
  });

  it("storing writes breakouts and seats once: the same again changes nothing; a changed assignment moves exactly those seats", async () => {
    const s = await composeScene();
    const ctx = ctxFor(s.named);
    const target = { momentId: s.momentId, blockId: "tables" };
    const page = await previewComposition(ctx, target);
    const first = await storeComposition(ctx, { ...target, assignment: assignmentOf(page) });
    expect(first.breakouts.map((b) => b.index)).toEqual([1, 2, 3]);
    expect(first.moved).toHaveLength(9);
    expect(first.moved.every((m) => m.from === null)).toBe(true);
    const again = await storeComposition(ctx, { ...target, assignment: assignmentOf(page) });
    expect(again).toEqual({ breakouts: first.breakouts, moved: [] });
    expect(await Breakout.countDocuments({ momentId: s.momentId })).toBe(3);
    expect(await BreakoutSeat.countDocuments({ momentId: s.momentId })).toBe(9);

    // Swap the first members of breakouts 1 and 2.
    const changed = assignmentOf(page);
    const [x, y] = [changed[0].userIds[0], changed[1].userIds[0]];
    [changed[0].userIds[0], changed[1].userIds[0]] = [y, x];
    const swapped = await storeComposition(ctx, { ...target, assignment: changed });
    expect(swapped.moved).toEqual(
      expect.arrayContaining([
        { userId: y, from: first.breakouts[1].id, to: first.breakouts[0].id },
        { userId: x, from: first.breakouts[0].id, to: first.breakouts[1].id },
      ]),
    );
    expect(swapped.moved).toHaveLength(2);
    const stored = await previewComposition(ctx, target);
    expect(stored.stored).toBe(true);
    const sorted = (a: { userIds: string[] }[]) => a.map((b) => [...b.userIds].sort());
    expect(sorted(assignmentOf(stored))).toEqual(sorted(changed));

    // Two breakouts instead of three: the third is gone, its people moved.
    const two = [{ theme: null, userIds: [...changed[0].userIds, ...changed[2].userIds] }, changed[1]];
    const fewer = await storeComposition(ctx, { ...target, assignment: two });
    expect(fewer.moved.map((m) => m.to)).toEqual(Array(3).fill(first.breakouts[0].id));
    expect(await Breakout.countDocuments({ momentId: s.momentId })).toBe(2);
  });

  it("refuses a stranger's id, someone placed twice and an unknown theme, and writes nothing", async () => {
    const s = await composeScene();
    const ctx = ctxFor(s.organiser);
    const target = { momentId: s.momentId, blockId: "tables" };
    const page = await previewComposition(ctx, target);
    const ok = assignmentOf(page);
    const bad = [
      [{ ...ok[0], userIds: [...ok[0].userIds, String(s.outsider.leaders[0]._id)] }, ...ok.slice(1)],
      [{ ...ok[0], userIds: [...ok[0].userIds, ok[1].userIds[0]] }, ...ok.slice(1)],
      [{ ...ok[0], theme: "Sport" }, ...ok.slice(1)],
      [{ theme: null, userIds: ["not-an-id"] }],
    ];
    for (const assignment of bad)
      await expect(storeComposition(ctx, { ...target, assignment })).rejects.toMatchObject({ code: "invalid_input" });
    expect(await Breakout.countDocuments()).toBe(0);
    expect(await BreakoutSeat.countDocuments()).toBe(0);
  });

  it("a participant the assignment misses is placed by the rule", async () => {
    const s = await composeScene();
    const ctx = ctxFor(s.organiser);
    const target = { momentId: s.momentId, blockId: "tables" };
    const ok = assignmentOf(await previewComposition(ctx, target));
    const missing = ok[0].userIds.pop()!;
    const out = await storeComposition(ctx, { ...target, assignment: ok });
    expect(out.moved.find((m) => m.userId === missing)?.to).toBe(out.breakouts[0].id);
  });
});

describe("composing breakouts: moving one person and late arrivals", () => {
  it("a facilitator moves one seat and is told who moved; a breakout of another block is not found; a participant may not move anyone", async () => {
    const s = await composeScene();
    const ctx = ctxFor(s.organiser);
    const target = { momentId: s.momentId, blockId: "tables" };
    const stored = await storeComposition(ctx, { ...target, assignment: assignmentOf(await previewComposition(ctx, target)) });
    const who = (await BreakoutSeat.findOne({ breakoutId: stored.breakouts[0].id }).lean())!.userId;
    const move = { ...target, userId: String(who), breakoutId: stored.breakouts[2].id };
    expect(await moveSeat(ctx, move)).toEqual({
      moved: [{ userId: String(who), from: stored.breakouts[0].id, to: stored.breakouts[2].id }],
    });
    expect(await moveSeat(ctx, move)).toEqual({ moved: [] });
    expect(String((await BreakoutSeat.findById(seatId(s.momentId, "tables", who)).lean())?.breakoutId)).toBe(stored.breakouts[2].id);
    await expect(moveSeat(ctx, { ...move, blockId: "themes" })).rejects.toMatchObject({ code: "not_found" });
    await expect(moveSeat(ctxFor(s.participants[0]), move)).rejects.toMatchObject({ code: "forbidden" });
    await expect(moveSeat(ctxFor(s.outsider.leaders[0]), move)).rejects.toMatchObject({ code: "not_found" });
  });

  it("a late arrival is seated by the rule (a breakout without their group-mates if there is one), once", async () => {
    const s = await composeScene();
    const ctx = ctxFor(s.organiser);
    const target = { momentId: s.momentId, blockId: "tables" };
    // Two breakouts: the first of three (one per group), the second of six (two per group).
    const ok = assignmentOf(await previewComposition(ctx, target));
    const stored = await storeComposition(ctx, {
      ...target,
      assignment: [ok[0], { theme: null, userIds: [...ok[1].userIds, ...ok[2].userIds] }],
    });
    expect(await seatLateArrival(ctx, s.momentId, "themes", String(s.participants[0]._id))).toBeNull();
    const late = await buildUser();
    await addMembership(s.groups[1], late, { role: "leader", status: "active" });
    const seated = await seatLateArrival(ctxFor(late), s.momentId, "tables", String(late._id));
    // Breakout 1 (three people, one from B) is smaller than breakout 2 (six, two from B): both have B; fewest B wins.
    expect(seated).toEqual({
      breakoutId: stored.breakouts[0].id,
      moved: [{ userId: String(late._id), from: null, to: stored.breakouts[0].id }],
    });
    expect(await seatLateArrival(ctxFor(late), s.momentId, "tables", String(late._id))).toEqual({
      breakoutId: stored.breakouts[0].id,
      moved: [],
    });
    // Another participant may not seat someone else.
    await expect(seatLateArrival(ctxFor(s.participants[1]), s.momentId, "tables", String(late._id))).rejects.toMatchObject({
      code: "forbidden",
    });
  });
});

describe("choosing a theme", () => {
  it("a participant chooses and changes their theme (one record); facilitators and other blocks refuse; the preview follows the choices", async () => {
    const s = await composeScene();
    const target = { momentId: s.momentId, blockId: "themes" };
    const p = s.participants;
    expect(await themeChoiceFor(ctxFor(p[0]), target)).toEqual({ ...target, themes: ["Taal", "Welzijn"], chosen: null });
    expect(await chooseTheme(ctxFor(p[0]), { ...target, theme: "Welzijn" })).toMatchObject({ chosen: "Welzijn" });
    expect(await chooseTheme(ctxFor(p[0]), { ...target, theme: "Taal" })).toMatchObject({ chosen: "Taal" });
    expect(await ThemeChoice.countDocuments()).toBe(1);
    expect(await themeChoiceFor(ctxFor(p[0]), target)).toMatchObject({ chosen: "Taal" });
    await expect(chooseTheme(ctxFor(p[0]), { ...target, theme: "Sport" })).rejects.toMatchObject({ code: "invalid_input" });
    await expect(chooseTheme(ctxFor(p[0]), { momentId: s.momentId, blockId: "tables", theme: "Taal" })).rejects.toMatchObject({
      code: "invalid_input",
    });
    await expect(chooseTheme(ctxFor(s.named), { ...target, theme: "Taal" })).rejects.toMatchObject({ code: "forbidden" });
    await expect(chooseTheme(ctxFor(s.outsider.leaders[0]), { ...target, theme: "Taal" })).rejects.toMatchObject({ code: "not_found" });
    // Two more choose Taal: the Taal breakout holds the three of them.
    for (const u of [p[3], p[6]]) await chooseTheme(ctxFor(u), { ...target, theme: "Taal" });
    const page = await previewComposition(ctxFor(s.organiser), target);
    const taal = page.breakouts.find((b) => b.theme === "Taal")!;
    expect(new Set(taal.members.map((m) => m.userId))).toEqual(new Set([p[0], p[3], p[6]].map((u) => String(u._id))));
    // Concurrent first choices of one participant leave one record.
    await Promise.all(["Taal", "Welzijn", "Taal"].map((theme) => chooseTheme(ctxFor(p[1]), { ...target, theme })));
    expect(await ThemeChoice.countDocuments({ userId: p[1]._id })).toBe(1);
  });
});
