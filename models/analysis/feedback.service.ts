// 360-degree feedback (issue 14 item 4, docs/decisions/036): a leader invites up to ten people of
// their school by e-mail to rate the questionnaire's scale items about them, through a link without
// an account. The link's token is stored hashed, answers once and expires. The leader sees only
// means and spreads per item and section, and only once at least three raters answered; nothing
// stored ties an answer to a rater (addresses are kept as hashes, answers have a random id and no time).
import { z } from "zod";
import { translate } from "../i18n/i18n";
import type { Locale } from "../i18n/locale";
import { hashToken, randomToken } from "../session/session.service";
import type { Deps, ServiceContext } from "../shared/context";
import { isDuplicateKey } from "../shared/duplicate-key";
import { DomainError } from "../shared/errors";
import { addressKey, privateKey, spend } from "../shared/limits";
import { User } from "../user/user.model";
import { Analysis, type AnalysisRecord, FeedbackRater, FeedbackResponse, FeedbackSlot, FeedbackToken, FeedbackUse } from "./analysis.model";
import { loadOwnAnalysis, questionnaireOf } from "./analysis.service";
import {
  FEEDBACK_MAX_RATERS,
  FEEDBACK_MIN_RATERS,
  feedbackToken,
  InviteRatersInput,
  type LocalText,
  type Questionnaire,
} from "./questionnaire.inputs";
import { meanAndSpread } from "./radar";

/** How long a rater's link works. */
export const FEEDBACK_TTL_DAYS = 30;

export interface FeedbackSummaryDTO {
  invited: number;
  answered: number;
  max: number;
  min: number;
  /** At least `min` raters answered: the means are shown. */
  visible: boolean;
  canInvite: boolean;
}

/** The counts of an analysis's raters: how many were invited and how many answered, never who. */
export async function feedbackSummary(_ctx: ServiceContext, analysis: AnalysisRecord, owner: boolean): Promise<FeedbackSummaryDTO> {
  const [invited, answered] = await Promise.all([
    FeedbackSlot.countDocuments({ analysisId: analysis._id }),
    FeedbackResponse.countDocuments({ analysisId: analysis._id }),
  ]);
  return {
    invited,
    answered,
    max: FEEDBACK_MAX_RATERS,
    min: FEEDBACK_MIN_RATERS,
    visible: answered >= FEEDBACK_MIN_RATERS,
    canInvite: owner && invited < FEEDBACK_MAX_RATERS,
  };
}

/** Mean and spread per scale item over the raters who rated it; an item rated by fewer than
 *  FEEDBACK_MIN_RATERS is left out (a single rater could otherwise be read off). */
export async function feedbackMeans(analysisId: unknown): Promise<Map<string, { mean: number; spread: number; n: number }>> {
  const responses = await FeedbackResponse.find({ analysisId }, { answers: 1 }).lean();
  const out = new Map<string, { mean: number; spread: number; n: number }>();
  if (responses.length < FEEDBACK_MIN_RATERS) return out;
  const points = new Map<string, number[]>();
  for (const r of responses)
    for (const a of r.answers)
      if (a.itemId && typeof a.point === "number" && a.point >= 1) points.set(a.itemId, [...(points.get(a.itemId) ?? []), a.point]);
  for (const [itemId, xs] of points) {
    const m = meanAndSpread(xs);
    if (m && xs.length >= FEEDBACK_MIN_RATERS) out.set(itemId, { ...m, n: xs.length });
  }
  return out;
}

const email = z.email("invalid_email").max(254, "too_long");

/** Invites raters by e-mail to the actor's analysis: each address once, at most FEEDBACK_MAX_RATERS in
 *  all, never the leader's own. Each mail spends one of the inviter's invitations (LIMITS.invites). */
export async function inviteRaters(ctx: ServiceContext, input: unknown): Promise<{ invited: number; already: number }> {
  const v = InviteRatersInput.safeParse(input);
  if (!v.success) throw new DomainError("invalid_input");
  const analysis = await loadOwnAnalysis(ctx.actor, v.data.analysisId);
  const leader = await User.findById(ctx.actor.id, { name: 1, email: 1, school: 1 }).lean();
  const addresses = [
    ...new Set(
      v.data.emails
        .split(/[\s,;]+/)
        .map((s) => s.trim().toLowerCase())
        .filter(Boolean),
    ),
  ];
  if (addresses.length === 0) throw new DomainError("invalid_input", [{ path: "emails", code: "required" }]);
  for (const a of addresses) {
    if (!email.safeParse(a).success) throw new DomainError("invalid_input", [{ path: "emails", code: "invalid_email" }]);
    if (a === leader?.email) throw new DomainError("invalid_input", [{ path: "emails", code: "feedback360_not_yourself" }]);
  }
  const taken = await FeedbackSlot.countDocuments({ analysisId: analysis._id });
  if (taken + addresses.length > FEEDBACK_MAX_RATERS)
    throw new DomainError("invalid_input", [{ path: "emails", code: "feedback360_too_many" }]);
  const q = await questionnaireOf(analysis.questionnaireOf, analysis.questionnaireVersion);
  let invited = 0;
  let already = 0;
  for (const address of addresses) {
    const raterId = `${analysis._id}:${privateKey(String(analysis._id), address)}`;
    if (await FeedbackRater.exists({ _id: raterId })) {
      already++;
      continue;
    }
    await spend(ctx.limits.invites, ctx.actor.id);
    try {
      await FeedbackRater.create({ _id: raterId, analysisId: analysis._id });
    } catch (e) {
      if (!isDuplicateKey(e)) throw e;
      already++;
      continue;
    }
    if (!(await claimSlot(analysis))) {
      await FeedbackRater.deleteOne({ _id: raterId });
      throw new DomainError("invalid_input", [{ path: "emails", code: "feedback360_too_many" }]);
    }
    const token = randomToken();
    await FeedbackToken.create({
      _id: hashToken(token),
      analysisId: analysis._id,
      expiresAt: new Date(Date.now() + FEEDBACK_TTL_DAYS * 86_400_000),
    });
    const l: Locale = v.data.locale;
    const vars = {
      leader: leader?.name || leader?.email || "",
      school: leader?.school || translate(l, "feedback360_mail.yourSchool"),
      url: `${ctx.appUrl}/feedback/${token}`,
      days: FEEDBACK_TTL_DAYS,
      title: q.title[l],
    };
    await ctx.sendMail({
      to: address,
      subject: translate(l, "feedback360_mail.subject", vars),
      text: translate(l, "feedback360_mail.text", vars),
    });
    invited++;
  }
  return { invited, already };
}

/** The first free place among the analysis's raters (a unique insert per place). */
async function claimSlot(analysis: AnalysisRecord) {
  for (let n = 1; n <= FEEDBACK_MAX_RATERS; n++) {
    try {
      await FeedbackSlot.create({ _id: `${analysis._id}:${n}`, analysisId: analysis._id });
      return true;
    } catch (e) {
      if (!isDuplicateKey(e)) throw e;
    }
  }
  return false;
}

export interface RaterFormDTO {
  leaderName: string;
  school: string;
  title: LocalText;
  anchors: LocalText[];
  sections: { id: string; title: LocalText; items: { id: string; text: LocalText }[] }[];
}

type LinkDeps = Pick<Deps, "limits">;

/** The live analysis and questionnaire of a rater's link, after spending one of the network's
 *  attempts (LIMITS.feedbackLink); token_invalid for a link that is unknown, used or expired. */
async function openLink(deps: LinkDeps, token: unknown, address: string) {
  await spend(deps.limits.feedbackLink, addressKey(address));
  const t = feedbackToken.safeParse(token);
  if (!t.success) throw new DomainError("token_invalid");
  const id = hashToken(t.data);
  const link = await FeedbackToken.findById(id).lean();
  if (!link || link.expiresAt <= new Date() || (await FeedbackUse.exists({ _id: id }))) throw new DomainError("token_invalid");
  const analysis = await Analysis.findById(link.analysisId).lean();
  if (!analysis) throw new DomainError("token_invalid");
  return { id, analysis, questionnaire: await questionnaireOf(analysis.questionnaireOf, analysis.questionnaireVersion) };
}

const scaleSections = (q: Questionnaire) =>
  q.sections
    .map((s) => ({
      id: s.id,
      title: s.title,
      items: s.items.flatMap((i) => (i.kind === "scale" ? [{ id: i.id, text: i.rater }] : [])),
    }))
    .filter((s) => s.items.length > 0);

/** What a rater's link shows: whom it is about and the statements to rate. */
export async function getRaterForm(deps: LinkDeps, token: unknown, address: string): Promise<RaterFormDTO> {
  const { analysis, questionnaire } = await openLink(deps, token, address);
  const leader = await User.findById(analysis.userId, { name: 1, email: 1, school: 1 }).lean();
  return {
    leaderName: leader?.name || "",
    school: leader?.school ?? "",
    title: questionnaire.title,
    anchors: questionnaire.anchors,
    sections: scaleSections(questionnaire),
  };
}

/** Stores a rater's answers once: `a:<itemId>` = 1-5, or 0 for "I cannot judge this"; every item needs one. */
export async function submitRating(deps: LinkDeps, token: unknown, input: unknown, address: string): Promise<void> {
  const { id, analysis, questionnaire } = await openLink(deps, token, address);
  const raw = z.record(z.string().max(100), z.string().max(10)).safeParse(input);
  if (!raw.success) throw new DomainError("invalid_input");
  const issues: { path: string; code: string }[] = [];
  const answers: { itemId: string; point: number }[] = [];
  for (const item of scaleSections(questionnaire).flatMap((s) => s.items)) {
    const v = raw.data[`a:${item.id}`];
    if (v === undefined || v === "") issues.push({ path: `a:${item.id}`, code: "feedback360_choose" });
    else if (!/^[0-5]$/.test(v)) issues.push({ path: `a:${item.id}`, code: "invalid" });
    else answers.push({ itemId: item.id, point: Number(v) });
  }
  if (issues.length) throw new DomainError("invalid_input", issues);
  try {
    await FeedbackUse.create({ _id: id });
  } catch (e) {
    if (isDuplicateKey(e)) throw new DomainError("token_invalid");
    throw e;
  }
  await FeedbackResponse.create({ _id: randomToken(16), analysisId: analysis._id, answers });
  await FeedbackToken.deleteOne({ _id: id });
}

/** Removes rater links that expired before `now` (the background sweep may run it). */
export async function sweepExpiredFeedbackLinks(now = new Date()): Promise<number> {
  const { deletedCount } = await FeedbackToken.deleteMany({ expiresAt: { $lt: now } });
  return deletedCount;
}
