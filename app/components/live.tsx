import { useEffect, useState } from "react";
import { useNavigate, useRevalidator } from "@remix-run/react";
import { getSocket, listen, setHere } from "../utils/live.client";

/** The tab shows a page of this group while the calling layout is mounted: only then does the
 *  user count as online in it (a page outside groups, such as the inbox, counts nowhere). */
export function usePresenceHere(groupId: string) {
  useEffect(() => {
    setHere(groupId);
    return () => setHere(null);
  }, [groupId]);
}

/** Live state of one group: who is online (the connection itself: components/connection-status.tsx). Reloads the page's
 *  data when the group changes, and leaves the page when the user was removed from the group. */
export function useGroupLive(groupId: string, enabled: boolean) {
  const [online, setOnline] = useState<string[]>([]);
  const revalidator = useRevalidator();
  const navigate = useNavigate();

  // biome-ignore lint/correctness/useExhaustiveDependencies: subscribes once per group: the revalidator object changes with every revalidation it starts (re-subscribing would drop and re-add all listeners), and its revalidate and navigate are the router's stable functions
  useEffect(() => {
    if (!enabled) return;
    const socket = getSocket();
    const refresh = () =>
      socket.emit("presence:list", { groupId }, (res) => {
        if (res.ok) setOnline(res.data.userIds);
      });
    const onConnect = () => refresh();
    const onPresence = (s: { groupId: string; userIds: string[] }) => s.groupId === groupId && setOnline(s.userIds);
    const onChanged = (d: { groupId: string }) => d.groupId === groupId && revalidator.revalidate();
    const onRemoved = (d: { groupId: string }) => d.groupId === groupId && navigate("/");
    const stop = listen(socket, {
      connect: onConnect,
      "presence:state": onPresence,
      "group:changed": onChanged,
      "charter:versioned": onChanged,
      "group:removed": onRemoved,
    });
    if (socket.connected) onConnect();
    return stop;
  }, [groupId, enabled]);

  return { online };
}
