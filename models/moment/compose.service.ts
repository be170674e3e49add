// Composing a moment's breakouts (issue 16 item 3, decision 068): the facilitator's preview by the
// block's rule, storing it (Breakout and BreakoutSeat records), moving one person, seating a late
// arrival by the same rule, and a participant's theme choice. Every write returns who moved from
// which breakout to which: the live part moves their sockets.
import { Group } from "../group/group.model";
import { activeMembers } from "../group/memberships";
import type { ServiceContext } from "../shared/context";
import { isDuplicateKey } from "../shared/duplicate-key";
import { DomainError } from "../shared/errors";
import { oid } from "../shared/oid";
import { parseInput } from "../shared/parse";
import { Trajectory } from "../trajectory/trajectory.model";
import { User } from "../user/user.model";
import { compose, placeLate, type ComposedBreakout, type CompositionWarning, type Participant } from "./compose";
import type {
  ComposeBreakoutDTO,
  ComposePageDTO,
  ComposePersonDTO,
  ComposeWarningDTO,
  SeatMoveDTO,
  StoredCompositionDTO,
  ThemeChoiceDTO,
} from "./compose.dto";
import {
  ChooseThemeInput,
  ComposeTargetInput,
  LateArrivalInput,
  MoveSeatInput,
  PreviewCompositionInput,
  StoreCompositionInput,
} from "./compose.inputs";
import { ThemeChoice } from "./compose.model";
import { seatsMoved } from "./live.seats";
import { loadMomentFor, type LoadedMoment } from "./moment.access";
import type { CompositionRule } from "./moment.constants";
import { Breakout, BreakoutSeat, seatId, type BreakoutRecord, type MomentRecord } from "./moment.model";

/** People per breakout when the plan names none. */
const DEFAULT_SIZE = 4;

const invalid = (reason: string, path = "assignment") => new DomainError("invalid_input", [{ path, code: reason }], { reason });

/** The block, a breakout block of the moment; anything else does not exist. */
function breakoutBlock(moment: MomentRecord, blockId: string) {
  const block = moment.blocks.find((b) => b._id === blockId && b.kind === "breakouts");
  if (!block) throw new DomainError("not_found");
  return {
    id: block._id,
    title: block.title,
    rule: (block.rule ?? "mixed") as CompositionRule,
    size: block.size ?? DEFAULT_SIZE,
    themes: [...(block.themes ?? [])],
  };
}
type Block = ReturnType<typeof breakoutBlock>;

interface Person extends Participant {
  name: string;
}

/** Who is composed: the invited groups' active leaders and coaches, each once (their first invited
 *  group is their home), without the facilitators (they visit every breakout). */
async function participantsOf(moment: MomentRecord, block: Block): Promise<Person[]> {
  const [members, trajectory, choices] = await Promise.all([
    Promise.all(moment.groupIds.map(async (g) => ({ groupId: String(g), members: await activeMembers(g) }))),
    Trajectory.findById(moment.trajectoryId, { organiserIds: 1 }).lean(),
    block.rule === "theme" ? ThemeChoice.find({ momentId: moment._id, blockId: block.id }, { userId: 1, theme: 1 }).lean() : [],
  ]);
  const facilitators = new Set([...moment.facilitatorIds, ...(trajectory?.organiserIds ?? [])].map(String));
  const home = new Map<string, string>();
  for (const g of members)
    for (const m of g.members)
      if ((m.role === "leader" || m.role === "coach") && !facilitators.has(m.userId) && !home.has(m.userId)) home.set(m.userId, g.groupId);
  const chosen = new Map(choices.filter((c) => block.themes.includes(c.theme)).map((c) => [String(c.userId), c.theme]));
  const users = await Promise.all(
    [...home.keys()].map((id) => User.findById(id, { name: 1, email: 1, careerPhase: 1, schoolLevel: 1 }).lean()),
  );
  return users.flatMap((u) =>
    u
      ? [
          {
            userId: String(u._id),
            name: u.name || u.email,
            homeGroupId: home.get(String(u._id))!,
            careerPhase: (u.careerPhase ?? "") as Participant["careerPhase"],
            schoolLevel: (u.schoolLevel ?? "") as Participant["schoolLevel"],
            theme: chosen.get(String(u._id)) ?? null,
          },
        ]
      : [],
  );
}

/** The block's stored breakouts (by index) and seats. */
async function storedOf(momentId: unknown, blockId: string) {
  const [breakouts, seats] = await Promise.all([
    Breakout.find({ momentId, blockId }).lean() as Promise<BreakoutRecord[]>,
    BreakoutSeat.find({ momentId, blockId }, { userId: 1, breakoutId: 1 }).lean(),
  ]);
  breakouts.sort((a, b) => a.index - b.index);
  return { breakouts, seats };
}

/** The stored breakouts with their seated participants, anyone not seated placed as a late arrival. */
function fromStored(stored: Awaited<ReturnType<typeof storedOf>>, people: Person[], rule: CompositionRule): ComposedBreakout[] {
  const byId = new Map(people.map((p) => [p.userId, p]));
  const at = new Map(stored.breakouts.map((b, i) => [String(b._id), i]));
  const out = stored.breakouts.map((b) => ({ theme: b.theme ?? null, members: [] as Participant[] }));
  const seated = new Set<string>();
  for (const s of stored.seats) {
    const p = byId.get(String(s.userId));
    const i = at.get(String(s.breakoutId));
    if (p && i !== undefined) {
      out[i].members.push(p);
      seated.add(p.userId);
    }
  }
  for (const p of people) if (!seated.has(p.userId)) out[placeLate(out, p, rule)].members.push(p);
  return out.map((b) => ({ theme: b.theme, userIds: b.members.map((m) => m.userId) }));
}

async function loadBlock(ctx: ServiceContext, momentId: string, blockId: string, need: "view" | "facilitate") {
  const loaded = await loadMomentFor(ctx.actor, momentId, need);
  return { loaded, block: breakoutBlock(loaded.moment, blockId) };
}

/** The compose page: the stored composition, or (none stored, or a re-roll with `seed`) a proposal by
 *  the block's rule, with names, home groups and profile fields. Facilitators only. */
export async function previewComposition(ctx: ServiceContext, raw: unknown): Promise<ComposePageDTO> {
  const input = parseInput(PreviewCompositionInput, raw);
  const { loaded, block } = await loadBlock(ctx, input.momentId, input.blockId, "facilitate");
  const [people, stored] = await Promise.all([participantsOf(loaded.moment, block), storedOf(loaded.moment._id, block.id)]);
  const fromStore = input.seed === undefined && stored.breakouts.length > 0;
  const seed = input.seed ?? 1;
  const composed = fromStore
    ? { breakouts: fromStored(stored, people, block.rule), warnings: [] as CompositionWarning[] }
    : compose(people, block.rule, block.size, { seed, themes: block.themes });
  const groupIds = [...new Set(people.map((p) => p.homeGroupId))];
  const groups = await Promise.all(groupIds.map((id) => Group.findById(id, { name: 1 }).lean()));
  const groupName = new Map(groups.flatMap((g) => (g ? [[String(g._id), g.name] as const] : [])));
  const byId = new Map(people.map((p) => [p.userId, p]));
  const person = (id: string): ComposePersonDTO => {
    const p = byId.get(id)!;
    const { userId, name, homeGroupId, careerPhase, schoolLevel, theme } = p;
    return { userId, name, homeGroupId, homeGroupName: groupName.get(homeGroupId) ?? "", careerPhase, schoolLevel, theme };
  };
  const breakouts: ComposeBreakoutDTO[] = composed.breakouts.map((b, i) => ({
    index: i + 1,
    theme: b.theme,
    members: b.userIds.map(person),
  }));
  const warnings: ComposeWarningDTO[] = composed.warnings.map((w) =>
    w.kind === "same_group"
      ? {
          kind: w.kind,
          breakout: w.breakout + 1,
          homeGroupName: groupName.get(w.homeGroupId) ?? "",
          names: [byId.get(w.userIds[0])!.name, byId.get(w.userIds[1])!.name],
        }
      : { kind: w.kind, breakout: w.breakout + 1, name: byId.get(w.userId)!.name },
  );
  return {
    moment: { id: String(loaded.moment._id), title: loaded.moment.title },
    block: { id: block.id, title: block.title, rule: block.rule, size: block.size, themes: block.themes },
    seed,
    stored: fromStore,
    breakouts,
    warnings,
  };
}

/** Puts a seat where it belongs: inserted if new (a racing insert read back), moved if elsewhere. */
async function putSeat(momentId: unknown, blockId: string, userId: string, breakoutId: string): Promise<SeatMoveDTO | null> {
  const _id = seatId(momentId, blockId, userId);
  const seat = await BreakoutSeat.findById(_id, { breakoutId: 1 }).lean();
  if (!seat) {
    try {
      await BreakoutSeat.create({ _id, momentId, blockId, userId: oid(userId), breakoutId: oid(breakoutId) });
      return { userId, from: null, to: breakoutId };
    } catch (e) {
      if (!isDuplicateKey(e)) throw e;
      return putSeat(momentId, blockId, userId, breakoutId);
    }
  }
  if (String(seat.breakoutId) === breakoutId) return null;
  await BreakoutSeat.updateOne({ _id }, { $set: { breakoutId: oid(breakoutId), at: new Date() } });
  return { userId, from: String(seat.breakoutId), to: breakoutId };
}

/** The block's breakout at `index`, made if missing (a unique insert: a racing store's is read back). */
async function breakoutAt(momentId: unknown, blockId: string, index: number, theme: string | null, existing?: BreakoutRecord) {
  if (existing) {
    if ((existing.theme ?? null) !== theme) await Breakout.updateOne({ _id: existing._id }, { $set: { theme } });
    return String(existing._id);
  }
  try {
    return String((await Breakout.create({ momentId, blockId, index, theme }))._id);
  } catch (e) {
    if (!isDuplicateKey(e)) throw e;
    const made = await Breakout.findOne({ momentId, blockId, index }).lean();
    if (!made) throw e;
    return breakoutAt(momentId, blockId, index, theme, made as BreakoutRecord);
  }
}

/** Stores the facilitator's breakouts: every id a participant, each once; participants it misses are
 *  placed by the block's rule; empty breakouts dropped. Storing the same again writes nothing; a
 *  changed assignment moves seats. Returns the breakouts and who moved. */
export async function storeComposition(ctx: ServiceContext, raw: unknown): Promise<StoredCompositionDTO> {
  const input = parseInput(StoreCompositionInput, raw);
  const { loaded, block } = await loadBlock(ctx, input.momentId, input.blockId, "facilitate");
  const stored = await storeAssignment(loaded, block, input.assignment);
  await seatsMoved(ctx, loaded.moment, block.id, stored.moved);
  return stored;
}

/**
 * Opening the block's breakouts (the live moment, once its state says open): the composition the
 * facilitator stored on the compose page (anyone it misses placed by the block's rule), else one by
 * the block's rule. Publishes nothing: the opener moves everyone into their rooms (live.service.ts).
 */
export async function composeForOpening(ctx: ServiceContext, momentId: string, blockId: string): Promise<StoredCompositionDTO> {
  const proposal = await previewComposition(ctx, { momentId, blockId });
  const { loaded, block } = await loadBlock(ctx, momentId, blockId, "facilitate");
  return storeAssignment(
    loaded,
    block,
    proposal.breakouts.map((b) => ({ theme: b.theme, userIds: b.members.map((m) => m.userId) })),
  );
}

async function storeAssignment(loaded: LoadedMoment, block: Block, assignment: { theme: string | null; userIds: string[] }[]) {
  const people = await participantsOf(loaded.moment, block);
  const byId = new Map(people.map((p) => [p.userId, p]));
  const placed = new Set<string>();
  for (const b of assignment) {
    if (b.theme !== null && !block.themes.includes(b.theme)) throw invalid("moment_compose_unknown_theme");
    for (const id of b.userIds) {
      if (!byId.has(id)) throw invalid("moment_compose_not_participant");
      if (placed.has(id)) throw invalid("moment_compose_placed_twice");
      placed.add(id);
    }
  }
  const wanted = assignment
    .filter((b) => b.userIds.length > 0)
    .map((b) => ({ theme: block.rule === "theme" ? b.theme : null, members: b.userIds.map((id) => byId.get(id)!) }));
  if (wanted.length === 0 && people.length > 0) wanted.push({ theme: null, members: [] });
  for (const p of people) if (!placed.has(p.userId)) wanted[placeLate(wanted, p, block.rule)].members.push(p);
  return writeComposition(loaded, block, wanted);
}

async function writeComposition(loaded: LoadedMoment, block: Block, wanted: { theme: string | null; members: Participant[] }[]) {
  const momentId = loaded.moment._id;
  const stored = await storedOf(momentId, block.id);
  const ids: string[] = [];
  for (const [i, b] of wanted.entries()) {
    ids.push(
      await breakoutAt(
        momentId,
        block.id,
        i + 1,
        b.theme,
        stored.breakouts.find((s) => s.index === i + 1),
      ),
    );
  }
  const moved: SeatMoveDTO[] = [];
  const seatedNow = new Set<string>();
  for (const [i, b] of wanted.entries())
    for (const p of b.members) {
      seatedNow.add(p.userId);
      const move = await putSeat(momentId, block.id, p.userId, ids[i]);
      if (move) moved.push(move);
    }
  // Seats of people no longer in the moment, then the breakouts nobody sits in any more.
  for (const s of stored.seats)
    if (!seatedNow.has(String(s.userId))) {
      await BreakoutSeat.deleteOne({ _id: seatId(momentId, block.id, s.userId) });
      moved.push({ userId: String(s.userId), from: String(s.breakoutId), to: null });
    }
  for (const b of stored.breakouts) if (b.index > wanted.length) await Breakout.deleteOne({ _id: b._id });
  return { breakouts: wanted.map((b, i) => ({ id: ids[i], index: i + 1, theme: b.theme })), moved };
}

/** Moves one participant to another stored breakout of the block (facilitators only). */
export async function moveSeat(ctx: ServiceContext, raw: unknown): Promise<{ moved: SeatMoveDTO[] }> {
  const input = parseInput(MoveSeatInput, raw);
  const { loaded, block } = await loadBlock(ctx, input.momentId, input.blockId, "facilitate");
  const breakout = await Breakout.findById(input.breakoutId).lean();
  if (!breakout || String(breakout.momentId) !== String(loaded.moment._id) || breakout.blockId !== block.id)
    throw new DomainError("not_found");
  const people = await participantsOf(loaded.moment, block);
  if (!people.some((p) => p.userId === input.userId)) throw invalid("moment_compose_not_participant", "userId");
  const move = await putSeat(loaded.moment._id, block.id, input.userId, input.breakoutId);
  const moved = move ? [move] : [];
  await seatsMoved(ctx, loaded.moment, block.id, moved);
  return { moved };
}

/** Seats a participant who has no seat yet in the block's stored breakouts, by the block's rule (the
 *  participant themself or a facilitator asks). Null when nothing is stored yet; an existing seat is
 *  kept (no move). */
export async function seatLateArrival(
  ctx: ServiceContext,
  momentId: string,
  blockId: string,
  userId: string,
): Promise<{ breakoutId: string; moved: SeatMoveDTO[] } | null> {
  const input = parseInput(LateArrivalInput, { momentId, blockId, userId });
  const { loaded, block } = await loadBlock(ctx, input.momentId, input.blockId, "view");
  if (loaded.role !== "facilitator" && ctx.actor.id !== input.userId) throw new DomainError("forbidden");
  const seat = await BreakoutSeat.findById(seatId(loaded.moment._id, block.id, input.userId), { breakoutId: 1 }).lean();
  if (seat) return { breakoutId: String(seat.breakoutId), moved: [] };
  const [people, stored] = await Promise.all([participantsOf(loaded.moment, block), storedOf(loaded.moment._id, block.id)]);
  const late = people.find((p) => p.userId === input.userId);
  if (!late) throw invalid("moment_compose_not_participant", "userId");
  if (stored.breakouts.length === 0) return null;
  const byId = new Map(people.map((p) => [p.userId, p]));
  const existing = stored.breakouts.map((b) => ({
    theme: b.theme ?? null,
    members: stored.seats.filter((s) => String(s.breakoutId) === String(b._id)).flatMap((s) => byId.get(String(s.userId)) ?? []),
  }));
  const to = String(stored.breakouts[placeLate(existing, late, block.rule)]._id);
  const move = await putSeat(loaded.moment._id, block.id, input.userId, to);
  // A racing call seated them first: theirs stands.
  if (move) await seatsMoved(ctx, loaded.moment, block.id, [move]);
  const now = move ? to : String((await BreakoutSeat.findById(seatId(loaded.moment._id, block.id, input.userId)).lean())?.breakoutId);
  return { breakoutId: now, moved: move ? [move] : [] };
}

/** A participant's theme choice for a "theme" block: the themes and what they chose; null for any other block. */
export async function themeChoiceFor(ctx: ServiceContext, raw: unknown): Promise<ThemeChoiceDTO | null> {
  const input = parseInput(ComposeTargetInput, raw);
  const { loaded, block } = await loadBlock(ctx, input.momentId, input.blockId, "view");
  if (block.rule !== "theme" || loaded.role !== "participant") return null;
  const choice = await ThemeChoice.findById(seatId(loaded.moment._id, block.id, ctx.actor.id)).lean();
  const chosen = choice && block.themes.includes(choice.theme) ? choice.theme : null;
  return { momentId: String(loaded.moment._id), blockId: block.id, themes: block.themes, chosen };
}

/** Records (or changes) the participant's theme for a "theme" block: one record per participant and
 *  block, by a unique insert; a change is a $set on its _id by its owner only. */
export async function chooseTheme(ctx: ServiceContext, raw: unknown): Promise<ThemeChoiceDTO> {
  const input = parseInput(ChooseThemeInput, raw);
  const { loaded, block } = await loadBlock(ctx, input.momentId, input.blockId, "view");
  if (loaded.role !== "participant") throw new DomainError("forbidden");
  if (block.rule !== "theme" || !block.themes.includes(input.theme)) throw invalid("moment_compose_unknown_theme", "theme");
  const _id = seatId(loaded.moment._id, block.id, ctx.actor.id);
  try {
    await ThemeChoice.create({ _id, momentId: loaded.moment._id, blockId: block.id, userId: oid(ctx.actor.id), theme: input.theme });
  } catch (e) {
    if (!isDuplicateKey(e)) throw e;
    await ThemeChoice.updateOne({ _id }, { $set: { theme: input.theme, at: new Date() } });
  }
  return { momentId: String(loaded.moment._id), blockId: block.id, themes: block.themes, chosen: input.theme };
}
