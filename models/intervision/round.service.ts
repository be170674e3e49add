import type { z } from "zod";
import { loadGroupFor } from "../group/group.service";
import type { GroupAction } from "../group/group.policy";
import { activeMembers } from "../group/memberships";
import type { ServiceContext } from "../shared/context";
import { isDuplicateKey } from "../shared/duplicate-key";
import { DomainError, type ErrorCode } from "../shared/errors";
import { isObjectId } from "../shared/ids";
import { oid } from "../shared/oid";
import { spendSendBudget } from "../shared/send-budget";
import { turns } from "../shared/turns";
import { displayNames } from "../user/user.service";
import type { Protocol } from "./protocol.inputs";
import { MAX_MEMBERS } from "./protocol.steps";
import { builtInProtocols } from "./protocols/index";
import type { ActionPointDTO, RoundSummaryDTO, RoundViewDTO } from "./round.dto";
import { ASYNC_DAYS, CreateRoundInput, RoundActInput, RoundRef, type RoundAction } from "./round.inputs";
import { actionPointsIn, holderOf, initialState, reduce, remainingMs, stepsOf, type RefusalCode, type RoundState } from "./round.machine";
import { Round, RoundVersion, roundVersionId, type RoundRecord } from "./round.model";
import { notifyStepOpened } from "./round.notify";
import { viewOf, viewsOf, type RoundMeta } from "./round.view";
import { roundFinished } from "./round-record.service";

// Live rounds behind both doors (docs/decisions/031-round-state.md, 032-what-the-server-hides.md):
// the group's policy first (outsiders: not_found, a removed member at once), then the machine, then
// one unique insert of the next version, then each viewer's own projection to their room.

/** Reading a round is reading the group's content; taking part is writing in it (a closed group refuses). */
const READ: GroupAction = "group.content";
const TAKE_PART: GroupAction = "thread.post";
/** How often one action is tried again after another node committed the same version first. */
const MAX_ATTEMPTS = 20;
const CACHE_SIZE = 500;
/** `Round.head` (a hint for cold readers) is moved on once per this many versions (decision 046). */
const HEAD_EVERY = 10;

interface Cached {
  meta: RoundMeta;
  record: Pick<RoundRecord, "groupId">;
  state: RoundState;
}

/** This node's part: the newest state it knows per round (a hint: every commit is checked by the
 *  unique insert) and one queue per round, so this node's own actions do not race each other. */
export function createRoundNode() {
  return { rounds: new Map<string, Cached>(), inTurn: turns() };
}
export type RoundNode = ReturnType<typeof createRoundNode>;

const refusalCodes: Record<RefusalCode, ErrorCode> = {
  not_member: "forbidden",
  not_chair: "forbidden",
  no_right: "forbidden",
  inbrenger_muted: "forbidden",
  not_your_turn: "forbidden",
  not_inbrenger: "forbidden",
  not_found: "not_found",
  bad_kind: "invalid_input",
  due_needed: "invalid_input",
  bad_roles: "invalid_input",
  stale: "conflict",
  not_planned: "conflict",
  not_running: "conflict",
  first_step: "conflict",
  last_step: "conflict",
  no_loop: "conflict",
  loop_max: "conflict",
  no_choice: "conflict",
  choice_needed: "conflict",
  unknown_module: "conflict",
  paused: "conflict",
  not_paused: "conflict",
  time_up: "conflict",
  revealed: "conflict",
  not_hidden: "conflict",
  not_queue: "conflict",
  not_round_robin: "conflict",
  no_hand: "conflict",
  full: "conflict",
  not_async: "conflict",
};

/** The machine's refusal as both doors show it: the code, and the reason (`round_<reason>`, its own text). */
export const roundRefusal = (r: RefusalCode) =>
  new DomainError(refusalCodes[r], [{ path: "action", code: `round_${r}` }], { reason: `round_${r}` });

/** Input checked again in the service (both doors parsed it already): a refusal with the issues, never a throw of zod's. */
function parse<T>(schema: z.ZodType<T>, input: unknown): T {
  const r = schema.safeParse(input);
  if (!r.success)
    throw new DomainError(
      "invalid_input",
      r.error.issues.map((i) => ({ path: i.path.join("."), code: i.message })),
    );
  return r.data;
}

const metaOf = (r: RoundRecord): RoundMeta => ({
  id: String(r._id),
  groupId: String(r.groupId),
  caseQuestion: r.caseQuestion,
  whatIDid: r.whatIDid ?? null,
  lookBack: (r.lookBack as RoundMeta["lookBack"]) ?? null,
});

const readVersion = async (roundId: string, version: number) =>
  (await RoundVersion.findById(roundVersionId(roundId, version), { state: 1 }).lean())?.state as RoundState | undefined;

/** The newest stored state from `from` on: exact _id reads forward until one is missing (decision 012). */
async function newestFrom(roundId: string, from: RoundState): Promise<RoundState> {
  let s = from;
  for (;;) {
    const next = await readVersion(roundId, s.version + 1);
    if (!next) return s;
    s = next;
  }
}

/** The round (checked to belong to the group) and its newest state, from this node's memory or MongoDB.
 *  `readOn: false`: the state this node knows, unread (`checked` false); the caller's insert checks it. */
async function loadRound(ctx: ServiceContext, groupId: string, roundId: string, readOn = true): Promise<Cached & { checked: boolean }> {
  const cache = ctx.node.rounds.rounds;
  const known = cache.get(roundId);
  if (known) {
    if (String(known.record.groupId) !== groupId) throw new DomainError("not_found");
    if (!readOn) return { ...known, checked: false };
    const state = await newestFrom(roundId, known.state);
    // The inbrenger's decision rewrote the round (round-record.service.ts): its meta here is stale.
    if (state.record === known.state.record) return { ...known, state, checked: true };
    cache.delete(roundId);
  }
  if (!isObjectId(roundId)) throw new DomainError("not_found");
  const record = await Round.findById(roundId).lean();
  if (!record || String(record.groupId) !== groupId) throw new DomainError("not_found");
  const hinted = (await readVersion(roundId, record.head ?? 1)) ?? (await readVersion(roundId, 1));
  if (!hinted) throw new DomainError("not_found");
  const loaded: Cached = { meta: metaOf(record), record: { groupId: record.groupId }, state: await newestFrom(roundId, hinted) };
  remember(ctx, roundId, loaded);
  return { ...loaded, checked: true };
}

function remember(ctx: ServiceContext, roundId: string, c: Cached) {
  const cache = ctx.node.rounds.rounds;
  const known = cache.get(roundId);
  if (known && known.state.version > c.state.version) return;
  cache.delete(roundId);
  cache.set(roundId, c);
  if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value as string);
}

async function names(ctx: ServiceContext, s: RoundState, meta: RoundMeta) {
  return displayNames(ctx, [...s.members, ...(meta.lookBack ? [meta.lookBack.inbrengerId] : [])]);
}

/** Sends each seated member their own view, and the group's other members (watching) theirs; the
 *  views are computed together (decision 046). Returns `actor`'s view (the watchers' if not seated). */
async function publish(ctx: ServiceContext, c: Cached, actor: string): Promise<RoundViewDTO> {
  const n = await names(ctx, c.state, c.meta);
  const members = c.state.members;
  const views = viewsOf(c.state, c.meta, [...members, ""], n, Date.now());
  for (const [i, userId] of members.entries()) ctx.publisher.toRound(c.meta.groupId, c.meta.id, userId, "round:state", views[i]);
  ctx.publisher.toRound(c.meta.groupId, c.meta.id, null, "round:state", views[members.length]);
  const i = members.indexOf(actor);
  return i >= 0 ? views[i] : { ...views[members.length], you: { ...views[members.length].you, userId: actor } };
}

/** A new round of `protocol` for the group, planned (the chair starts it). Members: the given ones
 *  in seat order, or the group's active leaders and coaches; all must be active members. */
/** `opts.id`: the round's id when it must start once, such as a picked proposal's round (its id):
 *  a second start returns the round the first made. */
export async function createRound(ctx: ServiceContext, raw: CreateRoundInput, opts: { id?: string } = {}): Promise<{ id: string }> {
  const input = parse(CreateRoundInput, raw);
  await loadGroupFor(ctx.actor, input.groupId, TAKE_PART);
  await spendSendBudget(ctx);
  const protocol: Protocol | undefined =
    typeof input.protocol === "string" ? builtInProtocols().find((p) => p.id === input.protocol) : input.protocol;
  if (!protocol) throw new DomainError("invalid_input", [{ path: "protocol", code: "round_unknown_protocol" }]);
  const active = await activeMembers(input.groupId);
  const activeIds = new Set(active.map((m) => m.userId));
  const memberIds = input.memberIds ?? active.filter((m) => m.role !== "guest").map((m) => m.userId);
  const bad = (path: string, code = "round_not_a_member") => new DomainError("invalid_input", [{ path, code }]);
  if (new Set(memberIds).size !== memberIds.length || memberIds.some((m) => !activeIds.has(m))) throw bad("memberIds");
  if (memberIds.length < 2) throw bad("memberIds", "round_too_few_members");
  if (memberIds.length > MAX_MEMBERS) throw bad("memberIds", "too_long");
  if (!memberIds.includes(input.inbrengerId)) throw bad("inbrengerId");
  const chair =
    input.chairId ??
    (memberIds.includes(ctx.actor.id) && ctx.actor.id !== input.inbrengerId
      ? ctx.actor.id
      : memberIds.find((m) => m !== input.inbrengerId)!);
  if (!memberIds.includes(chair) || chair === input.inbrengerId) throw bad("chairId");

  const lookBack = await previousActionPoints(input.groupId);
  const now = Date.now();
  const days = input.mode === "async" ? (input.days ?? ASYNC_DAYS.default) : undefined;
  const state = initialState({ protocol, members: memberIds, roles: { inbrenger: input.inbrengerId, chair }, mode: input.mode, days, now });
  if (opts.id && (await Round.exists({ _id: oid(opts.id) }))) return { id: opts.id };
  const record = {
    ...(opts.id ? { _id: oid(opts.id) } : {}),
    groupId: oid(input.groupId),
    protocolId: protocol.id,
    protocolVersion: protocol.version,
    protocol,
    inbrengerId: oid(input.inbrengerId),
    createdBy: oid(ctx.actor.id),
    memberIds: state.members.map(oid),
    mode: input.mode,
    meetingId: input.meetingId ? oid(input.meetingId) : null,
    caseQuestion: input.caseQuestion,
    whatIDid: input.whatIDid ?? null,
    lookBack,
  };
  let round: { _id: unknown };
  try {
    round = await Round.create(record);
  } catch (e) {
    // Two starts of the same picked proposal at once: the first one's round stands.
    if (opts.id && isDuplicateKey(e)) return { id: opts.id };
    throw e;
  }
  const roundId = String(round._id);
  await RoundVersion.create({
    _id: roundVersionId(roundId, 1),
    roundId: round._id,
    version: 1,
    actorId: ctx.actor.id,
    action: "create",
    state,
  });
  ctx.publisher.toGroup(input.groupId, "round:listed", { groupId: input.groupId, roundId });
  return { id: roundId };
}

/** The group's latest round's inbrenger and their action points (null when it had none). */
async function previousActionPoints(groupId: string): Promise<RoundMeta["lookBack"]> {
  const [previous] = await Round.find({ groupId: oid(groupId) }, { _id: 1 })
    .sort({ createdAt: -1 })
    .limit(1)
    .lean();
  if (!previous) return null;
  const points = await actionPointsOf(String(previous._id));
  if (!points.length) return null;
  return { inbrengerId: points[0].inbrengerId, points: points.map((p) => ({ text: p.text, due: p.due })) };
}

/** The round as `ctx.actor` may see it now: a late joiner or a reconnecting client gets all of it. */
export async function getRoundView(ctx: ServiceContext, raw: { groupId: string; roundId: string }): Promise<RoundViewDTO> {
  // The group first: an outsider learns nothing, not even whether the round id is well formed.
  const { groupId } = parse(RoundRef.pick({ groupId: true }), { groupId: raw.groupId });
  await loadGroupFor(ctx.actor, groupId, READ);
  const roundId = String(raw.roundId);
  const c = await loadRound(ctx, groupId, roundId);
  remember(ctx, roundId, c);
  return viewOf(c.state, c.meta, ctx.actor.id, await names(ctx, c.state, c.meta), Date.now());
}

/** The round as the shared screen in the room shows it (decision 045): the view of a group member who
 *  is not seated, whoever opens it, so a projector never shows anything hidden or only one person's. */
export async function getScreenView(ctx: ServiceContext, raw: { groupId: string; roundId: string }): Promise<RoundViewDTO> {
  const { groupId } = parse(RoundRef.pick({ groupId: true }), { groupId: raw.groupId });
  await loadGroupFor(ctx.actor, groupId, READ);
  const c = await loadRound(ctx, groupId, String(raw.roundId));
  return viewOf(c.state, c.meta, "", await names(ctx, c.state, c.meta), Date.now());
}

/** One action on a live round: the policy, the machine, one unique insert of the next version
 *  (tried again on a newer state when another node committed first), then every viewer's view. */
export async function actOnRound(ctx: ServiceContext, raw: RoundActInput): Promise<RoundViewDTO> {
  const { groupId, roundId, action } = parse(RoundActInput, raw);
  await loadGroupFor(ctx.actor, groupId, TAKE_PART);
  if (action.type === "contribute") await spendSendBudget(ctx);
  const committed = await ctx.node.rounds.inTurn(roundId, () => commit(ctx, groupId, roundId, action));
  return (
    committed.view ?? viewOf(committed.state, committed.meta, ctx.actor.id, await names(ctx, committed.state, committed.meta), Date.now())
  );
}

/** Who acts on a state, and who the stored version names: the actor, or (the async scheduler) the
 *  round's chair, recorded as "scheduler" (decision 045). */
type Acting = (s: RoundState) => { actor: string; recorded: string; now?: number };
const asActor =
  (ctx: ServiceContext): Acting =>
  () => ({ actor: ctx.actor.id, recorded: ctx.actor.id });

async function commit(
  ctx: ServiceContext,
  groupId: string,
  roundId: string,
  action: RoundAction,
  as = asActor(ctx),
): Promise<Cached & { view?: RoundViewDTO }> {
  // The first try decides on the state this node knows without reading it again (decision 046):
  // the unique insert refuses it if another node moved on, and a refusal is only given after a read.
  let readOn = false;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const c = await loadRound(ctx, groupId, roundId, readOn);
    readOn = true;
    const by = as(c.state);
    const r = reduce(c.state, action, by.actor, by.now ?? Date.now());
    if ("refused" in r) {
      if (!c.checked) continue; // perhaps only refused by a state another node has moved on from
      throw roundRefusal(r.refused);
    }
    if (r.state === c.state) return c; // a repeated command: nothing to store
    try {
      await RoundVersion.create({
        _id: roundVersionId(roundId, r.state.version),
        roundId: oid(roundId),
        version: r.state.version,
        actorId: by.recorded,
        action: action.type,
        state: r.state,
      });
    } catch (e) {
      if (!isDuplicateKey(e)) throw e;
      continue; // another node stored this version first: read on, decide again
    }
    const done: Cached = { meta: c.meta, record: c.record, state: r.state };
    remember(ctx, roundId, done);
    // Only a hint for readers that start cold: they read on by _id from it (at most HEAD_EVERY reads more).
    if (r.state.version % HEAD_EVERY === 0)
      void Round.updateOne({ _id: roundId }, { $max: { head: r.state.version } }).catch(() => undefined);
    const view = await publish(ctx, done, by.actor);
    if (action.type === "finish") await roundFinished(ctx, groupId, roundId);
    // The step is stored: a failed notification must not report the action as failed (the job's repair writes it).
    if (r.state.visit !== c.state.visit) await notifyStepOpened(done.meta, r.state).catch(() => undefined);
    return { ...done, view };
  }
  throw new DomainError("conflict");
}

/** The group's rounds, newest first (the list's status from each round's newest state). */
export async function listRounds(ctx: ServiceContext, raw: { groupId: string }): Promise<RoundSummaryDTO[]> {
  const { groupId } = parse(RoundRef.pick({ groupId: true }), raw);
  await loadGroupFor(ctx.actor, groupId, READ);
  const records = await Round.find({ groupId: oid(groupId) }, { protocol: 0, whatIDid: 0, lookBack: 0 })
    .sort({ createdAt: -1 })
    .limit(100)
    .lean();
  const states = await Promise.all(records.map((r) => loadRound(ctx, groupId, String(r._id)).then((c) => c.state)));
  const n = await displayNames(
    ctx,
    records.map((r) => String(r.inbrengerId)),
  );
  return records.map((r, i) => ({
    id: String(r._id),
    protocolName: states[i].protocol.name,
    status: states[i].status,
    inbrengerName: n.get(states[i].roles.inbrenger) ?? "?",
    caseQuestion: r.caseQuestion,
    createdAt: r.createdAt.toISOString(),
  }));
}

/** A round's record and its newest stored state (null: no such round). Server-internal: the caller
 *  has authorised the reader. */
export async function storedRound(roundId: string): Promise<{ record: RoundRecord; state: RoundState } | null> {
  if (!isObjectId(roundId)) return null;
  const record = await Round.findById(roundId).lean();
  if (!record) return null;
  const hinted = (await readVersion(roundId, record.head ?? 1)) ?? (await readVersion(roundId, 1));
  return hinted ? { record, state: await newestFrom(roundId, hinted) } : null;
}

/** The inbrenger's action points of a round, as they stand now (for the inbrenger's action plan,
 *  and the next round's look back). Server-internal: the caller has authorised the reader. */
export async function actionPointsOf(roundId: string): Promise<ActionPointDTO[]> {
  const stored = await storedRound(roundId);
  if (!stored) return [];
  const { record, state: s } = stored;
  return actionPointsIn(s).map((p) => ({ roundId, groupId: String(record.groupId), inbrengerId: s.roles.inbrenger, ...p }));
}

/** The scheduler's step of an async round (decision 045): the step whose days are up moves on by the
 *  chair's own transition (`next`, or `finish` after the last step) on the version the job read, so
 *  of two nodes running the job one insert wins and the other is refused as stale. A step waiting
 *  for the group's choice stays. True when this call advanced the round. */
export async function advanceIfDue(ctx: Omit<ServiceContext, "actor">, roundId: string, now = Date.now()): Promise<boolean> {
  const record = await Round.findById(roundId, { groupId: 1 }).lean();
  if (!record) return false;
  const groupId = String(record.groupId);
  const job = { ...ctx, actor: { id: "scheduler", isOrganiser: false } };
  const c = await loadRound(job, groupId, roundId);
  const s = c.state;
  const step = stepsOf(s)[s.step];
  if (s.mode !== "async" || s.status !== "running" || !step || remainingMs(s, step, now) > 0) return false;
  const action: RoundAction = s.step >= stepsOf(s).length - 1 ? { type: "finish" } : { type: "next", seen: s.version };
  const chairOf = (x: RoundState) => {
    if (x.version !== s.version) throw roundRefusal("stale"); // decided on `s` only
    return { actor: holderOf(x, stepsOf(x)[x.step], "chair") ?? x.roles.chair, recorded: "scheduler", now };
  };
  try {
    await job.node.rounds.inTurn(roundId, () => commit(job, groupId, roundId, action, chairOf));
    return true;
  } catch (e) {
    if (e instanceof DomainError && e.code !== "not_found") return false; // another runner (or the chair) was first
    throw e;
  }
}

/** How far back the scheduler looks for async rounds still running (steps times days stays well within). */
const ASYNC_HORIZON_MS = 366 * 86_400_000;

/** The job "advance-async-rounds": every running async round whose step's days are up moves on, and
 *  the members of each open step have their notification (written once each; this repairs a node
 *  that stopped between a transition and its notifications). The count of rounds advanced. */
export async function advanceAsyncRounds(ctx: Omit<ServiceContext, "actor">, now = Date.now()): Promise<number> {
  const records = await Round.find({ mode: "async", createdAt: { $gte: new Date(now - ASYNC_HORIZON_MS) } }, { _id: 1, groupId: 1 })
    .sort({ createdAt: -1 })
    .limit(1000)
    .lean();
  let advanced = 0;
  for (const r of records) {
    const roundId = String(r._id);
    if (await advanceIfDue(ctx, roundId, now)) advanced++;
    const c = await loadRound({ ...ctx, actor: { id: "scheduler", isOrganiser: false } }, String(r.groupId), roundId);
    if (c.state.status === "running") await notifyStepOpened(c.meta, c.state);
  }
  return advanced;
}

// Export of one's own data (decision 049) ----------------------------------------------------------

/** What `userId` wrote in rounds: the case they brought (question, what they did) and their own
 *  contributions in each round's newest state, hidden ones included (they are theirs). */
export async function roundWritingOf(userId: string) {
  const rounds = await Round.find({ $or: [{ memberIds: oid(userId) }, { inbrengerId: oid(userId) }] }).lean();
  const out = [];
  for (const r of rounds) {
    const roundId = String(r._id);
    const hinted = (await readVersion(roundId, r.head ?? 1)) ?? (await readVersion(roundId, 1));
    const s = hinted ? await newestFrom(roundId, hinted) : null;
    const own = String(r.inbrengerId) === userId;
    out.push({
      roundId,
      groupId: String(r.groupId),
      caseQuestion: own ? r.caseQuestion : null,
      whatIDid: own ? r.whatIDid : null,
      contributions: (s?.contributions ?? [])
        .filter((c) => c.authorId === userId)
        .map((c) => ({ kind: c.kind, text: c.text, at: new Date(c.at).toISOString() })),
    });
  }
  return out;
}
