// How "@Full Name" in a message's text becomes mentions (decision 027). Pure: the services resolve
// with it at write time, the composer's completion matches with the same rules.

export interface MentionCandidate {
  userId: string;
  name: string;
}

/** "@An" matched more than one member: nobody is mentioned, the author is asked for the full name. */
export interface MentionHint {
  typed: string;
  names: string[];
}

const WORD = /[\p{L}\p{N}_]/u;
const FIRST_WORD = /^[\p{L}\p{N}'’-]+/u;
const fold = (s: string) => s.toLocaleLowerCase("nl");
const tidy = (name: string) => name.trim().replace(/\s+/g, " ");

/** Does `s` start with `name` (case-insensitive), the name ending where a word ends? */
function startsWithName(s: string, name: string) {
  if (s.length < name.length || fold(s.slice(0, name.length)) !== fold(name)) return false;
  return s.length === name.length || !WORD.test(s[name.length]);
}

/**
 * The members an "@Name" in `text` mentions. At each "@" (not inside a word, as in an e-mail
 * address) the longest full display name wins ("@An Peeters" over "@An"); otherwise a first name
 * alone mentions the one member it belongs to. A name shared by two candidates mentions nobody and
 * gives a hint. Only `candidates` can be mentioned: the caller passes the group's active members.
 */
export function resolveMentions(text: string, candidates: MentionCandidate[]): { userIds: string[]; hints: MentionHint[] } {
  const people = candidates
    .map((c) => ({ userId: c.userId, name: tidy(c.name) }))
    .filter((c) => c.name)
    .sort((a, b) => b.name.length - a.name.length);
  const userIds = new Set<string>();
  const hints = new Map<string, MentionHint>();
  const ambiguous = (typed: string, found: MentionCandidate[]) => {
    if (hints.has(fold(typed))) return;
    const names = found.map((p) => p.name).sort((a, b) => a.localeCompare(b, "nl"));
    hints.set(fold(typed), { typed, names });
  };
  for (let at = text.indexOf("@"); at !== -1; at = text.indexOf("@", at + 1)) {
    if (at > 0 && WORD.test(text[at - 1])) continue;
    const rest = text.slice(at + 1);
    const full = people.filter((p) => startsWithName(rest, p.name));
    if (full.length > 0) {
      const longest = full.filter((p) => p.name.length === full[0].name.length);
      if (longest.length === 1) userIds.add(longest[0].userId);
      else ambiguous(rest.slice(0, longest[0].name.length), longest);
      continue;
    }
    const word = FIRST_WORD.exec(rest)?.[0];
    if (!word) continue;
    const byFirstName = people.filter((p) => p.name.length > word.length && startsWithName(p.name, word) && p.name[word.length] === " ");
    if (byFirstName.length === 1) userIds.add(byFirstName[0].userId);
    else if (byFirstName.length > 1) ambiguous(word, byFirstName);
  }
  return { userIds: [...userIds], hints: [...hints.values()] };
}

/** The "@query" being typed at `caret` (from its "@" up to the caret), or null. */
export function mentionQueryAt(text: string, caret: number): { start: number; query: string } | null {
  const before = text.slice(0, caret);
  const at = before.lastIndexOf("@");
  if (at === -1 || (at > 0 && WORD.test(before[at - 1]))) return null;
  const query = before.slice(at + 1);
  // A name has a few words at most; a line break or a long run of words ends the query.
  if (query.length > 60 || /\n/.test(query) || query.split(" ").length > 4 || /^\s/.test(query)) return null;
  return { start: at, query };
}

/** Members whose name (or a word of it) starts with `query`, full-name matches first; at most `max`. */
export function matchMembers<T extends MentionCandidate>(query: string, candidates: T[], max = 8): T[] {
  const q = fold(query.trimStart());
  const score = (c: T) => {
    const name = fold(tidy(c.name));
    if (name.startsWith(q)) return 0;
    return name.split(" ").some((w) => w.startsWith(q)) ? 1 : 2;
  };
  return candidates
    .map((c) => ({ c, s: score(c) }))
    .filter((x) => x.s < 2)
    .sort((a, b) => a.s - b.s || tidy(a.c.name).localeCompare(tidy(b.c.name), "nl"))
    .slice(0, max)
    .map((x) => x.c);
}
