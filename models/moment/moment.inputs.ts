import { z } from "zod";
import { objectIdString } from "../shared/ids";
import { DayInput, TimeInput } from "../meeting/meeting.inputs";
import { BLOCK_KINDS, BREAKOUT_SIZE, COMPOSITION_RULES, MAX_MOMENT_BLOCKS, MAX_MOMENT_FACILITATORS } from "./moment.constants";

// Planning a network moment (issue 16 item 1, decision 066): the plan's fields, validated at both
// doors and again by models/moment/moment.service.ts. Safe in the browser: no mongoose here. The
// planning form works without JavaScript: every button posts the whole form (blocks as flat fields
// "blocks.2.minutes"), and the server answers with the changed draft (planFromFields, applyBlockOp).

export const MOMENT_TEXT = { title: 120, place: 300, agenda: 4000, blockTitle: 120, theme: 80 } as const;
export const BLOCK_MINUTES = { min: 5, max: 240 } as const;
/** A day of a network moment: the programme's blocks together at most this long. */
export const MAX_MOMENT_MINUTES = 12 * 60;
export const MAX_THEMES = 12;
/** The groups one moment may invite (a trajectory has a handful to a few dozen). */
export const MAX_MOMENT_GROUPS = 60;
/** The short protocols of the intervision engine a breakout may run (issue 16 item 3). */
export const SHORT_PROTOCOLS = ["troika", "consultancy"] as const;
export type ShortProtocol = (typeof SHORT_PROTOCOLS)[number];

/** A block's id: stable within the moment (breakouts and seats name their block by it). */
const blockId = z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, "invalid");
const text = (max: number) => z.string().trim().max(max, "too_long");
const required = (max: number) => text(max).min(1, "required");

export const MomentBlockInput = z
  .object({
    /** "" for a new block: the service gives it an id. */
    id: z.union([blockId, z.literal("")]).default(""),
    kind: z.enum(BLOCK_KINDS, { message: "invalid" }),
    title: required(MOMENT_TEXT.blockTitle),
    minutes: z.coerce
      .number({ message: "moment_minutes" })
      .int("moment_minutes")
      .min(BLOCK_MINUTES.min, "moment_minutes")
      .max(BLOCK_MINUTES.max, "moment_minutes"),
    rule: z.enum(COMPOSITION_RULES, { message: "invalid" }).nullable().default(null),
    size: z.coerce
      .number({ message: "moment_size" })
      .int("moment_size")
      .min(BREAKOUT_SIZE.min, "moment_size")
      .max(BREAKOUT_SIZE.max, "moment_size")
      .nullable()
      .default(null),
    themes: z.array(required(MOMENT_TEXT.theme)).max(MAX_THEMES, "moment_themes").default([]),
    protocolId: z.enum(SHORT_PROTOCOLS, { message: "invalid" }).nullable().default(null),
  })
  // A breakout block says how it is composed and how big its breakouts are; themes for rule "theme".
  .superRefine((b, ctx) => {
    if (b.kind !== "breakouts") return;
    if (!b.rule) ctx.addIssue({ code: "custom", path: ["rule"], message: "required" });
    if (b.size === null) ctx.addIssue({ code: "custom", path: ["size"], message: "moment_size" });
    if (b.rule === "theme" && (b.themes.length < 2 || new Set(b.themes.map((t) => t.toLowerCase())).size !== b.themes.length))
      ctx.addIssue({ code: "custom", path: ["themes"], message: "moment_themes" });
  })
  // What only a breakout block has is dropped from the others (a form may post it hidden).
  .transform((b) =>
    b.kind === "breakouts"
      ? { ...b, themes: b.rule === "theme" ? b.themes : [] }
      : { ...b, rule: null, size: null, themes: [], protocolId: null },
  );
export type MomentBlockInputValue = z.output<typeof MomentBlockInput>;

const plan = {
  title: required(MOMENT_TEXT.title),
  /** The start: a wall-clock date and time in the actor's own time zone. */
  date: DayInput,
  time: TimeInput,
  place: text(MOMENT_TEXT.place).default(""),
  agenda: text(MOMENT_TEXT.agenda).default(""),
  groupIds: z
    .array(objectIdString)
    .min(1, "moment_groups")
    .max(MAX_MOMENT_GROUPS, "moment_groups")
    .refine((ids) => new Set(ids).size === ids.length, "moment_groups"),
  blocks: z
    .array(MomentBlockInput)
    .min(1, "moment_blocks")
    .max(MAX_MOMENT_BLOCKS, "moment_blocks")
    .refine((bs) => bs.reduce((s, b) => s + b.minutes, 0) <= MAX_MOMENT_MINUTES, "moment_too_long")
    .refine((bs) => {
      const ids = bs.map((b) => b.id).filter(Boolean);
      return new Set(ids).size === ids.length;
    }, "invalid"),
};

export const CreateMomentInput = z.object({ trajectoryId: objectIdString, ...plan });
export type CreateMoment = z.infer<typeof CreateMomentInput>;
export const UpdateMomentInput = z.object({ momentId: objectIdString, ...plan });
export type UpdateMoment = z.infer<typeof UpdateMomentInput>;
export const MomentTargetInput = z.object({ momentId: objectIdString });
export const TrajectoryMomentsInput = z.object({ trajectoryId: objectIdString });
/** An organiser names a facilitator by the e-mail address of their account. */
export const NameFacilitatorInput = z.object({
  momentId: objectIdString,
  email: z.string().trim().toLowerCase().min(1, "required").max(254, "too_long").email("invalid_email"),
});
export const RemoveFacilitatorInput = z.object({ momentId: objectIdString, userId: objectIdString });
/** Cancelling asks to tick a box first (it cannot be undone). */
export const CancelMomentInput = z.object({ momentId: objectIdString, confirm: z.literal("on", { message: "required" }) });
export { MAX_MOMENT_FACILITATORS };

// ---- the planning form ---------------------------------------------------------------------------

/** What the form's buttons ask for: "save", "add", "remove:3", "up:3", "down:3". */
export const BlockFormOp = z.union([z.literal("save"), z.literal("add"), z.string().regex(/^(remove|up|down):\d{1,2}$/)]);
export type BlockFormOp = z.infer<typeof BlockFormOp>;

/** The posted form: plain strings, bounded in number and size. */
export const MomentFormFields = z
  .record(z.string().max(80, "invalid"), z.string().max(MOMENT_TEXT.agenda + 100, "too_long"))
  .refine((r) => Object.keys(r).length <= 40 + MAX_MOMENT_GROUPS + MAX_MOMENT_BLOCKS * 10, "invalid");
/** The planning form as posted: its fields and the button pressed. */
export const MomentPlanForm = MomentFormFields.and(z.object({ op: BlockFormOp }));

/** A block as the form holds it (strings, not yet valid). */
export interface BlockDraft {
  id: string;
  /** The form's own name for the row (a new block has no id yet), so a moved row keeps its inputs. */
  key: string;
  kind: string;
  title: string;
  minutes: string;
  rule: string;
  size: string;
  /** One theme per line. */
  themes: string;
  protocolId: string;
}

/** A plan's stored blocks as the form holds them. */
export function draftBlocksOf(
  blocks: readonly {
    id: string;
    kind: string;
    title: string;
    minutes: number;
    rule: string | null;
    size: number | null;
    themes: string[];
    protocolId: string | null;
  }[],
): BlockDraft[] {
  return blocks.map((b) => ({
    id: b.id,
    key: b.id,
    kind: b.kind,
    title: b.title,
    minutes: String(b.minutes),
    rule: b.rule ?? "mixed",
    size: b.size === null ? "4" : String(b.size),
    themes: b.themes.join("\n"),
    protocolId: b.protocolId ?? "",
  }));
}

/** The plan as the form holds it. */
export interface MomentDraft {
  title: string;
  date: string;
  time: string;
  place: string;
  agenda: string;
  groupIds: string[];
  blocks: BlockDraft[];
}

/** The draft a posted form holds: groups as "group.<id>" = "on", blocks as "blocks.<i>.<field>". */
export function planFromFields(f: Record<string, string>): MomentDraft {
  const indexes = [...new Set(Object.keys(f).flatMap((k) => /^blocks\.(\d{1,2})\.kind$/.exec(k)?.[1] ?? []))]
    .map(Number)
    .sort((a, b) => a - b);
  return {
    title: f.title ?? "",
    date: f.date ?? "",
    time: f.time ?? "",
    place: f.place ?? "",
    agenda: f.agenda ?? "",
    groupIds: Object.keys(f).flatMap((k) => (f[k] === "on" ? (/^group\.([0-9a-f]{24})$/i.exec(k)?.[1] ?? []) : [])),
    blocks: indexes.map((i) => {
      const at = (k: string) => f[`blocks.${i}.${k}`] ?? "";
      return {
        id: at("id"),
        key: at("key") || at("id") || `row-${i}`,
        kind: at("kind"),
        title: at("title"),
        minutes: at("minutes"),
        rule: at("rule"),
        size: at("size"),
        themes: at("themes"),
        protocolId: at("protocolId"),
      };
    }),
  };
}

/** The structured plan a draft asks for (what the service parses). */
export function planInputOf(d: MomentDraft) {
  return {
    title: d.title,
    date: d.date,
    time: d.time,
    place: d.place,
    agenda: d.agenda,
    groupIds: d.groupIds,
    blocks: d.blocks.map((b) => ({
      id: b.id,
      kind: b.kind,
      title: b.title,
      minutes: b.minutes === "" ? Number.NaN : b.minutes,
      rule: b.rule || null,
      size: b.size === "" ? null : b.size,
      themes: b.themes
        .split("\n")
        .map((t) => t.trim())
        .filter(Boolean),
      protocolId: b.protocolId || null,
    })),
  };
}

/** A new block for the form: a plenary of 30 minutes. */
export const newBlockDraft = (key = "new-0"): BlockDraft => ({
  id: "",
  key,
  kind: "plenary",
  title: "",
  minutes: "30",
  rule: "mixed",
  size: "4",
  themes: "",
  protocolId: "",
});

/** The draft after a block operation; "save" changes nothing. */
export function applyBlockOp(draft: MomentDraft, op: BlockFormOp): MomentDraft {
  const blocks = [...draft.blocks];
  const [kind, at] = op.split(":");
  const i = Number(at);
  if (kind === "add" && blocks.length < MAX_MOMENT_BLOCKS) {
    const keys = new Set(blocks.map((b) => b.key));
    let n = blocks.length;
    while (keys.has(`new-${n}`)) n++;
    blocks.push(newBlockDraft(`new-${n}`));
  } else if (kind === "remove" && i < blocks.length) blocks.splice(i, 1);
  else if ((kind === "up" || kind === "down") && i < blocks.length) {
    const j = kind === "up" ? i - 1 : i + 1;
    if (j >= 0 && j < blocks.length) [blocks[i], blocks[j]] = [blocks[j], blocks[i]];
  } else return draft;
  return { ...draft, blocks };
}

/** The issues of a plan's schema as one code per form field ("blocks.2.minutes"), as the protocol editor does. */
export { fieldErrorsOf as planErrorsOf } from "../intervision/protocol-form.inputs";
