import { useEffect, useRef } from "react";
import { useRevalidator } from "@remix-run/react";
import type { GroupEventDTO } from "../../../models/delivery/delivery.service";
import { watchNetwork } from "../../utils/thread-store.client";
import { getSocket, peekSocket } from "../../utils/live.client";

/** A timestamp in the page's language, the same on the server and in the browser. */
export const formatWhen = (iso: string, locale: string) =>
  new Intl.DateTimeFormat(locale === "en" ? "en-GB" : "nl-BE", {
    dateStyle: "short",
    timeStyle: "short",
    timeZone: "Europe/Brussels",
  }).format(new Date(iso));

export function When({ iso, locale, children }: { iso: string; locale: string; children?: (text: string) => string }) {
  const text = formatWhen(iso, locale);
  return <time dateTime={iso}>{children ? children(text) : text}</time>;
}

/** Re-reads the page's loaders (debounced) when the group's log moves or the user read elsewhere. */
export function useRevalidateOnGroupEvents(groupId: string | null) {
  const revalidator = useRevalidator();
  const ref = useRef(revalidator);
  ref.current = revalidator;
  useEffect(() => {
    // The inbox (no group) listens only when a page opened the socket; a group page opens it.
    const socket = groupId === null ? peekSocket() : getSocket();
    if (!socket) return;
    watchNetwork();
    let timer: ReturnType<typeof setTimeout> | null = null;
    const soon = () => {
      if (timer) clearTimeout(timer);
      // Only with a network: a failed revalidation would show the error page.
      timer = setTimeout(() => navigator.onLine && ref.current.revalidate(), 150);
    };
    const onEvent = (e: { groupId: string }) => (groupId === null || e.groupId === groupId) && soon();
    // Comments on documents travel in the same log but change nothing on the thread pages.
    const onGroupEvent = (e: GroupEventDTO) => !e.type.startsWith("comment.") && onEvent(e);
    socket.on("group:event", onGroupEvent);
    socket.on("thread:read", onEvent);
    socket.on("notification:new", onEvent);
    // After a reconnect the page may have missed events: read again.
    socket.on("connect", soon);
    return () => {
      if (timer) clearTimeout(timer);
      socket.off("group:event", onGroupEvent);
      socket.off("thread:read", onEvent);
      socket.off("notification:new", onEvent);
      socket.off("connect", soon);
    };
  }, [groupId]);
}
