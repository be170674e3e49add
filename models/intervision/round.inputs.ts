import { z } from "zod";
import { objectIdString } from "../shared/ids";
import { Protocol } from "./protocol.inputs";

// What a client may ask of a live round (docs/decisions/031-round-state.md), checked at both doors
// (the round page's form and the socket) before the service and the machine see it. Pure zod, safe
// in the browser.

export const ROUND_LIMITS = {
  /** One contribution, note or action point. */
  text: 2000,
  caseQuestion: 1000,
  whatIDid: 4000,
  /** Contributions of one round, all steps together. */
  contributions: 600,
  /** Minutes one extend adds. */
  extendMinutes: 30,
} as const;

export const ROUND_MODES = ["live", "room", "async"] as const;
/** An async round's days per step (decision 045): chosen at the start, within these bounds. */
export const ASYNC_DAYS = { min: 1, max: 14, default: 2 } as const;
export type RoundMode = (typeof ROUND_MODES)[number];
export const RATINGS = ["++", "+", "-"] as const;
export type Rating = (typeof RATINGS)[number];
/** Roles the chair assigns per run (the others are "member"). */
export const ASSIGNABLE_ROLES = ["inbrenger", "chair", "timekeeper", "scribe", "observer"] as const;

const text = (max: number) =>
  z
    .string("invalid")
    .trim()
    .min(1, "round_text_missing")
    .max(max, "too_long")
    .refine((s) => !s.includes("\u0000"), "invalid");
const userId = objectIdString;
/** A client-made id per command, so a retry never writes twice. */
const clientId = z.string("invalid").regex(/^[A-Za-z0-9_-]{8,64}$/, "invalid");
const contributionId = clientId;
const version = z.number("invalid").int("invalid").min(0, "invalid").max(1_000_000, "invalid");
const day = z
  .string("invalid")
  .regex(/^\d{4}-\d{2}-\d{2}$/, "invalid_date")
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s);
  }, "invalid_date");

/** Every action the machine knows (round.machine.ts reduce()). */
export const RoundAction = z.discriminatedUnion(
  "type",
  [
    z.strictObject({
      type: z.literal("assign"),
      roles: z.strictObject({
        inbrenger: userId.optional(),
        chair: userId.optional(),
        timekeeper: userId.nullable().optional(),
        scribe: userId.nullable().optional(),
        observer: userId.nullable().optional(),
      }),
    }),
    z.strictObject({ type: z.literal("hand_chair"), to: userId }),
    z.strictObject({ type: z.literal("start") }),
    /** `seen`: the version the chair's screen showed; a second press of the same screen is refused. */
    z.strictObject({ type: z.literal("next"), seen: version }),
    z.strictObject({ type: z.literal("back"), seen: version }),
    z.strictObject({ type: z.literal("skip"), seen: version }),
    z.strictObject({ type: z.literal("loop"), seen: version }),
    z.strictObject({ type: z.literal("choose"), module: z.string("invalid").max(40, "invalid") }),
    z.strictObject({ type: z.literal("pause") }),
    z.strictObject({ type: z.literal("resume") }),
    z.strictObject({
      type: z.literal("extend"),
      minutes: z.number("invalid").int("invalid").min(1, "invalid").max(ROUND_LIMITS.extendMinutes, "invalid"),
    }),
    z.strictObject({
      type: z.literal("contribute"),
      id: contributionId,
      text: text(ROUND_LIMITS.text),
      kind: z
        .enum(["text", "notes", "questions", "problem_formulations", "positions", "advice_cards", "action_points", "insights"], "invalid")
        .optional(),
      /** An action point's date. */
      due: day.optional(),
    }),
    /** An async round's step a number of days longer (decision 045). */
    z.strictObject({
      type: z.literal("extend_days"),
      days: z.number("invalid").int("invalid").min(1, "invalid").max(ASYNC_DAYS.max, "invalid"),
    }),
    z.strictObject({ type: z.literal("end_turn") }),
    z.strictObject({ type: z.literal("raise_hand") }),
    z.strictObject({ type: z.literal("lower_hand") }),
    z.strictObject({ type: z.literal("give_word"), to: userId.nullable() }),
    z.strictObject({ type: z.literal("done") }),
    z.strictObject({ type: z.literal("reveal") }),
    z.strictObject({ type: z.literal("rate"), contribution: contributionId, rating: z.enum(RATINGS, "invalid") }),
    z.strictObject({ type: z.literal("order"), contributions: z.array(contributionId).max(200, "invalid") }),
    z.strictObject({ type: z.literal("pick"), contribution: contributionId }),
    z.strictObject({ type: z.literal("take"), contribution: contributionId, taken: z.boolean("invalid") }),
    z.strictObject({ type: z.literal("finish") }),
  ],
  "invalid",
);
export type RoundAction = z.infer<typeof RoundAction>;
export type RoundActionType = RoundAction["type"];

export const RoundRef = z.strictObject({ groupId: objectIdString, roundId: objectIdString });
export const RoundActInput = z.strictObject({ groupId: objectIdString, roundId: objectIdString, action: RoundAction });
export type RoundActInput = z.infer<typeof RoundActInput>;

/** A new round: the lead wires the case-question preparation and the group's protocol copies to this. */
export const CreateRoundInput = z.strictObject({
  groupId: objectIdString,
  /** A built-in protocol's id, or a whole protocol (a group's copy), validated again here. */
  protocol: z.union([
    z
      .string("invalid")
      .regex(/^[a-z][a-z0-9-]*$/, "invalid")
      .max(40, "invalid"),
    Protocol,
  ]),
  inbrengerId: userId,
  caseQuestion: text(ROUND_LIMITS.caseQuestion),
  /** The incident method's "what I did": hidden from everyone but the inbrenger until its phase. */
  whatIDid: text(ROUND_LIMITS.whatIDid).optional(),
  /** The members in seat order (default: the group's active members); the creator chairs unless `chairId`. */
  memberIds: z.array(userId).min(2, "round_too_few_members").max(50, "invalid").optional(),
  chairId: userId.optional(),
  meetingId: objectIdString.optional(),
  mode: z.enum(ROUND_MODES, "invalid").default("live"),
  /** An async round's days per step (ignored in the other modes; default ASYNC_DAYS.default). */
  days: z.number("invalid").int("invalid").min(ASYNC_DAYS.min, "round_days_range").max(ASYNC_DAYS.max, "round_days_range").optional(),
});
export type CreateRoundInput = z.input<typeof CreateRoundInput>;
