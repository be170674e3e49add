import { useEffect, useRef, useState, useSyncExternalStore } from "react";
import { getConnectionState, subscribeConnection, type ConnectionState } from "../utils/live.client";
import { useT } from "../i18n/use-t";

// The one connection indicator of every live page (docs/decisions/025-connection-status.md): the
// state comes from the tab's socket (live.client.ts), what waits from the page's own store (the
// thread's outbox, the document's unsent batches).

/** How long "back and saved" is shown before it becomes the quiet "saved". */
const BACK_SHOWN_MS = 5_000;

/** The tab's connection state; "connecting" on the server and while hydrating. */
export function useConnection(): ConnectionState {
  return useSyncExternalStore(
    (l) => subscribeConnection(l),
    () => getConnectionState(),
    () => "connecting",
  );
}

export type ShownState = "connecting" | "saved" | "saving" | "offline" | "reconnecting" | "back";

interface Props {
  /** What waits to be stored: pending messages, unsent document batches. */
  pending: number;
  /** What the page keeps while offline (none: the page writes nothing live). */
  unit?: "changes" | "messages";
  /** Connected but the page's store has not caught up yet (a document joining). */
  syncing?: boolean;
  /** A line about the page's own state (read-only, refused). */
  note?: string | null;
  /** Extra data attributes on the indicator. */
  data?: Record<`data-${string}`, string>;
}

export function ConnectionStatus({ pending, unit, syncing = false, note, data }: Props) {
  const t = useT();
  const conn = useConnection();
  const [back, setBack] = useState(false);
  const away = useRef(false);
  useEffect(() => {
    if (conn === "offline" || conn === "reconnecting") {
      away.current = true;
      setBack(false);
    } else if (conn === "connected" && away.current && pending === 0 && !syncing) {
      away.current = false;
      setBack(true);
    }
  }, [conn, pending, syncing]);
  useEffect(() => {
    if (!back) return;
    const timer = setTimeout(() => setBack(false), BACK_SHOWN_MS);
    return () => clearTimeout(timer);
  }, [back]);

  const state: ShownState = conn !== "connected" ? conn : syncing ? "connecting" : pending > 0 ? "saving" : back ? "back" : "saved";
  const text =
    state === "offline"
      ? t(unit === "changes" ? "live.offlineChanges" : unit === "messages" ? "live.offlineMessages" : "live.offline")
      : t(`live.${state}`);
  return (
    <div
      className={`connection connection-${state}`}
      data-state={state}
      data-pending={pending}
      data-testid="live-status"
      data-connected={conn === "connected" ? "yes" : "no"}
      {...data}
    >
      <span className="connection-dot" aria-hidden="true" />
      {/* Only the state is announced; the count changes with typing and is read where it stands. */}
      <p role="status" aria-live="polite" className="connection-text">
        {text}
      </p>
      {pending > 0 && unit ? (
        <p className="connection-waiting">{t(unit === "changes" ? "live.waitingChanges" : "live.waitingMessages", { n: pending })}</p>
      ) : null}
      {note ? <p className="connection-note">{note}</p> : null}
    </div>
  );
}
