// A board's cards in the update check (decision 073): accepted on a board only, as maps of the
// card's plain fields within their bounds; too many cards, too long a text, unknown fields or
// values, nested types and cards in another document are refused.
import { randomBytes } from "node:crypto";
import * as Y from "yjs";
import { describe, expect, it } from "vitest";
import { BOARD_ROOTS, CONTENT_FIELD } from "./doc-store";
import { CARDS_FIELD, MAX_CARDS, MAX_CARD_TEXT } from "./board.constants";
import { testNode } from "../../test/factories";

const card = (fields: Record<string, unknown> = {}) => {
  const m = new Y.Map<unknown>();
  for (const [k, v] of Object.entries({
    id: randomBytes(6).toString("hex"),
    text: "Idee",
    colour: "yellow",
    column: "ideas",
    author: "u1",
    ...fields,
  }))
    m.set(k, v);
  return m;
};

/** A stored board holding `n` cards, and a check of what an editor holding it does. */
function storedBoard(n = 0) {
  const base = new Y.Doc();
  base.transact(() => base.getArray(CARDS_FIELD).push(Array.from({ length: n }, () => card())));
  const state = Y.encodeStateAsUpdate(base);
  const docId = `board-${randomBytes(6).toString("hex")}`;
  const readLog = async (fromSeq: number) =>
    fromSeq === 0 ? { snapshot: state, entries: [], seq: 1 } : { snapshot: null, entries: [], seq: fromSeq };
  return async (edit: (cards: Y.Array<Y.Map<unknown>>, doc: Y.Doc) => void, roots = BOARD_ROOTS) => {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, state);
    const sv = Y.encodeStateVector(doc);
    doc.transact(() => edit(doc.getArray(CARDS_FIELD), doc));
    const { outcome, done } = await testNode().collab.checks.check(docId, Y.encodeStateAsUpdate(doc, sv), roots, readLog);
    done(false);
    return "ok" in outcome && !outcome.ok ? outcome.code : "ok";
  };
}

describe("a board's cards in the update check", () => {
  it("accepts cards with their fields, edits, moves and deletions, beside the text", async () => {
    const check = storedBoard(2);
    expect(await check((c) => c.push([card({ text: "x".repeat(MAX_CARD_TEXT) })]))).toBe("ok");
    expect(await check((c) => c.get(0).set("column", "actions"))).toBe("ok");
    expect(await check((c) => c.get(1).set("text", "Anders"))).toBe("ok");
    expect(await check((c) => c.delete(0, 1))).toBe("ok");
    expect(
      await check((c, d) => {
        c.push([card()]);
        const p = new Y.XmlElement("paragraph");
        d.getXmlFragment(CONTENT_FIELD).insert(0, [p]);
        p.insert(0, [new Y.XmlText("tekst")]);
      }),
    ).toBe("ok");
  });

  it("bounds them: count, text length, fields, values and shape", async () => {
    const full = storedBoard(MAX_CARDS);
    expect(await full((c) => c.push([card()]))).toBe("too_many_cards");
    expect(await full((c) => c.get(0).set("text", "nog steeds goed"))).toBe("ok"); // at the bound, editing is fine
    expect(await full((c) => c.delete(0, 1))).toBe("ok");
    const check = storedBoard(1);
    expect(await check((c) => c.push([card({ text: "x".repeat(MAX_CARD_TEXT + 1) })]))).toBe("too_much_text");
    expect(await check((c) => c.get(0).set("text", 42))).toBe("unknown_node");
    expect(await check((c) => c.get(0).set("colour", "black"))).toBe("unknown_node");
    expect(await check((c) => c.get(0).set("column", "elsewhere"))).toBe("unknown_node");
    expect(await check((c) => c.get(0).set("secret", "x"))).toBe("unknown_node");
    expect(await check((c) => c.get(0).set("author", "u".repeat(65)))).toBe("unknown_node");
    expect(await check((c) => c.get(0).set("text", new Y.Text("nested")))).toBe("unknown_node");
    expect(await check((c) => c.get(0).set("id", { an: "object" }))).toBe("unknown_node");
    expect(await check((c) => c.push(["a plain value" as never]))).toBe("unknown_node");
    expect(await check((c) => c.push([new Y.XmlElement("paragraph") as never]))).toBe("unknown_node");
    // Text in the content fragment is still held to the editor's schema.
    expect(await check((_c, d) => d.getXmlFragment(CONTENT_FIELD).insert(0, [new Y.XmlElement("script")]))).toBe("unknown_node");
  });

  it("are a foreign root in any other document", async () => {
    const check = storedBoard(0);
    expect(await check((c) => c.push([card()]), [CONTENT_FIELD])).toBe("foreign");
  });
});
