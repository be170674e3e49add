import { useEffect, useId, useRef, useState, type KeyboardEvent, type TextareaHTMLAttributes } from "react";
import { matchMembers, mentionQueryAt, type MentionCandidate, type MentionHint } from "../../../models/thread/mentions";
import { useT } from "../../i18n/use-t";
import { DATE_LOCALE } from "../../../models/i18n/dates";

type Props = Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, "value" | "onChange" | "defaultValue"> & {
  value: string;
  onValueChange: (value: string) => void;
  /** Who "@" completes to: the group's active members the user may see (from the loader). */
  members: MentionCandidate[];
  textareaRef?: React.RefObject<HTMLTextAreaElement>;
};

/**
 * A textarea that offers the group's members while an "@name" is typed (decision 027): a listbox
 * below it, used with the arrow keys, Enter or Tab to pick and Escape to close, or by mouse and
 * touch. The textarea keeps its textbox role (a textarea may take no other) and carries the
 * combobox pattern's states: aria-autocomplete, aria-controls and aria-activedescendant.
 */
export function MentionTextarea({ value, onValueChange, members, textareaRef, onKeyDown, onBlur, ...rest }: Props) {
  const t = useT();
  const listId = useId();
  const ownRef = useRef<HTMLTextAreaElement>(null);
  const ref = textareaRef ?? ownRef;
  const [caret, setCaret] = useState<number | null>(null);
  const [active, setActive] = useState(0);
  // The "@" whose list was closed with Escape (or by a pick): it stays closed until another "@".
  const [closedAt, setClosedAt] = useState<number | null>(null);
  const placeCaret = useRef<number | null>(null);

  const query = caret === null ? null : mentionQueryAt(value, caret);
  const options = query && query.start !== closedAt ? matchMembers(query.query, members) : [];
  const open = options.length > 0;
  const current = open ? Math.min(active, options.length - 1) : -1;
  const optionId = (i: number) => `${listId}-o${i}`;

  useEffect(() => {
    const at = placeCaret.current;
    if (at === null || !ref.current) return;
    placeCaret.current = null;
    ref.current.setSelectionRange(at, at);
  });

  const track = (el: HTMLTextAreaElement) => setCaret(el.selectionStart === el.selectionEnd ? el.selectionStart : null);

  const pick = (m: MentionCandidate) => {
    if (!query || caret === null) return;
    const insert = `@${m.name} `;
    const next = value.slice(0, query.start) + insert + value.slice(caret).replace(/^ /, "");
    const at = query.start + insert.length;
    placeCaret.current = at;
    setCaret(at);
    setClosedAt(query.start);
    onValueChange(next);
    ref.current?.focus();
  };

  const keyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (open && !e.ctrlKey && !e.metaKey && !e.altKey) {
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        e.preventDefault();
        const step = e.key === "ArrowDown" ? 1 : -1;
        setActive((current + step + options.length) % options.length);
        return;
      }
      if (e.key === "Enter" || e.key === "Tab") {
        e.preventDefault();
        pick(options[current]);
        return;
      }
      if (e.key === "Escape") {
        e.preventDefault();
        setClosedAt(query?.start ?? null);
        return;
      }
    }
    onKeyDown?.(e);
  };

  return (
    <div className="mention-box">
      <textarea
        {...rest}
        ref={ref}
        value={value}
        aria-autocomplete="list"
        aria-haspopup="listbox"
        aria-controls={open ? listId : undefined}
        aria-activedescendant={open ? optionId(current) : undefined}
        onChange={(e) => {
          onValueChange(e.target.value);
          track(e.target);
          setActive(0);
        }}
        onSelect={(e) => track(e.currentTarget)}
        onKeyDown={keyDown}
        onBlur={(e) => {
          setCaret(null);
          onBlur?.(e);
        }}
      />
      {open ? (
        <div className="mention-list" role="listbox" id={listId} aria-label={t("thread.mentionSuggestions")} data-testid="mention-list">
          {options.map((m, i) => (
            // The keys stay with the textarea (aria-activedescendant); a click or tap picks
            // without taking the caret away from it.
            <div
              key={m.userId}
              id={optionId(i)}
              role="option"
              tabIndex={-1}
              aria-selected={i === current}
              className={i === current ? "mention-option active" : "mention-option"}
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => pick(m)}
              onKeyDown={(e) => {
                if (e.key !== "Enter" && e.key !== " ") return;
                e.preventDefault();
                pick(m);
              }}
            >
              {m.name}
            </div>
          ))}
        </div>
      ) : null}
      <p className="sr-only" aria-live="polite">
        {open ? t("thread.mentionCount", { n: options.length }) : ""}
      </p>
    </div>
  );
}

/** The hints of the last write: "@An matches An Peeters and An Smets: type the full name". */
export function MentionHints({ hints, onDismiss }: { hints: MentionHint[]; onDismiss?: () => void }) {
  const t = useT();
  if (hints.length === 0) return null;
  const list = new Intl.ListFormat(DATE_LOCALE[t.locale], { type: "conjunction" });
  return (
    <div className="mention-hints" role="status" data-testid="mention-hints">
      {hints.map((h) => (
        <p key={h.typed} className="mention-hint">
          {t("thread.mentionAmbiguous", { typed: h.typed, names: list.format(h.names) })}
        </p>
      ))}
      {onDismiss ? (
        <button type="button" className="secondary" onClick={onDismiss}>
          {t("thread.mentionHintDismiss")}
        </button>
      ) : null}
    </div>
  );
}
