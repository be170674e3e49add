// Words for search, Dutch and English alike (decision 085): accents folded, lower case, and each
// word indexed as itself and as its Dutch and English Snowball stems, so "vergaderingen" meets
// "vergadering" and "meetings" meets "meeting" without guessing an entry's language.
import snowball from "snowball-stemmers";
import type { SnippetPiece } from "./search.dto";

const STOP_WORDS = new Set(
  (
    "de het een en van in op te dat die is voor met aan er om of als bij ook tot uit maar dan nog wel " +
    "niet zijn was wat we wij ze zij je jij ik hij hem haar hun ons onze mijn over naar door dit deze " +
    "the a an and or of to in on at for with is are was were be it this that as by from we you they i"
  ).split(" "),
);

/** Lower case, accents and other marks removed: "ideeën" becomes "ideeen". */
export const fold = (s: string) => s.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();

const WORD = /[\p{L}\p{N}]+/gu;

/** The node's word tools: the Snowball stemmers are objects, made once per node (models/node.ts). */
export function createTextTools() {
  const dutch = snowball.newStemmer("dutch");
  const english = snowball.newStemmer("english");
  /** What one word is indexed and searched as; null for a stop word. */
  const terms = (word: string): string[] | null => {
    const w = fold(word);
    if (w.length < 2 || STOP_WORDS.has(w)) return null;
    return [...new Set([w, dutch.stem(w), english.stem(w)])];
  };
  const tokenize = (text: string) => text.match(WORD) ?? [];
  return { terms, tokenize };
}
export type TextTools = ReturnType<typeof createTextTools>;

const WINDOW_WORDS = 28;

/**
 * The passage around the best match: the window of words holding most of `matched` (the index's
 * terms the query met), cut at word edges, with the matched words marked. Plain pieces, never HTML.
 */
export function snippetOf(tools: TextTools, text: string, matched: ReadonlySet<string>): SnippetPiece[] {
  const words = [...text.matchAll(WORD)].map((m) => ({
    start: m.index,
    end: m.index + m[0].length,
    hit: (tools.terms(m[0]) ?? []).some((t) => matched.has(t)),
  }));
  if (words.length === 0) return text ? [{ text: text.slice(0, 200), match: false }] : [];
  // The window with the most hits (its first word a hit, so the passage opens on the match's context).
  let best = 0;
  let bestHits = -1;
  for (let i = 0; i < words.length; i++) {
    if (!words[i].hit && bestHits >= 0) continue;
    const from = Math.max(0, i - 6);
    const hits = words.slice(from, from + WINDOW_WORDS).filter((w) => w.hit).length;
    if (hits > bestHits) {
      best = from;
      bestHits = hits;
    }
  }
  const shown = words.slice(best, best + WINDOW_WORDS);
  const pieces: SnippetPiece[] = [];
  const push = (s: string, match: boolean) => {
    if (!s) return;
    const last = pieces.at(-1);
    if (last && last.match === match) last.text += s;
    else pieces.push({ text: s, match });
  };
  if (best > 0) push("… ", false);
  let at = shown[0].start;
  for (const w of shown) {
    push(text.slice(at, w.start).replace(/\s+/g, " "), false);
    push(text.slice(w.start, w.end), w.hit);
    at = w.end;
  }
  if (best + WINDOW_WORDS < words.length) push(" …", false);
  return pieces;
}
