import type { ProtocolInput, RoleKind } from "../protocol.inputs";

// Fragments the built-in protocols share; each protocol file stays a plain object.

type Roles = ProtocolInput["roles"];

/** Inbrenger, chair and members, with the optional scribe, timekeeper and observer. */
export const STANDARD_ROLES: Roles = [
  { role: "inbrenger", required: true },
  { role: "chair", required: true },
  { role: "member", required: true },
  { role: "scribe", required: false },
  { role: "timekeeper", required: false },
  { role: "observer", required: false },
];

/** A spoken phase: people talk, the chair or the scribe takes notes. */
export const ORAL: { input: "oral"; visibility: "live"; writers: RoleKind[] } = {
  input: "oral",
  visibility: "live",
  writers: ["chair", "scribe"],
};
/** A silent written phase: what each writes stays hidden until it is revealed to all at once. */
export const SILENT_WRITING = { input: "written", visibility: "hidden_until_reveal", turns: "free" } as const;
