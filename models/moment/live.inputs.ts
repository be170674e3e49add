import { z } from "zod";
import { objectIdString as objectId } from "../shared/ids";

// The live moment's commands (issue 16 items 2, 3), checked at both doors and again in the service.
// Pure zod, safe in the browser. Every message is a code (error.<code> in the catalogues).

export const LIVE_LIMITS = {
  question: 200,
  options: { min: 2, max: 8 },
  option: 80,
  /** Words one answer to a word cloud may give, and their length. */
  words: 3,
  word: 30,
  openAnswer: 500,
  chat: 500,
  broadcast: 300,
  extendMinutes: { min: 1, max: 30 },
  polls: 30,
  /** The chat's newest messages a joiner receives. */
  chatShown: 100,
} as const;

export const POLL_KINDS = ["single", "scale", "words", "open"] as const;
export type PollKind = (typeof POLL_KINDS)[number];
export const LIVE_STATUSES = ["not_started", "live", "ended"] as const;
export type LiveStatus = (typeof LIVE_STATUSES)[number];

const noNul = (s: string) => !s.includes("\u0000");
const text = (max: number) => z.string("invalid").trim().min(1, "required").max(max, "too_long").refine(noNul, "invalid");
/** A client-made id: a retried command is the same command. */
const clientId = z.string("invalid").regex(/^[A-Za-z0-9_-]{8,64}$/, "invalid");
/** The version the facilitator's screen showed: a second press on the same screen is stale. */
const seen = z.number("invalid").int("invalid").min(0, "invalid");

export const MomentRef = z.strictObject({ momentId: objectId });

export const LiveAction = z.discriminatedUnion(
  "type",
  [
    z.strictObject({ type: z.literal("start") }),
    z.strictObject({ type: z.literal("next"), seen }),
    z.strictObject({ type: z.literal("previous"), seen }),
    z.strictObject({ type: z.literal("open_breakouts"), seen }),
    z.strictObject({ type: z.literal("bring_back"), seen }),
    z.strictObject({ type: z.literal("end"), seen }),
    z.strictObject({
      type: z.literal("extend"),
      minutes: z
        .number("invalid")
        .int("invalid")
        .min(LIVE_LIMITS.extendMinutes.min, "invalid")
        .max(LIVE_LIMITS.extendMinutes.max, "invalid"),
    }),
    z.strictObject({ type: z.literal("broadcast"), clientId, text: text(LIVE_LIMITS.broadcast) }),
    z
      .strictObject({
        type: z.literal("poll_open"),
        clientId,
        kind: z.enum(POLL_KINDS, "invalid"),
        question: text(LIVE_LIMITS.question),
        options: z.array(text(LIVE_LIMITS.option), "invalid").max(LIVE_LIMITS.options.max, "too_long").default([]),
        /** Results shown to the participants only once revealed (the facilitator sees them as they come). */
        hidden: z.boolean("invalid").default(false),
      })
      .refine((p) => (p.kind === "single" ? p.options.length >= LIVE_LIMITS.options.min : p.options.length === 0), {
        message: "moment_live_poll_options",
        path: ["options"],
      }),
    z.strictObject({ type: z.literal("poll_close"), pollId: clientId }),
    z.strictObject({ type: z.literal("poll_reveal"), pollId: clientId }),
  ],
  "invalid",
);
export type LiveAction = z.output<typeof LiveAction>;

export const LiveActInput = z.strictObject({ momentId: objectId, action: LiveAction });
export type LiveActInput = z.input<typeof LiveActInput>;

/** One answer: a choice's index, a number 1-5, up to three words, or a text (checked against the poll's kind in the service). */
export const PollAnswerInput = z.strictObject({
  momentId: objectId,
  pollId: clientId,
  answer: z.union(
    [
      z.number("invalid").int("invalid").min(0, "invalid").max(LIVE_LIMITS.options.max, "invalid"),
      z.array(text(LIVE_LIMITS.word), "invalid").min(1, "required").max(LIVE_LIMITS.words, "too_long"),
      text(LIVE_LIMITS.openAnswer),
    ],
    "invalid",
  ),
});
export type PollAnswerInput = z.input<typeof PollAnswerInput>;

export const MomentChatInput = z.strictObject({ momentId: objectId, clientId, text: text(LIVE_LIMITS.chat) });
export type MomentChatInput = z.input<typeof MomentChatInput>;

/** Raise or lower one's own hand; the facilitator takes one (the next speaker) or clears the queue. */
export const MomentHandInput = z.discriminatedUnion(
  "op",
  [
    z.strictObject({ momentId: objectId, op: z.literal("raise") }),
    z.strictObject({ momentId: objectId, op: z.literal("lower") }),
    z.strictObject({ momentId: objectId, op: z.literal("take"), handId: z.string("invalid").max(120, "invalid") }),
    z.strictObject({ momentId: objectId, op: z.literal("clear") }),
  ],
  "invalid",
);
export type MomentHandInput = z.input<typeof MomentHandInput>;

/** A word of a word cloud as it is counted: trimmed, lower case, inner spaces single, no punctuation at its ends. */
export const normaliseWord = (w: string) =>
  w
    .normalize("NFC")
    .toLocaleLowerCase("nl")
    .replace(/\s+/g, " ")
    .replace(/^[\p{P}\p{S}\s]+|[\p{P}\p{S}\s]+$/gu, "");
