import * as Y from "yjs";
import {
  BOARD_COLUMNS,
  type BoardColumn,
  CARDS_FIELD,
  CARD_COLOURS,
  type CardColour,
  MAX_CARDS,
  MAX_CARD_TEXT,
} from "../../models/collab/board.constants";

// A board's cards in its Y.Doc (docs/decisions/073-board-cards-in-the-ydoc.md): a root Y.Array of
// Y.Maps of plain values, so cards co-edit, merge and wait offline exactly like the text, through
// the same DocSync. Two people editing one card's text at once: the later write wins (a card is a
// sticky note, not a document). The server's update check bounds them (update-check.worker.mjs).

export interface Card {
  id: string;
  text: string;
  colour: CardColour;
  column: BoardColumn;
  author: string;
}

export const cardsOf = (ydoc: Y.Doc) => ydoc.getArray<Y.Map<unknown>>(CARDS_FIELD);

const read = (m: Y.Map<unknown>): Card | null => {
  const [id, text, colour, column, author] = ["id", "text", "colour", "column", "author"].map((k) => m.get(k));
  if (typeof id !== "string" || typeof text !== "string") return null;
  return {
    id,
    text,
    colour: (CARD_COLOURS as readonly unknown[]).includes(colour) ? (colour as CardColour) : CARD_COLOURS[0],
    column: (BOARD_COLUMNS as readonly unknown[]).includes(column) ? (column as BoardColumn) : BOARD_COLUMNS[0],
    author: typeof author === "string" ? author : "",
  };
};

/** The board's cards in their order (a card whose fields are missing is left out). */
export const listCards = (ydoc: Y.Doc): Card[] =>
  cardsOf(ydoc)
    .toArray()
    .map(read)
    .filter((c): c is Card => c !== null);

const indexOf = (ydoc: Y.Doc, id: string) =>
  cardsOf(ydoc)
    .toArray()
    .findIndex((m) => m.get("id") === id);

const newId = () => {
  const b = new Uint8Array(9);
  crypto.getRandomValues(b);
  return Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
};

/** Adds a card at the end of `column`; false when the board is full. */
export function addCard(ydoc: Y.Doc, fields: { text: string; column: BoardColumn; colour: CardColour; author: string }): string | null {
  const cards = cardsOf(ydoc);
  if (cards.length >= MAX_CARDS) return null;
  const id = newId();
  const m = new Y.Map<unknown>();
  ydoc.transact(() => {
    cards.push([m]);
    m.set("id", id);
    m.set("text", fields.text.slice(0, MAX_CARD_TEXT));
    m.set("colour", fields.colour);
    m.set("column", fields.column);
    m.set("author", fields.author.slice(0, 64));
  });
  return id;
}

/** Changes a card's text, colour or column (a move between columns); nothing when it is gone. */
export function updateCard(ydoc: Y.Doc, id: string, fields: Partial<Pick<Card, "text" | "colour" | "column">>) {
  const i = indexOf(ydoc, id);
  if (i < 0) return;
  const m = cardsOf(ydoc).get(i);
  ydoc.transact(() => {
    if (fields.text !== undefined && fields.text !== m.get("text")) m.set("text", fields.text.slice(0, MAX_CARD_TEXT));
    if (fields.colour !== undefined && fields.colour !== m.get("colour")) m.set("colour", fields.colour);
    if (fields.column !== undefined && fields.column !== m.get("column")) m.set("column", fields.column);
  });
}

/** Removes a card (nothing when another editor removed it first). */
export function deleteCard(ydoc: Y.Doc, id: string) {
  const i = indexOf(ydoc, id);
  if (i >= 0) cardsOf(ydoc).delete(i, 1);
}

/** The column left (-1) or right (+1) of `column`, or null at the edge. */
export function nextColumn(column: BoardColumn, step: -1 | 1): BoardColumn | null {
  return BOARD_COLUMNS[BOARD_COLUMNS.indexOf(column) + step] ?? null;
}
