import { Types } from "mongoose";
import { Breakout, BreakoutSeat, seatId, type BreakoutRecord } from "./moment.model";
import { HarvestOffer, HarvestOutput, MomentCaseCopy, type HarvestOutputRecord, type MomentCaseCopyRecord } from "./harvest.model";
import { loadBreakoutFor, loadMomentFor, type LoadedMoment } from "./moment.access";
import { Case, CollabDocument } from "../document/document.model";
import { docChanged, insertDocument } from "../document/document.service";
import { documentText } from "../document/collab.service";
import { type Block, blocksToContent } from "../collab/blocks";
import { loadGroupFor } from "../group/group.service";
import { activeMembers } from "../group/memberships";
import { displayNames } from "../user/user.service";
import { DomainError, isDomainError } from "../shared/errors";
import { isDuplicateKey } from "../shared/duplicate-key";
import { isObjectId } from "../shared/ids";
import { oid } from "../shared/oid";
import type { ServiceContext } from "../shared/context";

// The harvest of a network moment (issue 16 item 4, decision 074). A breakout publishes its output
// to the plenary (its participants or a facilitator; republishing adds a newer one, the newest
// counts); everyone in the moment sees what is published; each participant may offer a published
// output to their own home group, where it becomes one document with its origin. A case enters a
// breakout only as an anonymised copy its inbrenger wrote, linked to nothing of the case's group.
// Access: models/moment/moment.access.ts (the moment, a breakout), models/group (the home group).

export interface OutputDTO {
  id: string;
  title: string;
  text: string;
  at: string;
}

export interface CaseCopyDTO {
  id: string;
  title: string;
  text: string;
  at: string;
  /** The actor brought it (and may take it back); who brought it is never shown. */
  mine: boolean;
}

export interface HarvestBreakoutDTO {
  id: string;
  index: number;
  theme: string | null;
  /** The actor sits in it (may publish there and bring a case). */
  seated: boolean;
  /** The actor may publish its output (seated, or a facilitator). */
  canPublish: boolean;
  /** The newest published output, or null. */
  output: OutputDTO | null;
  /** The actor's home group already has this output: its document there. */
  offeredDocId: string | null;
  /** Cases brought into it: only for those who may see the breakout (seated, facilitators). */
  caseCopies: CaseCopyDTO[] | null;
}

export interface HarvestPageDTO {
  moment: { id: string; title: string; startsAt: string; place: string };
  role: LoadedMoment["role"];
  /** The actor's own group in the moment (offers go there), or null (a facilitator from outside). */
  home: { id: string; name: string } | null;
  blocks: { id: string; title: string; breakouts: HarvestBreakoutDTO[] }[];
  /** The actor's own cases in their home group (to bring a copy), when they sit in a breakout. */
  myCases: { id: string; title: string }[];
}

const outputDTO = (o: { _id: string; title: string; text?: string | null; at: Date }): OutputDTO => ({
  id: o._id,
  title: o.title,
  text: o.text ?? "",
  at: o.at.toISOString(),
});

const copyDTO = (ctx: ServiceContext, c: { _id: string; title: string; text: string; at: Date; broughtBy: unknown }): CaseCopyDTO => ({
  id: c._id,
  title: c.title,
  text: c.text,
  at: c.at.toISOString(),
  mine: String(c.broughtBy) === ctx.actor.id,
});

/** Inserts `doc` under its client-made `_id`, or reads what the same command stored before (a resend). */
async function insertOnce<R>(
  model: { create(doc: object): Promise<{ toObject(): unknown }>; findById(id: string): { lean(): PromiseLike<unknown> } },
  doc: { _id: string } & Record<string, unknown>,
): Promise<R> {
  try {
    return (await model.create(doc)).toObject() as R;
  } catch (e) {
    if (!isDuplicateKey(e)) throw e;
    return (await model.findById(doc._id).lean()) as R;
  }
}

/** The most records of one kind a page reads at once (a moment has tens of breakouts, not thousands). */
const READ_LIMIT = 1000;

/** For `.catch()`: a refusal means "not for this actor" (null); anything else is thrown. */
const unlessRefused = (e: unknown) => {
  if (isDomainError(e)) return null;
  throw e;
};

/** The newest publication of each breakout of the moment (republishing adds one; the newest counts). */
async function newestOutputs(momentId: unknown) {
  // Newest first and bounded: a table would have to republish a thousand times to drop out.
  const all = await HarvestOutput.find({ momentId }).sort({ at: -1, _id: -1 }).limit(READ_LIMIT).lean();
  const newest = new Map<string, (typeof all)[number]>();
  for (const o of all) if (!newest.has(String(o.breakoutId))) newest.set(String(o.breakoutId), o);
  return newest;
}

/** A breakout of this moment as the actor may see it, or not_found (a breakout of another moment too). */
async function breakoutIn(ctx: ServiceContext, momentId: string, breakoutId: string) {
  const loaded = await loadBreakoutFor(ctx.actor, breakoutId);
  if (String(loaded.moment._id) !== momentId) throw new DomainError("not_found");
  return loaded;
}

/** Is the actor seated in this breakout now (a facilitator may see it without a seat)? */
async function isSeated(actorId: string, b: BreakoutRecord) {
  const seat = await BreakoutSeat.findById(seatId(b.momentId, b.blockId, actorId)).lean();
  return String(seat?.breakoutId) === String(b._id);
}

/** The harvest page: every breakout of the moment with its newest published output (to everyone in
 *  the moment), and for those who may see a breakout, the cases brought into it. */
export async function getHarvestPage(ctx: ServiceContext, input: { momentId: string }): Promise<HarvestPageDTO> {
  const { moment, role, homeGroupId } = await loadMomentFor(ctx.actor, input.momentId, "view");
  const [breakouts, outputs, seats, offers, home] = await Promise.all([
    Breakout.find({ momentId: moment._id }).sort({ index: 1 }).limit(READ_LIMIT).lean(),
    newestOutputs(moment._id),
    Promise.all(
      moment.blocks.filter((b) => b.kind === "breakouts").map((b) => BreakoutSeat.findById(seatId(moment._id, b._id, ctx.actor.id)).lean()),
    ),
    homeGroupId
      ? HarvestOffer.find({ momentId: moment._id, groupId: oid(homeGroupId) }, { breakoutId: 1, docId: 1 })
          .limit(READ_LIMIT)
          .lean()
      : [],
    homeGroupId ? loadGroupFor(ctx.actor, homeGroupId, "doc.read").catch(unlessRefused) : null,
  ]);
  const seatedIn = new Set(seats.filter(Boolean).map((s) => String(s!.breakoutId)));
  const offered = new Map(offers.map((o) => [String(o.breakoutId), String(o.docId)]));
  const visible = breakouts.filter((b) => role === "facilitator" || seatedIn.has(String(b._id)));
  const copies = visible.length
    ? await MomentCaseCopy.find({ breakoutId: { $in: visible.map((b) => b._id) } })
        .sort({ at: 1 })
        .limit(READ_LIMIT)
        .lean()
    : [];
  const blocks = moment.blocks
    .filter((b) => b.kind === "breakouts")
    .map((block) => ({
      id: block._id,
      title: block.title,
      breakouts: breakouts
        .filter((b) => b.blockId === block._id)
        .map((b): HarvestBreakoutDTO => {
          const id = String(b._id);
          const seated = seatedIn.has(id);
          const sees = seated || role === "facilitator";
          const output = outputs.get(id);
          return {
            id,
            index: b.index,
            theme: b.theme ?? null,
            seated,
            canPublish: sees,
            output: output ? outputDTO(output) : null,
            offeredDocId: offered.get(id) ?? null,
            caseCopies: sees ? copies.filter((c) => String(c.breakoutId) === id).map((c) => copyDTO(ctx, c)) : null,
          };
        }),
    }));
  const myCases =
    home && seatedIn.size > 0
      ? await Case.find({ groupId: home.group._id, bringerId: oid(ctx.actor.id) }, { title: 1 })
          .sort({ createdAt: -1 })
          .limit(200)
          .lean()
      : [];
  return {
    moment: { id: String(moment._id), title: moment.title, startsAt: moment.startsAt.toISOString(), place: moment.place ?? "" },
    role,
    home: home ? { id: String(home.group._id), name: home.group.name } : null,
    blocks,
    myCases: myCases.map((c) => ({ id: String(c._id), title: c.title })),
  };
}

/** What the publish form starts from: the title last published (null: the page names the breakout)
 *  and the board's current text (the breakout's co-edited document; empty before it exists). */
export async function getOutputDraft(
  ctx: ServiceContext,
  input: { momentId: string; breakoutId: string },
): Promise<{ title: string | null; text: string }> {
  const { breakout } = await breakoutIn(ctx, input.momentId, input.breakoutId);
  const [last, board] = await Promise.all([
    HarvestOutput.findOne({ breakoutId: breakout._id }, { title: 1 }).sort({ at: -1, _id: -1 }).lean(),
    CollabDocument.findById(breakout._id, { _id: 1 }).lean(),
  ]);
  return { title: last?.title ?? null, text: board ? await documentText(ctx, String(breakout._id)) : "" };
}

/** Publishes (or republishes) a breakout's output to the plenary: a participant seated in it or a
 *  facilitator. A resent form (same clientId) stores it once. */
export async function publishOutput(
  ctx: ServiceContext,
  input: { momentId: string; breakoutId: string; clientId: string; title: string; text: string },
): Promise<OutputDTO> {
  const { breakout } = await breakoutIn(ctx, input.momentId, input.breakoutId);
  const output = await insertOnce<HarvestOutputRecord & { _id: string }>(HarvestOutput, {
    // No user id in it: the table's output stays when its publisher erases their account (decision 064).
    _id: `${breakout._id}:${input.clientId}`,
    momentId: breakout.momentId,
    breakoutId: breakout._id,
    title: input.title,
    text: input.text,
    publishedBy: oid(ctx.actor.id),
  });
  return outputDTO(output);
}

/** The output's text as document blocks: a line per paragraph, "- " lines as a bulleted list. */
function blocksOf(title: string, text: string): Block[] {
  const blocks: Block[] = [{ h: title }];
  for (const line of text.split("\n").map((l) => l.trim())) {
    if (!line) continue;
    const item = /^[-*•]\s+(.*)$/.exec(line)?.[1];
    const last = blocks.at(-1)!;
    if (item !== undefined && "ul" in last) last.ul.push(item);
    else if (item !== undefined) blocks.push({ ul: [item] });
    else blocks.push({ p: line });
  }
  return blocks;
}

/**
 * Offers a breakout's newest published output to the actor's own home group (explicitly, never
 * automatically): it arrives there as one document showing its origin. Any published output of the
 * moment may be offered (publishing made it visible to the whole moment; decision 074); an unpublished
 * one does not exist for this door. Offering it again, by anyone of the same group, finds the same
 * document: the offer's _id claims it, the document is created with the claimed id (a retry after a
 * failure in between creates what is missing).
 */
export async function offerOutput(
  ctx: ServiceContext,
  input: { momentId: string; breakoutId: string },
): Promise<{ groupId: string; docId: string; created: boolean }> {
  const { moment, homeGroupId } = await loadMomentFor(ctx.actor, input.momentId, "view");
  const breakout = isObjectId(input.breakoutId) ? await Breakout.findById(input.breakoutId).lean() : null;
  if (!breakout || String(breakout.momentId) !== String(moment._id)) throw new DomainError("not_found");
  const output = await HarvestOutput.findOne({ breakoutId: breakout._id }).sort({ at: -1, _id: -1 }).lean();
  if (!output) throw new DomainError("not_found");
  if (!homeGroupId) throw new DomainError("forbidden", undefined, { reason: "moment_harvest_no_group" });
  await loadGroupFor(ctx.actor, homeGroupId, "doc.write");

  const key = `${breakout._id}:${homeGroupId}`;
  let offer = await HarvestOffer.findById(key).lean();
  if (!offer) {
    try {
      offer = (
        await HarvestOffer.create({
          _id: key,
          momentId: moment._id,
          breakoutId: breakout._id,
          groupId: oid(homeGroupId),
          docId: new Types.ObjectId(),
          outputId: output._id,
          offeredBy: oid(ctx.actor.id),
        })
      ).toObject();
    } catch (e) {
      if (!isDuplicateKey(e)) throw e;
      offer = (await HarvestOffer.findById(key).lean())!;
    }
  }
  const docId = offer.docId as Types.ObjectId;
  let created = false;
  if (!(await CollabDocument.exists({ _id: docId }))) {
    // The publication the claim names (the newest when it was made), so racing offers agree.
    const offered = offer.outputId === output._id ? output : ((await HarvestOutput.findById(offer.outputId).lean()) ?? output);
    try {
      await insertDocument(ctx, homeGroupId, "note", offered.title, blocksToContent(blocksOf(offered.title, offered.text ?? "")), docId);
      created = true;
    } catch (e) {
      if (!isDuplicateKey(e)) throw e;
    }
  }
  // Unconditional and the same every time: a retry repairs a document created without it.
  await CollabDocument.updateOne(
    { _id: docId },
    {
      $set: {
        origin: {
          momentTitle: moment.title,
          momentStartsAt: moment.startsAt,
          breakoutIndex: breakout.index,
          breakoutTheme: breakout.theme ?? null,
        },
      },
    },
  );
  if (created) docChanged(ctx, homeGroupId, String(docId));
  return { groupId: homeGroupId, docId: String(docId), created };
}

/** The inbrenger's own case in their home group, or not_found (anyone else's case, another group's). */
async function ownCase(ctx: ServiceContext, homeGroupId: string | null, caseId: string) {
  if (!homeGroupId) throw new DomainError("not_found");
  const { group } = await loadGroupFor(ctx.actor, homeGroupId, "doc.read");
  const c = isObjectId(caseId) ? await Case.findById(caseId).lean() : null;
  if (!c || String(c.groupId) !== String(group._id) || String(c.bringerId) !== ctx.actor.id) throw new DomainError("not_found");
  return { group, c };
}

/** A seat in this breakout: bringing a case is for its participants (a facilitator brings none). */
async function seatedBreakout(ctx: ServiceContext, momentId: string, breakoutId: string) {
  const loaded = await breakoutIn(ctx, momentId, breakoutId);
  if (!(await isSeated(ctx.actor.id, loaded.breakout)))
    throw new DomainError("forbidden", undefined, { reason: "moment_harvest_not_seated" });
  return loaded;
}

/** What the anonymised copy starts from: the case's title and its notes' current text (the inbrenger
 *  edits it before anything leaves the group). */
export async function getCaseDraft(
  ctx: ServiceContext,
  input: { momentId: string; breakoutId: string; caseId: string },
): Promise<{ caseId: string; title: string; text: string }> {
  const { homeGroupId } = await seatedBreakout(ctx, input.momentId, input.breakoutId);
  const { c } = await ownCase(ctx, homeGroupId, input.caseId);
  return { caseId: String(c._id), title: c.title, text: await documentText(ctx, String(c.docId)) };
}

const normalise = (s: string) =>
  s
    .toLowerCase()
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/\s+/g, " ");

/**
 * Brings an anonymised copy of one of the actor's own cases into a breakout they sit in. The copy
 * holds only the title and text the inbrenger wrote: no case id, no group. A text that still names
 * the home group or one of its members (full name) is refused, to be edited first.
 */
export async function bringCase(
  ctx: ServiceContext,
  input: { momentId: string; breakoutId: string; caseId: string; clientId: string; title: string; text: string },
): Promise<CaseCopyDTO> {
  const { breakout, homeGroupId } = await seatedBreakout(ctx, input.momentId, input.breakoutId);
  const { group } = await ownCase(ctx, homeGroupId, input.caseId);
  const members = await activeMembers(group._id);
  const names = await displayNames(
    ctx,
    members.map((m) => m.userId),
  );
  const identifying = [group.name, ...[...names.values()].filter((n) => n.trim().includes(" "))].map(normalise).filter((n) => n.length > 2);
  const issues = (["title", "text"] as const)
    .filter((f) => identifying.some((n) => normalise(input[f]).includes(n)))
    .map((path) => ({ path, code: "moment.harvest.identifying" }));
  if (issues.length) throw new DomainError("invalid_input", issues);
  const copy = await insertOnce<MomentCaseCopyRecord & { _id: string }>(MomentCaseCopy, {
    _id: `${breakout._id}:${ctx.actor.id}:${input.clientId}`,
    momentId: breakout.momentId,
    breakoutId: breakout._id,
    title: input.title,
    text: input.text,
    broughtBy: oid(ctx.actor.id),
  });
  return copyDTO(ctx, copy);
}

/** The inbrenger takes their copy back out of the breakout (anyone else's: not_found). */
export async function withdrawCase(ctx: ServiceContext, input: { momentId: string; breakoutId: string; copyId: string }) {
  const { breakout } = await breakoutIn(ctx, input.momentId, input.breakoutId);
  const copy = await MomentCaseCopy.findById(input.copyId).lean();
  if (!copy || String(copy.breakoutId) !== String(breakout._id) || String(copy.broughtBy) !== ctx.actor.id)
    throw new DomainError("not_found");
  await MomentCaseCopy.deleteOne({ _id: copy._id });
  return { id: copy._id };
}

/** The cases brought into a breakout (for the breakout's own view): its participants and facilitators. */
export async function listCaseCopies(ctx: ServiceContext, input: { breakoutId: string }): Promise<CaseCopyDTO[]> {
  const { breakout } = await loadBreakoutFor(ctx.actor, input.breakoutId);
  return (await MomentCaseCopy.find({ breakoutId: breakout._id }).sort({ at: 1 }).limit(READ_LIMIT).lean()).map((c) => copyDTO(ctx, c));
}
