import { useCallback, useEffect, useState } from "react";
import { applyCommentEvent, mergeComments, type CommentDTO } from "../../../models/comment/comment.dto";
import { newClientId } from "../threads/thread-state";
import { getSocket, listen } from "../../utils/live.client";
import { followGroup, receiveStored } from "../../utils/group-log.client";

const ACK_TIMEOUT = 10_000;

export type CommentCommand =
  | { event: "comment:add"; payload: { anchorStart: string; anchorEnd: string; body: string } }
  | { event: "comment:reply"; payload: { commentId: string; body: string } }
  | { event: "comment:resolve"; payload: { commentId: string; resolved: boolean } };

export type CommandResult = { ok: true } | { ok: false; code: string; message: string | null };

/**
 * One document's comments, live: the group's events applied once and in order (comment events of
 * this document change the list), caught up from the group's log on every (re)connect. Commands go
 * over the socket with a client id; a retry of the same command (`clientId` given back) is stored once.
 */
export function useDocComments(o: { groupId: string; docId: string; comments: CommentDTO[]; syncFrom: number }) {
  const { groupId, docId } = o;
  const [comments, setComments] = useState(o.comments);
  const [connected, setConnected] = useState<boolean | null>(null);

  // Loader data read again (after a form action or navigation): merge, never lose a live change.
  useEffect(() => setComments((cur) => mergeComments(cur, o.comments)), [o.comments]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: o.syncFrom is only where following starts; a later loader's syncFrom must not restart a follower that is caught up live
  useEffect(() => {
    const socket = getSocket();
    const unfollow = followGroup(groupId, (ev) => setComments((cur) => applyCommentEvent(cur, ev, docId)), o.syncFrom);
    const stop = listen(socket, { connect: () => setConnected(true), disconnect: () => setConnected(false) });
    if (socket.connected) setConnected(true);
    return () => {
      unfollow();
      stop();
    };
  }, [groupId, docId]);

  /** Sends one command; resolves once stored (the event is applied at once) or refused. */
  const run = useCallback(
    async (cmd: CommentCommand, clientId: string = newClientId()): Promise<CommandResult> => {
      const socket = getSocket();
      if (!socket.connected) return { ok: false, code: "offline", message: null };
      try {
        const s = socket.timeout(ACK_TIMEOUT);
        const ids = { groupId, docId, clientId };
        const r =
          cmd.event === "comment:add"
            ? await s.emitWithAck("comment:add", { ...ids, ...cmd.payload })
            : cmd.event === "comment:reply"
              ? await s.emitWithAck("comment:reply", { ...ids, ...cmd.payload })
              : await s.emitWithAck("comment:resolve", { ...ids, ...cmd.payload });
        if (!r.ok) return { ok: false, code: r.error.issues?.[0]?.path === "anchor" ? "anchor" : r.error.code, message: r.error.message };
        receiveStored(r.data);
        return { ok: true };
      } catch {
        return { ok: false, code: "offline", message: null };
      }
    },
    [groupId, docId],
  );

  return { comments, connected, run };
}
