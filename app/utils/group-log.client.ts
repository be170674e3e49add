import type { GroupEventDTO } from "../../models/delivery/delivery.service";
import { GroupLog, type GroupEventListener } from "./group-log";
import { listen, peekSocket, watchSocket } from "./live.client";

// The tab's one subscription to the groups' logs: group:event and group:sync are sequenced here
// once, for the thread pages, the comment panels, the inbox link and the pages' revalidation.
// It never opens the socket: it listens once a page opened one.

const ACK_TIMEOUT = 10_000;

let log: GroupLog | null = null;

function tabLog(): GroupLog {
  if (log) return log;
  const created = new GroupLog({
    connected: () => peekSocket()?.connected ?? false,
    fetchAfter: async (groupId, afterSeq) => {
      const socket = peekSocket();
      if (!socket?.connected) return null;
      try {
        const r = await socket.timeout(ACK_TIMEOUT).emitWithAck("group:sync", { groupId, afterSeq });
        return r.ok ? r.data : null;
      } catch {
        return null;
      }
    },
  });
  watchSocket((socket) =>
    listen(socket, {
      "group:event": (e) => created.receive(e),
      connect: () => created.connected(),
      disconnect: () => created.disconnected(),
      "group:removed": (d) => created.forget(d.groupId),
    }),
  );
  log = created;
  return created;
}

/** Follows one group's events, once each and in order: from `from` on (a loader's log position,
 *  caught up from the server), or from now on without it. Returns the unfollow. */
export const followGroup = (groupId: string, onEvent: GroupEventListener, from?: number) => tabLog().follow(groupId, onEvent, from);

/** Every group's new events (in each group's order). Returns the unfollow. */
export const followAllGroups = (onEvent: GroupEventListener) => tabLog().followAll(onEvent);

/** An event the server acknowledged to this tab's own command: applied as if it came live. */
export const receiveStored = (event: GroupEventDTO) => tabLog().receive(event);
