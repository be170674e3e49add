// Preparing an intervision round (issue 13 item 2, decision 033): members propose a case (the case
// question against its criteria, a short context, and for the incident method a "what I did" part
// only its author sees until the round reveals it), the group raises hands, the coach or the chair
// confirms the checklist and picks one, planned for a meeting or to start now. What a pick gives
// the round engine is a RoundStart (roundStartFor).
import { can } from "../group/group.policy";
import { loadGroupFor } from "../group/group.service";
import { activeMembers } from "../group/memberships";
import { getProtocolVersion, isArchived, listGroupProtocols, resolveProtocol } from "../intervision/protocol.service";
import type { Protocol } from "../intervision/protocol.inputs";
import { Round } from "../intervision/round.model";
import { createRound } from "../intervision/round.service";
import { Meeting } from "../meeting/meeting.model";
import type { ServiceContext } from "../shared/context";
import { ignoreDuplicateKey, isDuplicateKey, retryOnDuplicate } from "../shared/duplicate-key";
import { DomainError } from "../shared/errors";
import { parseInput as parse } from "../shared/parse";
import { oid } from "../shared/oid";
import { Notification } from "../thread/thread.model";
import { displayNames } from "../user/user.service";
import { CaseHiddenPart, CasePick, CaseProposal, CaseVote } from "./prep.model";
import { GroupPrepInput, PickCaseInput, ProposalTargetInput, ProposeCaseInput, UpdateProposalInput, VoteCaseInput } from "./prep.inputs";

/** What starting a round takes (the round engine's `create`): the protocol as a built-in id or the
 *  exact snapshot of a group copy at the version fixed by the pick. */
export interface RoundStart {
  groupId: string;
  protocol: string | Protocol;
  inbrengerId: string;
  caseQuestion: string;
  meetingId?: string;
  /** The proposal, whose hidden part the engine fetches at its revealing phase (hiddenPartForRound). */
  proposalId: string;
}

export interface ProposalDTO {
  id: string;
  authorId: string;
  authorName: string;
  protocolId: string;
  protocolName: { nl: string; en: string };
  question: string;
  context: string;
  /** The names of the members whose hand is up for it now. */
  voters: string[];
  mine: boolean;
  /** The protocol reveals a prepared part in one of its phases (the author may write one). */
  hasRevealPhase: boolean;
  /** Its author's own "what I did"; always null in anyone else's view. */
  whatIDid: string | null;
  createdAt: string;
}

export interface PickedDTO extends Omit<ProposalDTO, "voters"> {
  startNow: boolean;
  meeting: { id: string; title: string; kind: string; startsAt: string } | null;
  /** The round started from it (its id is the proposal's), once someone started it. */
  roundId: string | null;
  pickedAt: string;
}

export interface PrepDTO {
  open: ProposalDTO[];
  picked: PickedDTO[];
  /** The proposal the actor's hand is up for, if any. */
  myVote: string | null;
  canPropose: boolean;
  canPick: boolean;
  /** The protocols a proposal may name: built-in ones and the group's copies that are not archived. */
  protocols: { id: string; name: { nl: string; en: string }; reveals: boolean }[];
  meetings: { id: string; title: string; kind: string; startsAt: string }[];
}

const revealsPart = (p: Protocol) => p.phases.some((ph) => ph.reveals === "what_i_did");

/** Each active member's vote now: the highest numbered row of their raised hands (a member who left no longer counts). */
async function currentVotes(groupId: string): Promise<Map<string, { n: number; proposalId: string | null }>> {
  const [rows, members] = await Promise.all([
    CaseVote.find({ groupId: oid(groupId) }, { userId: 1, n: 1, proposalId: 1 }).lean(),
    activeMembers(groupId),
  ]);
  const active = new Set(members.map((m) => m.userId));
  const votes = new Map<string, { n: number; proposalId: string | null }>();
  for (const r of rows) {
    const u = String(r.userId);
    if (!active.has(u)) continue;
    if ((votes.get(u)?.n ?? 0) < r.n) votes.set(u, { n: r.n, proposalId: r.proposalId ? String(r.proposalId) : null });
  }
  return votes;
}

const upcomingMeetings = async (groupId: string, now: Date) =>
  (await Meeting.find({ groupId: oid(groupId), status: "planned", endsAt: { $gte: now } }, { title: 1, kind: 1, startsAt: 1 }).lean())
    .filter((m) => m.kind !== "coaching_talk")
    .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime())
    .map((m) => ({ id: String(m._id), title: m.title, kind: m.kind, startsAt: m.startsAt.toISOString() }));

/** The preparation page: open proposals with the hands raised for each, the picked ones with their
 *  plan, and what the actor may do. A proposal's hidden part only in its author's own view. */
export async function listPreparation(ctx: ServiceContext, input: unknown, now = new Date()): Promise<PrepDTO> {
  const { groupId } = parse(GroupPrepInput, input);
  const { access } = await loadGroupFor(ctx.actor, groupId, "group.content");
  const [proposals, picks, votes, protocols, meetings] = await Promise.all([
    CaseProposal.find({ groupId: oid(groupId) }).lean(),
    CasePick.find({ groupId: oid(groupId) }).lean(),
    currentVotes(groupId),
    listGroupProtocols(ctx, groupId),
    upcomingMeetings(groupId, now),
  ]);
  const mine = proposals.filter((p) => String(p.authorId) === ctx.actor.id).map((p) => String(p._id));
  // Only the actor's own hidden parts are read at all.
  const hidden = mine.length ? await CaseHiddenPart.find({ _id: { $in: mine }, authorId: oid(ctx.actor.id) }).lean() : [];
  const hiddenOf = new Map(hidden.map((h) => [String(h._id), h.text]));
  const names = await displayNames(ctx, [...proposals.map((p) => p.authorId), ...[...votes.keys()]]);
  const allProtocols = [...protocols.builtIns, ...protocols.copies.map((c) => c.protocol)];
  const protocolOf = new Map(allProtocols.map((p) => [p.id, p]));
  const pickOf = new Map(picks.map((p) => [String(p._id), p]));
  const dto = (p: (typeof proposals)[number]): ProposalDTO => {
    const id = String(p._id);
    const protocol = protocolOf.get(p.protocolId);
    const own = String(p.authorId) === ctx.actor.id;
    return {
      id,
      authorId: String(p.authorId),
      authorName: names.get(String(p.authorId)) ?? "",
      protocolId: p.protocolId,
      protocolName: protocol?.name ?? { nl: p.protocolId, en: p.protocolId },
      question: p.question,
      context: p.context,
      voters: [...votes]
        .filter(([, v]) => v.proposalId === id)
        .map(([u]) => names.get(u) ?? "")
        .sort((a, b) => a.localeCompare(b, "nl")),
      mine: own,
      hasRevealPhase: !!protocol && revealsPart(protocol),
      whatIDid: own ? (hiddenOf.get(id) ?? "") : null,
      createdAt: p.createdAt.toISOString(),
    };
  };
  const allMeetings = new Map(meetings.map((m) => [m.id, m]));
  const pickedMeetingIds = picks.flatMap((p) => (p.meetingId && !allMeetings.has(String(p.meetingId)) ? [p.meetingId] : []));
  if (pickedMeetingIds.length)
    for (const m of await Meeting.find({ _id: { $in: pickedMeetingIds } }, { title: 1, kind: 1, startsAt: 1 }).lean())
      allMeetings.set(String(m._id), { id: String(m._id), title: m.title, kind: m.kind, startsAt: m.startsAt.toISOString() });
  const byNewest = (a: { createdAt: string }, b: { createdAt: string }) => b.createdAt.localeCompare(a.createdAt);
  // A picked proposal's round has the proposal's id (startPickedRound).
  const started = new Set(
    picks.length ? (await Round.find({ _id: { $in: picks.map((p) => p._id) } }, { _id: 1 }).lean()).map((r) => String(r._id)) : [],
  );
  const myVote = votes.get(ctx.actor.id)?.proposalId ?? null;
  return {
    open: proposals
      .filter((p) => !pickOf.has(String(p._id)))
      .map(dto)
      .sort((a, b) => b.voters.length - a.voters.length || byNewest(a, b)),
    picked: proposals
      .filter((p) => pickOf.has(String(p._id)))
      .map((p) => {
        const pick = pickOf.get(String(p._id))!;
        const { voters: _, ...rest } = dto(p);
        return {
          ...rest,
          startNow: pick.startNow,
          meeting: pick.meetingId ? (allMeetings.get(String(pick.meetingId)) ?? null) : null,
          pickedAt: pick.at.toISOString(),
          roundId: started.has(String(p._id)) ? String(p._id) : null,
        };
      })
      .sort((a, b) => b.pickedAt.localeCompare(a.pickedAt)),
    myVote: myVote && proposals.some((p) => String(p._id) === myVote && !pickOf.has(myVote)) ? myVote : null,
    canPropose: can(access, "prep.propose"),
    canPick: can(access, "prep.pick"),
    protocols: [
      ...protocols.builtIns.map((p) => ({ id: p.id, name: p.name, reveals: revealsPart(p) })),
      ...protocols.copies
        .filter((c) => !c.archived)
        .map((c) => ({ id: c.protocol.id, name: c.protocol.name, reveals: revealsPart(c.protocol) })),
    ],
    meetings,
  };
}

/** A protocol a new proposal may name: built-in, or a group copy that is not archived. */
async function protocolForProposal(groupId: string, protocolId: string) {
  const found = await resolveProtocol(groupId, protocolId);
  if (!found || (found.copy && (await isArchived(groupId, protocolId))))
    throw new DomainError("invalid_input", [{ path: "protocolId", code: "prep_unknown_protocol" }]);
  return found;
}

/** One "case_proposed" notification per active member but the author (mailed per their choice). */
async function notifyProposal(ctx: ServiceContext, groupId: string, proposalId: string) {
  const docs = (await activeMembers(groupId))
    .filter((m) => m.userId !== ctx.actor.id)
    .map((m) => ({
      _id: `${m.userId}:case:${proposalId}`,
      userId: oid(m.userId),
      groupId: oid(groupId),
      proposalId: oid(proposalId),
      kind: "case_proposed" as const,
    }));
  if (docs.length) await Notification.insertMany(docs, { ordered: false }).catch(ignoreDuplicateKey);
}

async function writeHiddenPart(groupId: string, proposalId: string, authorId: string, text: string) {
  if (!text) await CaseHiddenPart.deleteOne({ _id: proposalId });
  else
    await retryOnDuplicate(() =>
      CaseHiddenPart.updateOne({ _id: proposalId }, { $set: { groupId: oid(groupId), authorId: oid(authorId), text } }, { upsert: true }),
    );
}

/** A member proposes a case; the group is notified. The hidden part is kept only when the protocol reveals one. */
export async function proposeCase(ctx: ServiceContext, input: unknown): Promise<{ id: string }> {
  const v = parse(ProposeCaseInput, input);
  await loadGroupFor(ctx.actor, v.groupId, "prep.propose");
  const { protocol } = await protocolForProposal(v.groupId, v.protocolId);
  const proposal = await CaseProposal.create({
    groupId: oid(v.groupId),
    authorId: oid(ctx.actor.id),
    protocolId: v.protocolId,
    question: v.question,
    context: v.context,
  });
  const id = String(proposal._id);
  if (revealsPart(protocol)) await writeHiddenPart(v.groupId, id, ctx.actor.id, v.whatIDid);
  await notifyProposal(ctx, v.groupId, id);
  return { id };
}

/** An open proposal of the group that the actor wrote (not_found for anyone else's: they may not change it). */
async function ownOpenProposal(ctx: ServiceContext, groupId: string, proposalId: string) {
  await loadGroupFor(ctx.actor, groupId, "prep.propose");
  const p = await CaseProposal.findById(proposalId);
  if (!p || String(p.groupId) !== groupId || String(p.authorId) !== ctx.actor.id) throw new DomainError("not_found");
  if (await CasePick.exists({ _id: proposalId })) throw new DomainError("conflict", undefined, { reason: "prep_already_picked" });
  return p;
}

/** Its author changes an open proposal: question, context, hidden part. */
export async function updateProposal(ctx: ServiceContext, input: unknown): Promise<void> {
  const v = parse(UpdateProposalInput, input);
  const p = await ownOpenProposal(ctx, v.groupId, v.proposalId);
  p.question = v.question;
  p.context = v.context;
  await p.save();
  const found = await resolveProtocol(v.groupId, p.protocolId);
  if (found && revealsPart(found.protocol)) await writeHiddenPart(v.groupId, v.proposalId, ctx.actor.id, v.whatIDid);
}

/** Its author withdraws an open proposal (and its hidden part). */
export async function withdrawProposal(ctx: ServiceContext, input: unknown): Promise<void> {
  const v = parse(ProposalTargetInput, input);
  await ownOpenProposal(ctx, v.groupId, v.proposalId);
  await CaseHiddenPart.deleteOne({ _id: v.proposalId });
  await CaseProposal.deleteOne({ _id: oid(v.proposalId) });
}

/** Raises the actor's hand for an open proposal (or lowers it: proposalId ""). One vote per member:
 *  the vote is the member's next numbered row, a unique insert; of two at once one is the later. */
export async function voteCase(ctx: ServiceContext, input: unknown): Promise<void> {
  const v = parse(VoteCaseInput, input);
  await loadGroupFor(ctx.actor, v.groupId, "prep.propose");
  if (v.proposalId) {
    const p = await CaseProposal.findById(v.proposalId, { groupId: 1 }).lean();
    if (!p || String(p.groupId) !== v.groupId) throw new DomainError("not_found");
    if (await CasePick.exists({ _id: v.proposalId })) throw new DomainError("conflict", undefined, { reason: "prep_already_picked" });
  }
  const want = v.proposalId || null;
  for (let attempt = 0; attempt < 10; attempt++) {
    const last = await CaseVote.find({ groupId: oid(v.groupId), userId: oid(ctx.actor.id) }, { n: 1, proposalId: 1 })
      .sort({ n: -1 })
      .limit(1)
      .lean();
    if ((last[0]?.proposalId ? String(last[0].proposalId) : null) === want) return;
    const n = (last[0]?.n ?? 0) + 1;
    try {
      await CaseVote.create({
        _id: `${v.groupId}:${ctx.actor.id}:${n}`,
        groupId: oid(v.groupId),
        userId: oid(ctx.actor.id),
        n,
        proposalId: want ? oid(want) : null,
      });
      return;
    } catch (e) {
      if (!isDuplicateKey(e)) throw e;
    }
  }
  throw new DomainError("conflict");
}

/** The coach or the chair confirms the checklist and picks a proposal, for one of the group's
 *  upcoming meetings or to start now. The protocol's version is fixed here. Picked once (a unique
 *  insert keyed by the proposal); gives what starting the round takes. */
export async function pickCase(ctx: ServiceContext, input: unknown, now = new Date()): Promise<RoundStart> {
  const v = parse(PickCaseInput, input);
  await loadGroupFor(ctx.actor, v.groupId, "prep.pick");
  const p = await CaseProposal.findById(v.proposalId).lean();
  if (!p || String(p.groupId) !== v.groupId) throw new DomainError("not_found");
  let meetingId: string | null = null;
  if (v.when !== "now") {
    const m = await Meeting.findById(v.when, { groupId: 1, status: 1, endsAt: 1, kind: 1 }).lean();
    if (!m || String(m.groupId) !== v.groupId || m.status !== "planned" || m.endsAt < now || m.kind === "coaching_talk")
      throw new DomainError("invalid_input", [{ path: "when", code: "prep_when_missing" }]);
    meetingId = v.when;
  }
  const found = await resolveProtocol(v.groupId, p.protocolId);
  if (!found) throw new DomainError("invalid_input", [{ path: "protocolId", code: "prep_unknown_protocol" }]);
  try {
    await CasePick.create({
      _id: v.proposalId,
      groupId: oid(v.groupId),
      by: oid(ctx.actor.id),
      protocolId: p.protocolId,
      protocolVersion: found.copy ? found.version : null,
      meetingId: meetingId ? oid(meetingId) : null,
      startNow: v.when === "now",
    });
  } catch (e) {
    if (isDuplicateKey(e)) throw new DomainError("conflict", undefined, { reason: "prep_already_picked" });
    throw e;
  }
  return roundStartFor(ctx, { groupId: v.groupId, proposalId: v.proposalId });
}

/** Start the picked proposal's round (the coach or the chair), once: its id is the proposal's, so a
 *  second start, or two at once, lead to the same round. The prepared "what I did" goes with it,
 *  hidden by the round until its phase. */
export async function startPickedRound(ctx: ServiceContext, input: unknown): Promise<{ id: string }> {
  const v = parse(ProposalTargetInput, input);
  await loadGroupFor(ctx.actor, v.groupId, "prep.pick");
  const { proposalId, ...start } = await roundStartFor(ctx, v);
  const whatIDid = await hiddenPartForRound(v.groupId, proposalId);
  return createRound(ctx, { ...start, ...(whatIDid ? { whatIDid } : {}) }, { id: proposalId });
}

/** What starting the picked proposal's round takes: the protocol (a built-in's id, or the group
 *  copy's snapshot at the version the pick fixed), the inbrenger (the proposal's author), the case
 *  question and the meeting. not_found until the proposal is picked. */
export async function roundStartFor(ctx: ServiceContext, input: unknown): Promise<RoundStart> {
  const v = parse(ProposalTargetInput, input);
  await loadGroupFor(ctx.actor, v.groupId, "group.content");
  const [p, pick] = await Promise.all([CaseProposal.findById(v.proposalId).lean(), CasePick.findById(v.proposalId).lean()]);
  if (!p || !pick || String(p.groupId) !== v.groupId) throw new DomainError("not_found");
  const protocol = pick.protocolVersion ? await getProtocolVersion(v.groupId, pick.protocolId, pick.protocolVersion) : pick.protocolId;
  if (!protocol) throw new DomainError("not_found");
  return {
    groupId: v.groupId,
    protocol,
    inbrengerId: String(p.authorId),
    caseQuestion: p.question,
    ...(pick.meetingId ? { meetingId: String(pick.meetingId) } : {}),
    proposalId: v.proposalId,
  };
}

/** The proposal's hidden part ("what I did"), for the round engine only, at the phase that reveals
 *  it (a step with `reveals: "what_i_did"`); null when there is none. Never call it for a page. */
export async function hiddenPartForRound(groupId: string, proposalId: string): Promise<string | null> {
  const h = await CaseHiddenPart.findById(proposalId).lean();
  return h && String(h.groupId) === groupId ? h.text : null;
}
