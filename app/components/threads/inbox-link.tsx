import { useEffect, useRef, useState } from "react";
import { NavLink, useLocation } from "@remix-run/react";
import { useT } from "../../i18n/use-t";
import type { GroupEventDTO } from "../../../models/delivery/delivery.service";
import { isThreadEvent } from "./thread-state";
import { getSocket, listen, watchSocket } from "../../utils/live.client";
import { followAllGroups } from "../../utils/group-log.client";

/** The navigation's inbox link with the unread count, live: it opens the tab's socket (which counts
 *  as online only on a group's page, see setHere) and asks again on every event that changes the
 *  count (the user's inbox:changed, others' messages in the groups' logs) and on every navigation. */
export function InboxLink({ initial, userId }: { initial: number; userId: string }) {
  const t = useT();
  const { pathname } = useLocation();
  const [count, setCount] = useState(initial);
  const first = useRef(true);
  useEffect(() => setCount(initial), [initial]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: pathname is the trigger: the count is asked again on every navigation
  useEffect(() => {
    let asked = 0;
    let cancelled = false;
    // A plain background request: failing (offline) keeps the last count, never the error page.
    const load = async () => {
      // Offline, a request only fails (and the browser logs it): the reconnect asks again.
      if (!navigator.onLine) return;
      const mine = ++asked;
      try {
        const res = await fetch("/inbox/count", { credentials: "same-origin", headers: { Accept: "application/json" } });
        const body = res.ok ? ((await res.json()) as { total?: unknown }) : null;
        if (!cancelled && mine === asked && typeof body?.total === "number") setCount(body.total);
      } catch {
        // offline: the next event, reconnect or navigation asks again
      }
    };
    let timer: ReturnType<typeof setTimeout> | null = null;
    const soon = () => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => void load(), 250);
    };
    const onEvent = (e: GroupEventDTO) => {
      if (isThreadEvent(e) && "message" in e.data && e.data.message.authorId !== userId) soon();
    };
    if (first.current) first.current = false;
    else soon();
    const unfollow = followAllGroups(onEvent);
    getSocket();
    const unwatch = watchSocket((socket) => listen(socket, { "inbox:changed": soon, connect: soon }));
    return () => {
      cancelled = true;
      if (timer) clearTimeout(timer);
      unfollow();
      unwatch();
    };
  }, [userId, pathname]);
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
