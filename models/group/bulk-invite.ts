import { email } from "../user/user.inputs";

// Parsing a pasted list or a CSV file's text into invitations (docs/decisions/029). Pure: no
// mongoose, no I/O; the service adds what only the database knows (already a member, seats left).

export type BulkLineError = "invalid_email" | "duplicate" | "already_member" | "group_full";

export interface BulkLine {
  /** 1-based line number in the pasted text, as the organiser sees it. */
  line: number;
  name: string;
  email: string;
  error: BulkLineError | null;
}

const nameOf = (s: string) =>
  s
    .trim()
    .replace(/^"(.*)"$/s, "$1")
    .replace(/""/g, '"')
    .trim()
    .slice(0, 80);

/** One line: "Naam <email>", "Naam;email", "Naam,email" (a CSV row, the name may be quoted) or "email". */
export function parseBulkLine(text: string): { name: string; email: string } {
  const angled = /^(.*?)<([^<>]*)>\s*$/.exec(text);
  if (angled) return { name: nameOf(angled[1]), email: angled[2].trim() };
  const quoted = /^\s*"((?:[^"]|"")*)"\s*[;,]\s*(.*)$/.exec(text);
  if (quoted) return { name: nameOf(quoted[1]), email: quoted[2].trim() };
  const cut = Math.max(text.lastIndexOf(";"), text.lastIndexOf(","));
  if (cut >= 0) return { name: nameOf(text.slice(0, cut)), email: text.slice(cut + 1).trim() };
  return { name: "", email: text.trim() };
}

const HEADER = /^\s*"?(naam|name)"?\s*[;,]\s*"?(e-?mail|e-?mailadres)"?\s*$/i;

/** Every non-empty line of `text` (a CSV header "name,email" skipped), with the errors the text
 *  alone shows: an invalid address, or an address listed before. */
export function parseBulkInvite(text: string): BulkLine[] {
  const seen = new Set<string>();
  const lines: BulkLine[] = [];
  text.split(/\r\n|\r|\n/).forEach((raw, i) => {
    if (!raw.trim() || (lines.length === 0 && HEADER.test(raw))) return;
    const parsed = parseBulkLine(raw);
    const checked = email.safeParse(parsed.email);
    const address = checked.success ? checked.data : parsed.email;
    const error: BulkLineError | null = !checked.success ? "invalid_email" : seen.has(address) ? "duplicate" : null;
    if (checked.success) seen.add(address);
    lines.push({ line: i + 1, name: parsed.name, email: address, error });
  });
  return lines;
}
