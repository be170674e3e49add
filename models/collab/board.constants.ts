// A breakout's board (decision 073): the document's text plus cards, both in the one Y.Doc so they
// co-edit, merge and work offline alike. Plain values shared by the update check (its bounds), the
// server and the browser (app/components/board.tsx); no Yjs or mongoose here.

/** The root Y.Array of a board's cards, beside the text's fragment ("default"). */
export const CARDS_FIELD = "cards";

/** The columns a card sits in, in order (their names are catalogue keys board.column.<name>). */
export const BOARD_COLUMNS = ["ideas", "questions", "actions"] as const;
export type BoardColumn = (typeof BOARD_COLUMNS)[number];

/** A card's colours (catalogue keys board.colour.<name>). */
export const CARD_COLOURS = ["yellow", "blue", "green", "pink"] as const;
export type CardColour = (typeof CARD_COLOURS)[number];

/** Most cards on one board (live ones: a deleted card no longer counts). */
export const MAX_CARDS = 200;
/** Most characters of one card's text. */
export const MAX_CARD_TEXT = 500;

/** A card is a Y.Map with exactly these fields, each a plain value: id and author are short strings
 *  (a client-made id, the author's user id), text at most MAX_CARD_TEXT, colour one of CARD_COLOURS,
 *  column one of BOARD_COLUMNS. */
export const CARD_FIELDS = ["id", "text", "colour", "column", "author"] as const;
/** Longest id or author value. */
export const MAX_CARD_ID = 64;
