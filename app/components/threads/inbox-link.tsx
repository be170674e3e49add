import { useEffect, useRef, useState } from "react";
import { NavLink, useFetcher } from "@remix-run/react";
import { useT } from "../../i18n/use-t";
import type { ThreadEvent } from "./thread-state";
import { appSocket, watchNetwork } from "../../utils/thread-store.client";

/** The navigation's inbox link with the unread count, kept current from the socket. */
export function InboxLink({ initial, userId }: { initial: number; userId: string }) {
  const t = useT();
  const fetcher = useFetcher<{ total: number }>();
  const [count, setCount] = useState(initial);
  const load = useRef(fetcher.load);
  load.current = fetcher.load;
  useEffect(() => setCount(initial), [initial]);
  useEffect(() => {
    if (typeof fetcher.data?.total === "number") setCount(fetcher.data.total);
  }, [fetcher.data]);
  useEffect(() => {
    const socket = appSocket();
    watchNetwork();
    let timer: ReturnType<typeof setTimeout> | null = null;
    const soon = () => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => load.current("/inbox"), 250);
    };
    const onEvent = (e: ThreadEvent) => {
      const d = e.data;
      if ("message" in d && d.message.authorId !== userId) soon();
    };
    socket.on("group:event", onEvent as never);
    socket.on("thread:read", soon);
    socket.on("notification:new", soon);
    socket.on("connect", soon);
    return () => {
      if (timer) clearTimeout(timer);
      socket.off("group:event", onEvent as never);
      socket.off("thread:read", soon);
      socket.off("notification:new", soon);
      socket.off("connect", soon);
    };
  }, [userId]);
  return (
    <NavLink to="/inbox" data-testid="inbox-link">
      {t("nav.inbox")}
      {count > 0 ? (
        <span className="badge unread" data-testid="inbox-unread">
          {t("nav.inboxUnread", { n: count })}
        </span>
      ) : null}
    </NavLink>
  );
}
