import { useEffect, useState } from "react";
import { useNavigate, useRevalidator } from "@remix-run/react";
import { getSocket, listen, setHere } from "../utils/live.client";
import { useT } from "../i18n/use-t";

/** The tab shows a page of this group while the calling layout is mounted: only then does the
 *  user count as online in it (a page outside groups, such as the inbox, counts nowhere). */
export function usePresenceHere(groupId: string) {
  useEffect(() => {
    setHere(groupId);
    return () => setHere(null);
  }, [groupId]);
}

/** Live state of one group: who is online and whether the connection stands. Reloads the page's
 *  data when the group changes, and leaves the page when the user was removed from the group. */
export function useGroupLive(groupId: string, enabled: boolean) {
  const [online, setOnline] = useState<string[]>([]);
  const [connected, setConnected] = useState<boolean | null>(null);
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
    const onConnect = () => {
      setConnected(true);
      refresh();
    };
    const onDisconnect = () => setConnected(false);
    const onPresence = (s: { groupId: string; userIds: string[] }) => s.groupId === groupId && setOnline(s.userIds);
    const onChanged = (d: { groupId: string }) => d.groupId === groupId && revalidator.revalidate();
    const onRemoved = (d: { groupId: string }) => d.groupId === groupId && navigate("/");
    const stop = listen(socket, {
      connect: onConnect,
      disconnect: onDisconnect,
      connect_error: onDisconnect,
      "presence:state": onPresence,
      "group:changed": onChanged,
      "charter:versioned": onChanged,
      "group:removed": onRemoved,
    });
    if (socket.connected) onConnect();
    return stop;
  }, [groupId, enabled]);

  return { online, connected };
}

export function LiveStatus({ connected }: { connected: boolean | null }) {
  const t = useT();
  if (connected === null) return null;
  return (
    <p className="status" role="status">
      {connected ? t("group.live") : t("group.offline")}
    </p>
  );
}
