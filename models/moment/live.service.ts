import type { ServiceContext } from "../shared/context";
import { ignoreDuplicateKey, isDuplicateKey } from "../shared/duplicate-key";
import { DomainError, type ErrorCode } from "../shared/errors";
import { oid } from "../shared/oid";
import { parseInput } from "../shared/parse";
import { spendSendBudget } from "../shared/send-budget";
import { displayNames } from "../user/user.service";
import { composeForOpening, seatLateArrival } from "./compose.service";
import type { SeatMoveDTO } from "./compose.dto";
import type { HandsDTO, LiveStateDTO, LiveViewDTO, MomentMessageDTO, PollResultDTO, PollResults } from "./live.dto";
import {
  LIVE_LIMITS,
  LiveActInput,
  MomentChatInput,
  MomentHandInput,
  MomentRef,
  normaliseWord,
  PollAnswerInput,
  type LiveAction,
} from "./live.inputs";
import { reduceLive, type LivePoll, type LiveRefusal, type LiveState, type Programme } from "./live.machine";
import { MomentHand, MomentHandEnd, MomentLiveVersion, MomentMessage, MomentPollAnswer, liveVersionId, pollAnswerId } from "./live.model";
import { loadMomentFor, type LoadedMoment } from "./moment.access";
import { MAX_MOMENT_HANDS, type MomentRole } from "./moment.constants";
import { Breakout, type MomentRecord } from "./moment.model";
import { breakoutViews, newestState } from "./live.seats";

// The live moment behind both doors (docs/decisions/069-live-moment-state.md, 070, 071): the gate
// (moment.access.ts) first, then the machine, then one unique insert of the next version, then the
// moment's rooms hear of it. Breakout rooms are joined by moving the participants' sockets on every
// node (publisher.joinBreakout), never by a client asking.

/** How often one action is tried again after another facilitator committed the same version first. */
const MAX_ATTEMPTS = 20;

const refusalCodes: Record<LiveRefusal, ErrorCode> = {
  stale: "conflict",
  not_live: "conflict",
  started: "conflict",
  first_block: "conflict",
  last_block: "conflict",
  not_breakouts: "conflict",
  breakouts_open: "conflict",
  no_breakouts: "conflict",
  no_poll: "conflict",
  poll_closed: "conflict",
  too_many_polls: "conflict",
};

/** A refusal as both doors show it: the code and the reason (`moment_live_<reason>`, its own text). */
const liveRefusal = (
  r: LiveRefusal | "answered" | "no_hand" | "bad_answer",
  code: ErrorCode = r in refusalCodes ? refusalCodes[r as LiveRefusal] : "conflict",
) => new DomainError(code, [{ path: "action", code: `moment_live_${r}` }], { reason: `moment_live_${r}` });

const programmeOf = (m: MomentRecord): Programme => m.blocks.map((b) => ({ id: b._id, kind: b.kind, minutes: b.minutes }));

const stateDTO = (momentId: string, s: LiveState): LiveStateDTO => ({
  momentId,
  version: s.version,
  status: s.status,
  block: s.block,
  blockStartedAt: s.blockStartedAt,
  timerEndsAt: s.timerEndsAt,
  breakouts: s.breakouts,
  broadcast: s.broadcast,
  polls: s.polls.map(({ id, kind, question, options, open, hidden }) => ({ id, kind, question, options, open, hidden })),
  serverNow: Date.now(),
});

// Transitions ----------------------------------------------------------------------------------

/** One facilitator's action: the machine on the newest state, one unique insert of the next version
 *  (read again and decided again when another node committed first), then the rooms hear of it. */
export async function actOnMoment(ctx: ServiceContext, raw: LiveActInput): Promise<LiveStateDTO> {
  const { momentId, action } = parseInput(LiveActInput, raw);
  const { moment } = await loadMomentFor(ctx.actor, momentId, "facilitate");
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const s = await newestState(momentId);
    const r = reduceLive(s, action, programmeOf(moment), Date.now());
    if ("refused" in r) throw liveRefusal(r.refused);
    if (r.state === s) return stateDTO(momentId, s); // the same command again: nothing to store
    try {
      await MomentLiveVersion.create({
        _id: liveVersionId(momentId, r.state.version),
        momentId: oid(momentId),
        version: r.state.version,
        actorId: ctx.actor.id,
        action: action.type,
        state: r.state,
      });
    } catch (e) {
      if (!isDuplicateKey(e)) throw e;
      continue;
    }
    // Only the facilitator whose version stood composes the breakouts (compose.service.ts), so two
    // opening at once store one composition; a page reading in between is seated as a late arrival.
    const moved = r.state.breakouts && !s.breakouts ? (await composeForOpening(ctx, momentId, r.state.breakouts.blockId)).moved : [];
    await published(ctx, moment, s, r.state, action, moved);
    return stateDTO(momentId, r.state);
  }
  throw new DomainError("conflict");
}

/** After a commit: sockets moved into (or out of) the breakout rooms, then the new state to everyone. */
async function published(
  ctx: ServiceContext,
  moment: MomentRecord,
  before: LiveState,
  after: LiveState,
  action: LiveAction,
  moved: readonly SeatMoveDTO[],
) {
  const momentId = String(moment._id);
  const p = ctx.publisher;
  // Someone the opening moved out of a breakout the compose page had them in loses that board.
  for (const m of moved) if (m.from) p.leaveBoard(m.userId, m.from);
  if (before.breakouts && before.breakouts.blockId !== after.breakouts?.blockId) {
    const left = await Breakout.find({ momentId: moment._id, blockId: before.breakouts.blockId }, { _id: 1 }).lean();
    for (const b of left) p.leaveBreakout(String(b._id));
  }
  if (after.breakouts && !before.breakouts) {
    const views = await breakoutViews(ctx, moment, after.breakouts.blockId);
    for (const v of views) {
      for (const m of v.members) p.joinBreakout(m.userId, v.id);
      // After the joins (the adapter keeps one node's requests in order): each sees their own room.
      p.toBreakout(v.id, "moment:breakout", v);
    }
    p.toMoment(momentId, "facilitators", "moment:breakouts", { momentId, breakouts: views });
  }
  p.toMoment(momentId, "all", "moment:state", stateDTO(momentId, after));
  if (action.type === "poll_reveal") {
    const poll = after.polls.find((x) => x.id === action.pollId);
    if (poll) p.toMoment(momentId, "all", "moment:poll", await resultOf(momentId, poll));
  }
}

// Polls ----------------------------------------------------------------------------------------

/** The aggregate of one poll's answers (never who answered what). */
function aggregate(poll: LivePoll, answers: unknown[]): PollResults {
  switch (poll.kind) {
    case "single": {
      const counts = poll.options.map(() => 0);
      for (const a of answers) if (typeof a === "number" && a < counts.length) counts[a]++;
      return { kind: "single", counts };
    }
    case "scale": {
      const counts = [0, 0, 0, 0, 0];
      for (const a of answers) if (typeof a === "number" && a >= 1 && a <= 5) counts[a - 1]++;
      const n = counts.reduce((x, y) => x + y, 0);
      return { kind: "scale", counts, mean: n ? Math.round((counts.reduce((x, c, i) => x + c * (i + 1), 0) / n) * 10) / 10 : null };
    }
    case "words": {
      const counts = new Map<string, number>();
      for (const a of answers)
        for (const w of Array.isArray(a) ? a : []) if (typeof w === "string") counts.set(w, (counts.get(w) ?? 0) + 1);
      const words = [...counts].map(([word, count]) => ({ word, count }));
      words.sort((x, y) => y.count - x.count || x.word.localeCompare(y.word));
      return { kind: "words", words: words.slice(0, 60) };
    }
    case "open":
      return { kind: "open", answers: answers.filter((a): a is string => typeof a === "string").reverse() };
  }
}

async function resultOf(momentId: string, poll: LivePoll): Promise<PollResultDTO> {
  const answers = await MomentPollAnswer.find({ momentId: oid(momentId), pollId: poll.id }, { answer: 1 })
    .sort({ at: 1 })
    .lean();
  return {
    momentId,
    pollId: poll.id,
    count: answers.length,
    results: aggregate(
      poll,
      answers.map((a) => a.answer),
    ),
  };
}

/** What one viewer sees of a poll's result: a hidden poll's aggregate is the facilitators' until revealed. */
const asSeenBy = (role: MomentRole, poll: LivePoll, r: PollResultDTO): PollResultDTO =>
  poll.hidden && role !== "facilitator" ? { ...r, results: null } : r;

/** An answer checked against its poll's kind (a scale 1-5, a choice among the options, words counted normalised). */
function answerFor(poll: LivePoll, answer: unknown): unknown {
  const bad = () => liveRefusal("bad_answer", "invalid_input");
  switch (poll.kind) {
    case "single":
      if (typeof answer !== "number" || answer >= poll.options.length) throw bad();
      return answer;
    case "scale":
      if (typeof answer !== "number" || answer < 1 || answer > 5) throw bad();
      return answer;
    case "words": {
      if (!Array.isArray(answer)) throw bad();
      const words = [...new Set(answer.map((w) => normaliseWord(String(w))).filter(Boolean))];
      if (!words.length || words.some((w) => w.length > LIVE_LIMITS.word)) throw bad();
      return words;
    }
    case "open":
      if (typeof answer !== "string") throw bad();
      return answer;
  }
}

/** One answer per participant per open poll (a unique insert: a second is refused), then the aggregate to the room. */
export async function answerPoll(ctx: ServiceContext, raw: PollAnswerInput): Promise<PollResultDTO> {
  const input = parseInput(PollAnswerInput, raw);
  const { role } = await loadMomentFor(ctx.actor, input.momentId, "view");
  const s = await newestState(input.momentId);
  const poll = s.polls.find((p) => p.id === input.pollId);
  if (!poll) throw liveRefusal("no_poll");
  if (s.status !== "live") throw liveRefusal("not_live");
  if (!poll.open) throw liveRefusal("poll_closed");
  const answer = answerFor(poll, input.answer);
  try {
    await MomentPollAnswer.create({
      _id: pollAnswerId(input.momentId, poll.id, ctx.actor.id),
      momentId: oid(input.momentId),
      pollId: poll.id,
      userId: oid(ctx.actor.id),
      answer,
    });
  } catch (e) {
    if (isDuplicateKey(e)) throw liveRefusal("answered");
    throw e;
  }
  const result = await resultOf(input.momentId, poll);
  if (poll.hidden) {
    ctx.publisher.toMoment(input.momentId, "participants", "moment:poll", asSeenBy("participant", poll, result));
    ctx.publisher.toMoment(input.momentId, "facilitators", "moment:poll", result);
  } else ctx.publisher.toMoment(input.momentId, "all", "moment:poll", result);
  return asSeenBy(role, poll, result);
}

// Chat -----------------------------------------------------------------------------------------

async function messageDTO(ctx: ServiceContext, m: { _id: string; momentId: unknown; userId: unknown; text: string; at: Date }) {
  const names = await displayNames(ctx, [m.userId]);
  return {
    id: m._id,
    momentId: String(m.momentId),
    userId: String(m.userId),
    name: names.get(String(m.userId)) ?? "?",
    text: m.text,
    at: m.at.getTime(),
  };
}

/** A chat message to the whole moment (the send budget of forms and sockets alike; a retry stores nothing twice). */
export async function sendMomentMessage(ctx: ServiceContext, raw: MomentChatInput): Promise<MomentMessageDTO> {
  const input = parseInput(MomentChatInput, raw);
  await loadMomentFor(ctx.actor, input.momentId, "view");
  if ((await newestState(input.momentId)).status === "ended") throw liveRefusal("not_live");
  const _id = `${input.momentId}:${ctx.actor.id}:${input.clientId}`;
  const known = await MomentMessage.findById(_id).lean();
  if (known) return messageDTO(ctx, known);
  await spendSendBudget(ctx);
  let stored: { _id: string; momentId: unknown; userId: unknown; text: string; at: Date };
  try {
    stored = (await MomentMessage.create({ _id, momentId: oid(input.momentId), userId: oid(ctx.actor.id), text: input.text })).toObject();
  } catch (e) {
    if (!isDuplicateKey(e)) throw e;
    return messageDTO(ctx, (await MomentMessage.findById(_id).lean())!);
  }
  const dto = await messageDTO(ctx, stored);
  ctx.publisher.toMoment(input.momentId, "all", "moment:message", dto);
  return dto;
}

// Raised hands ---------------------------------------------------------------------------------

/** The open hands (raised, not lowered, taken or cleared), oldest first. */
async function openHands(momentId: string) {
  const [hands, ends] = await Promise.all([
    MomentHand.find({ momentId: oid(momentId) })
      .sort({ at: 1 })
      .limit(MAX_MOMENT_HANDS)
      .lean(),
    MomentHandEnd.find({ momentId: oid(momentId) }, { _id: 1 })
      .limit(MAX_MOMENT_HANDS)
      .lean(),
  ]);
  const ended = new Set(ends.map((e) => e._id));
  return { all: hands, open: hands.filter((h) => !ended.has(h._id)) };
}

async function handsDTO(ctx: ServiceContext, momentId: string, open: { _id: string; userId: unknown; at: Date }[]): Promise<HandsDTO> {
  const names = await displayNames(
    ctx,
    open.map((h) => h.userId),
  );
  return {
    momentId,
    queue: open.map((h) => ({ id: h._id, userId: String(h.userId), name: names.get(String(h.userId)) ?? "?", at: h.at.getTime() })),
  };
}

/** Raise or lower one's hand; a facilitator takes one or clears the queue. Each a unique insert; the queue to the room. */
export async function handOnMoment(ctx: ServiceContext, raw: MomentHandInput): Promise<HandsDTO> {
  const input = parseInput(MomentHandInput, raw);
  const facilitating = input.op === "take" || input.op === "clear";
  await loadMomentFor(ctx.actor, input.momentId, facilitating ? "facilitate" : "view");
  const momentId = input.momentId;
  if ((await newestState(momentId)).status !== "live") throw liveRefusal("not_live");
  const { all, open } = await openHands(momentId);
  const end = (ids: string[], how: "lowered" | "taken" | "cleared") =>
    Promise.all(
      ids.map((_id) => MomentHandEnd.create({ _id, momentId: oid(momentId), by: oid(ctx.actor.id), how }).catch(ignoreDuplicateKey)),
    );
  const mine = open.filter((h) => String(h.userId) === ctx.actor.id).map((h) => h._id);
  if (input.op === "raise" && !mine.length) {
    if (all.length >= MAX_MOMENT_HANDS) throw new DomainError("rate_limited");
    const n = all.filter((h) => String(h.userId) === ctx.actor.id).length + 1;
    await MomentHand.create({ _id: `${momentId}:${ctx.actor.id}:${n}`, momentId: oid(momentId), userId: oid(ctx.actor.id) }).catch(
      ignoreDuplicateKey,
    );
  }
  if (input.op === "lower") await end(mine, "lowered");
  if (input.op === "take") {
    if (!open.some((h) => h._id === input.handId)) throw liveRefusal("no_hand");
    await end([input.handId], "taken");
  }
  if (input.op === "clear")
    await end(
      open.map((h) => h._id),
      "cleared",
    );
  const dto = await handsDTO(ctx, momentId, (await openHands(momentId)).open);
  ctx.publisher.toMoment(momentId, "all", "moment:hands", dto);
  return dto;
}

// The whole view -------------------------------------------------------------------------------

/**
 * The moment as the actor may see it now: a joiner, a reconnecting page or one after a restart gets
 * all of it. `onAccess` runs once the gate let the actor in and before anything is read (the socket
 * door joins the moment's rooms there, so nothing published after the read is missed).
 */
export async function getLiveView(
  ctx: ServiceContext,
  raw: { momentId: string },
  onAccess?: (loaded: LoadedMoment) => Promise<void> | void,
): Promise<LiveViewDTO> {
  const { momentId } = parseInput(MomentRef, raw);
  const loaded = await loadMomentFor(ctx.actor, momentId, "view");
  await onAccess?.(loaded);
  const { moment, role } = loaded;
  const s = await newestState(momentId);
  // Joining after the breakouts opened: seated by the block's rule (seatLateArrival moves their sockets in).
  if (s.breakouts && role === "participant") await seatLateArrival(ctx, momentId, s.breakouts.blockId, ctx.actor.id);
  const [answers, messages, hands, views] = await Promise.all([
    s.polls.length
      ? MomentPollAnswer.find({ momentId: oid(momentId) }, { pollId: 1, userId: 1, answer: 1 })
          .sort({ at: 1 })
          .lean()
      : [],
    MomentMessage.find({ momentId: oid(momentId) })
      .sort({ at: -1 })
      .limit(LIVE_LIMITS.chatShown)
      .lean(),
    openHands(momentId),
    s.breakouts ? breakoutViews(ctx, moment, s.breakouts.blockId) : [],
  ]);
  const results = s.polls.map((poll) => {
    const of = answers.filter((a) => a.pollId === poll.id).map((a) => a.answer);
    return asSeenBy(role, poll, { momentId, pollId: poll.id, count: of.length, results: aggregate(poll, of) });
  });
  return {
    moment: {
      id: momentId,
      title: moment.title,
      startsAt: moment.startsAt.toISOString(),
      place: moment.place ?? "",
      agenda: moment.agenda ?? "",
      blocks: moment.blocks.map((b) => ({ id: b._id, kind: b.kind, title: b.title, minutes: b.minutes, protocolId: b.protocolId ?? null })),
    },
    role,
    userId: ctx.actor.id,
    state: stateDTO(momentId, s),
    results,
    answered: [...new Set(answers.filter((a) => String(a.userId) === ctx.actor.id).map((a) => a.pollId))],
    messages: await Promise.all(messages.reverse().map((m) => messageDTO(ctx, m))),
    hands: await handsDTO(ctx, momentId, hands.open),
    breakout: views.find((v) => v.members.some((m) => m.userId === ctx.actor.id)) ?? null,
    breakouts: role === "facilitator" ? views : [],
  };
}
