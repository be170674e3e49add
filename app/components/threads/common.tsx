import { useEffect, useRef } from "react";
import { useRevalidator } from "@remix-run/react";
import type { GroupEventDTO } from "../../../models/delivery/delivery.service";
import { getSocket, listen, watchSocket } from "../../utils/live.client";
import { followAllGroups, followGroup } from "../../utils/group-log.client";

/** Re-reads the page's loaders (debounced) when the group's log moves or the user read elsewhere. */
export function useRevalidateOnGroupEvents(groupId: string | null) {
  const revalidator = useRevalidator();
  const ref = useRef(revalidator);
  ref.current = revalidator;
  useEffect(() => {
    // Every page opens the tab's socket: only a group's page counts as online there (setHere).
    getSocket();
    let timer: ReturnType<typeof setTimeout> | null = null;
    const soon = () => {
      if (timer) clearTimeout(timer);
      // Only with a network: a failed revalidation would show the error page.
      timer = setTimeout(() => navigator.onLine && ref.current.revalidate(), 150);
    };
    const onEvent = (e: { groupId: string }) => (groupId === null || e.groupId === groupId) && soon();
    // Comments on documents travel in the same log but change nothing on the thread pages.
    const onGroupEvent = (e: GroupEventDTO) => !e.type.startsWith("comment.") && soon();
    const unfollow = groupId === null ? followAllGroups(onGroupEvent) : followGroup(groupId, onGroupEvent);
    const unwatch = watchSocket((socket) => {
      // After a reconnect the page may have missed events: read again.
      return listen(socket, { "thread:read": onEvent, "inbox:changed": onEvent, connect: soon });
    });
    return () => {
      if (timer) clearTimeout(timer);
      unfollow();
      unwatch();
    };
  }, [groupId]);
}
