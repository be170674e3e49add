import { useCallback, useEffect, useRef, useState } from "react";
import type { GroupEventDTO } from "../../../models/delivery/delivery.service";
import { applyCommentEvent, mergeComments, type CommentDTO } from "../../../models/comment/comment.dto";
import { GroupSequencer, newClientId } from "../threads/thread-state";
import { appSocket } from "../../utils/thread-store.client";

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
  const sequencer = useRef<GroupSequencer<GroupEventDTO> | null>(null);

  // Loader data read again (after a form action or navigation): merge, never lose a live change.
  useEffect(() => setComments((cur) => mergeComments(cur, o.comments)), [o.comments]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: o.syncFrom is only where the sequencer starts; a later loader's syncFrom must not restart a sequencer that is caught up live
  useEffect(() => {
    const socket = appSocket();
    const seq = new GroupSequencer<GroupEventDTO>(
      o.syncFrom,
      (ev) => setComments((cur) => applyCommentEvent(cur, ev, docId)),
      async (afterSeq) => {
        if (!socket.connected) return null;
        try {
          const r = await socket.timeout(ACK_TIMEOUT).emitWithAck("group:sync", { groupId, afterSeq });
          return r.ok ? (r.data as GroupEventDTO[]) : null;
        } catch {
          return null;
        }
      },
    );
    sequencer.current = seq;
    const onEvent = (ev: GroupEventDTO) => ev.groupId === groupId && seq.receive(ev);
    const onConnect = () => {
      setConnected(true);
      void seq.sync();
    };
    const onDisconnect = () => setConnected(false);
    socket.on("group:event", onEvent);
    socket.on("connect", onConnect);
    socket.on("disconnect", onDisconnect);
    if (socket.connected) onConnect();
    return () => {
      socket.off("group:event", onEvent);
      socket.off("connect", onConnect);
      socket.off("disconnect", onDisconnect);
      sequencer.current = null;
    };
  }, [groupId, docId]);

  /** Sends one command; resolves once stored (the event is applied at once) or refused. */
  const run = useCallback(
    async (cmd: CommentCommand, clientId: string = newClientId()): Promise<CommandResult> => {
      const socket = appSocket();
      if (!socket.connected) return { ok: false, code: "offline", message: null };
      try {
        const r = await socket
          .timeout(ACK_TIMEOUT)
          .emitWithAck(cmd.event as "comment:reply", { groupId, docId, clientId, ...cmd.payload } as never);
        if (!r.ok) return { ok: false, code: r.error.issues?.[0]?.path === "anchor" ? "anchor" : r.error.code, message: r.error.message };
        sequencer.current?.receive(r.data as GroupEventDTO);
        return { ok: true };
      } catch {
        return { ok: false, code: "offline", message: null };
      }
    },
    [groupId, docId],
  );

  return { comments, connected, run };
}
