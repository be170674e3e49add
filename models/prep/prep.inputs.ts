import { z } from "zod";
import { objectIdString } from "../shared/ids";

// The preparation forms' fields (app/routes/groups.$groupId.prepare.tsx), parsed at the door and
// again by the service (decision 033).

export const PREP_LIMITS = { question: 500, context: 2000, hidden: 2000 } as const;

/** The criteria of a case question (INTERVISION.md 3.7): the proposer checks them, the chair confirms them. */
export const CASE_CRITERIA = ["current", "concrete", "firstPerson"] as const;

const text = (max: number) =>
  z
    .string()
    .trim()
    .max(max, "too_long")
    .refine((s) => !s.includes("\u0000"), "invalid");

export const GroupPrepInput = z.object({ groupId: objectIdString });
export const ProposeCaseInput = z.object({
  groupId: objectIdString,
  protocolId: z.string().min(1, "required").max(40, "invalid"),
  question: text(PREP_LIMITS.question).pipe(z.string().min(1, "required")),
  context: text(PREP_LIMITS.context).default(""),
  /** "What I did": only for a protocol with a phase that reveals it; only its author sees it until then. */
  whatIDid: text(PREP_LIMITS.hidden).default(""),
});
export const UpdateProposalInput = ProposeCaseInput.omit({ protocolId: true }).extend({ proposalId: objectIdString });
export const ProposalTargetInput = z.object({ groupId: objectIdString, proposalId: objectIdString });
/** A raised hand for a proposal; an empty proposalId lowers it. */
export const VoteCaseInput = z.object({ groupId: objectIdString, proposalId: z.union([objectIdString, z.literal("")], "invalid_id") });
const confirmed = z.literal("on", "prep_criterion_unconfirmed");
export const PickCaseInput = z.object({
  groupId: objectIdString,
  proposalId: objectIdString,
  current: confirmed,
  concrete: confirmed,
  firstPerson: confirmed,
  /** "now", or one of the group's upcoming meetings. */
  when: z.union([z.literal("now"), objectIdString], "prep_when_missing"),
});
export type ProposeCase = z.infer<typeof ProposeCaseInput>;
