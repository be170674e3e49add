import { useEffect, useState } from "react";
import type { LinksFunction } from "@remix-run/node";
import type * as Y from "yjs";
import { CollabEditor } from "./docs/collab-editor";
import docsStyles from "./docs/docs.css";
import boardStyles from "./board.css";
import { useT } from "../i18n/use-t";
import type { DocSync } from "../utils/doc-sync";
import { addCard, cardsOf, deleteCard, listCards, nextColumn, updateCard, type Card } from "../utils/board-cards";
import {
  BOARD_COLUMNS,
  type BoardColumn,
  CARD_COLOURS,
  type CardColour,
  MAX_CARDS,
  MAX_CARD_TEXT,
} from "../../models/collab/board.constants";

// A breakout's board (issue 16 item 3, decisions 072 and 073): the co-edited text and cards in
// columns, both in the one Y.Doc of the breakout's document (groupId = docId = the breakout's id).
// Cards are added, edited, recoloured, moved between columns and deleted with buttons and the
// keyboard; the columns stack on a phone. The page that shows it links `boardLinks`.

/** The stylesheets the board needs: spread into the route's `links`. */
export const boardLinks: LinksFunction = () => [
  { rel: "stylesheet", href: docsStyles },
  { rel: "stylesheet", href: boardStyles },
];

interface Props {
  /** The breakout's id (the board's scope; the document's groupId). */
  scopeId: string;
  /** The board's document id: the same id as scopeId. */
  docId: string;
  canWrite: boolean;
  /** The signed-in user: the author of their cards, and their caret's name. */
  user: { id: string; name: string };
  /** Shown as the editor's name to screen readers (default: "Board"). */
  title?: string;
}

export function Board({ scopeId, docId, canWrite, user, title }: Props) {
  const t = useT();
  // The editor and its sync exist in the browser only.
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);
  if (!mounted) return <p>{t("editor.loading")}</p>;
  return (
    <section className="board" aria-label={title ?? t("board.label")}>
      <CollabEditor
        key={docId}
        groupId={scopeId}
        docId={docId}
        title={title ?? t("board.label")}
        canWrite={canWrite}
        user={user}
        removedKey="board.removed"
        below={(sync, editable) => <Cards sync={sync} editable={editable} author={user.id} />}
      />
    </section>
  );
}

/** The cards of the sync's Y.Doc, re-read on every change (local or a co-editor's). */
function useCards(ydoc: Y.Doc): Card[] {
  const [cards, setCards] = useState(() => listCards(ydoc));
  useEffect(() => {
    const arr = cardsOf(ydoc);
    const reread = () => setCards(listCards(ydoc));
    reread();
    arr.observeDeep(reread);
    return () => arr.unobserveDeep(reread);
  }, [ydoc]);
  return cards;
}

function Cards({ sync, editable, author }: { sync: DocSync; editable: boolean; author: string }) {
  const t = useT();
  const cards = useCards(sync.ydoc);
  const full = cards.length >= MAX_CARDS;
  return (
    <div className="board-cards">
      <h2 className="board-heading">
        {t("board.cards")} <span className="muted">({t("board.count", { n: cards.length })})</span>
      </h2>
      {editable && full ? (
        <p className="notice" role="status">
          {t("board.full")}
        </p>
      ) : null}
      <div className="board-columns">
        {BOARD_COLUMNS.map((column) => {
          const here = cards.filter((c) => c.column === column);
          const headingId = `board-col-${column}`;
          return (
            <section key={column} className="board-column" aria-labelledby={headingId}>
              <h3 id={headingId}>
                {t(`board.column.${column}`)} <span className="muted">({here.length})</span>
              </h3>
              {here.length === 0 ? <p className="muted">{t("board.empty")}</p> : null}
              <ul className="board-list">
                {here.map((c) => (
                  <CardItem key={c.id} card={c} ydoc={sync.ydoc} editable={editable} />
                ))}
              </ul>
              {editable && !full ? <NewCard column={column} ydoc={sync.ydoc} author={author} /> : null}
            </section>
          );
        })}
      </div>
    </div>
  );
}

function CardItem({ card, ydoc, editable }: { card: Card; ydoc: Y.Doc; editable: boolean }) {
  const t = useT();
  // Typed here and stored on leaving the field (or Ctrl+Enter): one write per edit, not per keystroke.
  const [draft, setDraft] = useState<string | null>(null);
  const save = () => {
    if (draft !== null && draft.trim() !== card.text) updateCard(ydoc, card.id, { text: draft.trim() });
    setDraft(null);
  };
  const left = nextColumn(card.column, -1);
  const right = nextColumn(card.column, 1);
  const textId = `card-${card.id}`;
  if (!editable) {
    return (
      <li className={`board-card colour-${card.colour}`}>
        <p className="board-card-text">{card.text}</p>
      </li>
    );
  }
  return (
    <li className={`board-card colour-${card.colour}`}>
      <label className="sr-only" htmlFor={textId}>
        {t("board.text")}
      </label>
      <textarea
        id={textId}
        className="board-card-text"
        value={draft ?? card.text}
        maxLength={MAX_CARD_TEXT}
        rows={2}
        aria-keyshortcuts="Control+Enter Escape"
        title={t("board.keys")}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={save}
        onKeyDown={(e) => {
          if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            save();
          } else if (e.key === "Escape") setDraft(null);
        }}
      />
      <div className="board-card-actions">
        <label>
          <span className="sr-only">{t("board.colour")}</span>
          <select value={card.colour} onChange={(e) => updateCard(ydoc, card.id, { colour: e.target.value as CardColour })}>
            {CARD_COLOURS.map((c) => (
              <option key={c} value={c}>
                {t(`board.colour.${c}`)}
              </option>
            ))}
          </select>
        </label>
        {left ? (
          <button type="button" onClick={() => updateCard(ydoc, card.id, { column: left })}>
            <span aria-hidden="true">← </span>
            {t("board.moveLeft", { column: t(`board.column.${left}`) })}
          </button>
        ) : null}
        {right ? (
          <button type="button" onClick={() => updateCard(ydoc, card.id, { column: right })}>
            {t("board.moveRight", { column: t(`board.column.${right}`) })}
            <span aria-hidden="true"> →</span>
          </button>
        ) : null}
        <button type="button" className="danger" onClick={() => deleteCard(ydoc, card.id)}>
          {t("board.delete")}
        </button>
      </div>
    </li>
  );
}

function NewCard({ column, ydoc, author }: { column: BoardColumn; ydoc: Y.Doc; author: string }) {
  const t = useT();
  const [text, setText] = useState("");
  const [colour, setColour] = useState<CardColour>(CARD_COLOURS[0]);
  const id = `board-new-${column}`;
  const add = () => {
    if (!text.trim()) return;
    if (addCard(ydoc, { text: text.trim(), column, colour, author })) setText("");
  };
  return (
    <form
      className="board-new"
      onSubmit={(e) => {
        e.preventDefault();
        add();
      }}
    >
      <label htmlFor={id}>{t("board.new", { column: t(`board.column.${column}`) })}</label>
      <textarea
        id={id}
        value={text}
        maxLength={MAX_CARD_TEXT}
        rows={2}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            add();
          }
        }}
      />
      <div className="board-card-actions">
        <label>
          <span className="sr-only">{t("board.colour")}</span>
          <select value={colour} onChange={(e) => setColour(e.target.value as CardColour)}>
            {CARD_COLOURS.map((c) => (
              <option key={c} value={c}>
                {t(`board.colour.${c}`)}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" disabled={!text.trim()}>
          {t("board.add")}
        </button>
      </div>
    </form>
  );
}
