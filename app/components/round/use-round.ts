import { useEffect, useRef, useState } from "react";
import type { RoundViewDTO } from "../../../models/intervision/round.dto";
import { useT } from "../../i18n/use-t";
import { getSocket, listen } from "../../utils/live.client";

// What every page of a live round shares (the member's page and the room's screen, decisions 031,
// 032, 045): the round's views as the server sends them, the timer from the server's timestamps
// corrected by this tab's clock offset, and what a screen reader hears: a new phase, and the
// timer's last minute once (never every second).

/** Milliseconds left on the view's timer at this tab's `now`, with the server's clock (serverNow - receivedAt) applied. */
export function remainingAt(view: RoundViewDTO, offset: number, now: number) {
  const t = view.timer;
  if (!t) return 0;
  const serverNow = now + offset;
  const paused = t.pausedMs + (t.pausedAt !== null ? serverNow - t.pausedAt : 0);
  return t.minutes * 60_000 + t.extendedMs - (serverNow - t.startedAt - paused);
}

/** When the current step closes (server time), or null while paused or without a timer. */
export function closesAt(view: RoundViewDTO): number | null {
  const t = view.timer;
  if (!t || t.pausedAt !== null) return null;
  return t.startedAt + t.minutes * 60_000 + t.extendedMs + t.pausedMs;
}

/** "m:ss" (or "h:mm:ss" past an hour). */
export const clock = (ms: number) => {
  const s = Math.max(0, Math.ceil(ms / 1000));
  const mm = String(Math.floor(s / 60) % 60);
  const ss = String(s % 60).padStart(2, "0");
  return s >= 3600 ? `${Math.floor(s / 3600)}:${mm.padStart(2, "0")}:${ss}` : `${mm}:${ss}`;
};

/** The round's newest view for this tab: `join` is "round:join" (a member's own view) or
 *  "round:screen" (the watchers' view, for the room's screen); a view for anyone else is ignored
 *  (a tab that showed the other page is still in that room). */
export function useRound(first: RoundViewDTO, join: "round:join" | "round:screen") {
  const t = useT();
  const [view, setView] = useState<RoundViewDTO>(first);
  const [offset, setOffset] = useState(0);
  const [left, setLeft] = useState(first.timer?.remainingMs ?? 0);
  const [announce, setAnnounce] = useState("");

  // biome-ignore lint/correctness/useExhaustiveDependencies: one subscription per round
  useEffect(() => {
    const socket = getSocket();
    const take = (v: RoundViewDTO) => {
      if (v.id !== first.id || v.you.userId !== first.you.userId) return;
      setOffset(v.serverNow - Date.now());
      setView((old) => (v.version >= old.version ? v : old));
    };
    const joinRound = () =>
      socket.emit(join, { groupId: first.groupId, roundId: first.id }, (res) => {
        if (res.ok) take(res.data);
      });
    const stop = listen(socket, { connect: joinRound, "round:state": take });
    if (socket.connected) joinRound();
    return stop;
  }, [first.id]);

  // The timer, from the server's timestamps; the last minute is announced once per step (an async
  // step's days are announced the same way in their last minute).
  const lastMinute = useRef(false);
  useEffect(() => {
    const tick = () => {
      const ms = remainingAt(view, offset, Date.now());
      setLeft(ms);
      if (ms <= 60_000 && ms > 0 && !lastMinute.current && view.timer?.pausedAt === null) {
        lastMinute.current = true;
        setAnnounce(t("round_timer_last_minute"));
      }
    };
    tick();
    const timer = setInterval(tick, 1000);
    return () => clearInterval(timer);
  }, [view, offset, t]);

  // A new phase is announced, and its last minute may be announced again.
  const shownStep = useRef(first.step?.index ?? -1);
  const shownStatus = useRef(first.status);
  useEffect(() => {
    const index = view.step?.index ?? -1;
    if (index === shownStep.current && view.status === shownStatus.current) return;
    shownStep.current = index;
    shownStatus.current = view.status;
    lastMinute.current = false;
    if (view.step) setAnnounce(t("round_phase_now", { name: view.step.name[t.locale] }));
    else if (view.status === "finished") setAnnounce(t("round_finished"));
  }, [view, t]);

  return { view, setView, offset, left, announce };
}
