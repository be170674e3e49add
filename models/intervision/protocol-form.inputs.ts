import { z } from "zod";
import { objectIdString } from "../shared/ids";
import {
  ARTEFACT_KINDS,
  ORAL_WRITERS,
  PROTOCOL_LIMITS,
  type Phase,
  Protocol,
  type ProtocolInput,
  ROLE_KINDS,
  type RoleKind,
} from "./protocol.inputs";

// The protocol editor's form (decision 033), pure and safe in the browser: a protocol <-> flat
// form fields ("phases.2.timer.minutes"), the phase operations the form's buttons ask for (add,
// remove, move), and the schema's issues as errors per field. It works without JavaScript: every
// button posts the whole form, and the server answers with the changed draft.

/** Whether a protocol uses a role: not at all, optionally, or always. */
export const ROLE_USES = ["off", "optional", "required"] as const;

/** A protocol as the form holds it: the schema's shape, not yet valid. */
export type ProtocolDraft = ProtocolInput;

/** The editor's posted fields: plain strings, bounded in number and size (the body limit bounds the rest). */
export const ProtocolFormFields = z
  .record(z.string().max(200, "invalid"), z.string().max(PROTOCOL_LIMITS.instruction * 2, "protocol_text_too_long"))
  .refine((r) => Object.keys(r).length <= 4000, "invalid");

/** What the form's buttons ask for: "preview", "save", "add", "remove:3", "up:3", "down:3". */
export const ProtocolFormOp = z.union([z.enum(["preview", "save", "add"]), z.string().regex(/^(remove|up|down):\d{1,2}$/)]);
export type ProtocolFormOp = z.infer<typeof ProtocolFormOp>;

const count = z.string().regex(/^\d{1,7}$/, "invalid");
/** The editor's whole form: the protocol's fields, the button pressed, and what the edit starts from. */
export const ProtocolEditForm = ProtocolFormFields.and(
  z.object({
    op: ProtocolFormOp,
    /** The group copy being adapted; "" for a new copy. */
    protocolId: z.string().max(40, "invalid"),
    baseVersion: count,
    "basedOn.id": z.string().max(40, "invalid"),
    "basedOn.version": count,
  }),
);

const json = (s: string | undefined): unknown => {
  if (!s) return undefined;
  try {
    return JSON.parse(s);
  } catch {
    return { invalid: true };
  }
};
const local = (f: Record<string, string>, key: string) => ({ nl: f[`${key}.nl`] ?? "", en: f[`${key}.en`] ?? "" });
const checked = (f: Record<string, string>, key: string, options: readonly string[]) => options.filter((o) => f[`${key}.${o}`] === "on");

/** The draft a posted form holds. Loops, method choices and the repeat travel as JSON in hidden
 *  fields (the form shows them, the schema checks them). */
export function draftFromFields(f: Record<string, string>): ProtocolDraft {
  const indexes = [...new Set(Object.keys(f).flatMap((k) => /^phases\.(\d+)\.id$/.exec(k)?.[1] ?? []))].map(Number).sort((a, b) => a - b);
  const roles = ROLE_KINDS.flatMap((role) => {
    const use = f[`role.${role}`];
    return use === "optional" || use === "required" ? [{ role, required: use === "required" }] : [];
  });
  const phases = indexes.map((i) => {
    const at = `phases.${i}`;
    const structure = (json(f[`${at}.structure`]) ?? {}) as Record<string, unknown>;
    const phase: Record<string, unknown> = {
      id: f[`${at}.id`] ?? "",
      name: local(f, `${at}.name`),
      instruction: local(f, `${at}.instruction`),
      speakers: checked(f, `${at}.speakers`, ROLE_KINDS),
      writers: checked(f, `${at}.writers`, ROLE_KINDS),
      inbrenger: f[`${at}.inbrenger`] ?? "",
      turns: f[`${at}.turns`] ?? "",
      input: f[`${at}.input`] ?? "",
      visibility: f[`${at}.visibility`] ?? "",
      timer: { minutes: f[`${at}.timer.minutes`] ? Number(f[`${at}.timer.minutes`]) : Number.NaN, end: f[`${at}.timer.end`] ?? "" },
      artefacts: checked(f, `${at}.artefacts`, ARTEFACT_KINDS),
      ...structure,
    };
    if (f[`${at}.reveals`]) phase.reveals = f[`${at}.reveals`];
    return phase;
  });
  const draft: Record<string, unknown> = {
    id: f.id || "draft",
    version: 1,
    name: local(f, "name"),
    summary: local(f, "summary"),
    roles,
    phases,
  };
  const repeat = json(f.repeat);
  if (repeat !== undefined) draft.repeat = repeat;
  return draft as ProtocolDraft;
}

/** A protocol's loops and method choice, which the form carries unchanged (JSON), or "". */
export const structureOf = (p: Pick<Phase, "loop" | "choice">) =>
  p.loop || p.choice ? JSON.stringify({ ...(p.loop ? { loop: p.loop } : {}), ...(p.choice ? { choice: p.choice } : {}) }) : "";

/** The form fields that hold a protocol (what the editor renders, as draftFromFields reads it back). */
export function fieldsFromProtocol(p: ProtocolDraft): Record<string, string> {
  const f: Record<string, string> = { id: p.id };
  const put = (key: string, t: { nl: string; en: string }) => {
    f[`${key}.nl`] = t.nl;
    f[`${key}.en`] = t.en;
  };
  put("name", p.name);
  put("summary", p.summary);
  for (const role of ROLE_KINDS) {
    const r = p.roles.find((x) => x.role === role);
    f[`role.${role}`] = r ? (r.required ? "required" : "optional") : "off";
  }
  p.phases.forEach((ph, i) => {
    const at = `phases.${i}`;
    f[`${at}.id`] = ph.id;
    put(`${at}.name`, ph.name);
    put(`${at}.instruction`, ph.instruction);
    for (const r of ph.speakers) f[`${at}.speakers.${r}`] = "on";
    for (const r of ph.writers) f[`${at}.writers.${r}`] = "on";
    for (const a of ph.artefacts ?? []) f[`${at}.artefacts.${a}`] = "on";
    f[`${at}.inbrenger`] = ph.inbrenger;
    f[`${at}.turns`] = ph.turns;
    f[`${at}.input`] = ph.input;
    f[`${at}.visibility`] = ph.visibility;
    f[`${at}.timer.minutes`] = String(ph.timer.minutes);
    f[`${at}.timer.end`] = ph.timer.end;
    f[`${at}.structure`] = structureOf(ph);
    if (ph.reveals) f[`${at}.reveals`] = ph.reveals;
  });
  f.repeat = p.repeat ? JSON.stringify(p.repeat) : "";
  return f;
}

const NEW_PHASE_NAME = { nl: "Nieuwe fase", en: "New phase" };

/** A fresh spoken phase everyone in the round may speak in, the chair (and a declared scribe) taking notes. */
function newPhase(draft: ProtocolDraft): ProtocolDraft["phases"][number] {
  const ids = new Set(draft.phases.map((p) => p.id));
  let n = draft.phases.length + 1;
  while (ids.has(`phase-${n}`)) n++;
  const declared = new Set(draft.roles.map((r) => r.role));
  const speakers = (["inbrenger", "chair", "member"] as RoleKind[]).filter((r) => declared.has(r));
  return {
    id: `phase-${n}`,
    name: NEW_PHASE_NAME,
    instruction: { nl: "", en: "" },
    speakers,
    writers: ORAL_WRITERS.filter((r) => declared.has(r)),
    inbrenger: speakers.includes("inbrenger") ? "speaking" : "listening",
    turns: "free",
    input: "oral",
    visibility: "live",
    timer: { minutes: 5, end: "soft" },
    artefacts: [],
  };
}

/** The draft after a phase operation; "preview" and "save" change nothing. */
export function applyOp(draft: ProtocolDraft, op: ProtocolFormOp): ProtocolDraft {
  const phases = [...draft.phases];
  const [kind, at] = op.split(":");
  const i = Number(at);
  if (kind === "add" && phases.length < PROTOCOL_LIMITS.phases) phases.push(newPhase(draft));
  else if (kind === "remove" && i < phases.length && phases.length > 1) phases.splice(i, 1);
  else if ((kind === "up" || kind === "down") && i < phases.length) {
    const j = kind === "up" ? i - 1 : i + 1;
    if (j >= 0 && j < phases.length) [phases[i], phases[j]] = [phases[j], phases[i]];
  } else return draft;
  return { ...draft, phases };
}

/** The schema's issues as one code per form field ("phases.2.timer.minutes"); the first issue of a field wins. */
export function fieldErrorsOf(issues: readonly { path: readonly PropertyKey[]; message: string }[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const i of issues) out[i.path.map(String).join(".") || "_"] ??= i.message;
  return out;
}

/** Parses a draft with the protocol schema: the protocol, or its errors per field. */
export function checkDraft(draft: unknown): { ok: true; protocol: Protocol } | { ok: false; errors: Record<string, string> } {
  const r = Protocol.safeParse(draft);
  return r.success ? { ok: true, protocol: r.data } : { ok: false, errors: fieldErrorsOf(r.error.issues) };
}

// ---- what the editor and the list post (the services parse these again) ----

export const ProtocolSourceInput = z.object({
  groupId: objectIdString,
  /** Copy this one (a built-in id or a group copy's id)… */
  from: z.string().max(40).optional(),
  /** …or adapt this group copy (a new version of it). */
  id: z.string().max(40).optional(),
});

export const SaveProtocolInput = z.object({
  groupId: objectIdString,
  protocolId: z.string().max(40).nullable(),
  baseVersion: z.number().int().min(0).max(1_000_000),
  basedOn: z.object({ id: z.string().max(40), version: z.number().int().min(1).max(1_000_000) }),
  draft: z.unknown(),
});

export const ArchiveProtocolInput = z.object({
  groupId: objectIdString,
  protocolId: z.string().max(40),
  archived: z.enum(["true", "false"]),
});
