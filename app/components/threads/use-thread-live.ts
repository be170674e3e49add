import { useCallback, useEffect, useRef, useState } from "react";
import type { MessageDTO, ThreadDTO } from "../../../models/thread/thread.service";
import type { MentionHint } from "../../../models/thread/mentions";
import type { GroupEventDTO } from "../../../models/delivery/delivery.service";
import type { Ack, CommandResult } from "../../../realtime/events";
import { applyToMessages, isThreadEvent, mergeMessages, newClientId, threadChange } from "./thread-state";
import { loadOutbox, saveOutbox, type OutboxEntry } from "../../utils/thread-store.client";
import type { AttachmentDto } from "../../../models/attachment/attachment.dto";
import { getSocket, listen } from "../../utils/live.client";
import { followGroup, receiveStored } from "../../utils/group-log.client";

const ACK_TIMEOUT = 10_000;
const TYPING_SHOWN_MS = 4_000;

interface Options {
  groupId: string;
  threadId: string;
  userId: string;
  /** The group log position the loader read before the messages. */
  baseSeq: number;
  thread: ThreadDTO;
  messages: MessageDTO[];
  hasMore: boolean;
  /** False on an older page (?before=): a static list. */
  live: boolean;
}

/**
 * One thread, live: applies the group's events once and in order, catches up from the database on
 * every (re)connect, marks read what is seen, and sends what the user writes through the tab's
 * outbox (pending while offline, resent with the same client id, refusals kept with their reason).
 */
export function useThreadLive(o: Options) {
  const { groupId, threadId, userId } = o;
  const [messages, setMessages] = useState(o.messages);
  const [thread, setThread] = useState(o.thread);
  const [hasMore, setHasMore] = useState(o.hasMore);
  const [connected, setConnected] = useState<boolean | null>(null);
  const [outbox, setOutboxState] = useState<OutboxEntry[]>([]);
  const [sendingId, setSendingId] = useState<string | null>(null);
  const [typing, setTyping] = useState<Record<string, number>>({});
  const [loadingOlder, setLoadingOlder] = useState(false);
  /** Ambiguous "@Name"s of the last message this tab sent (decision 027). */
  const [hints, setHints] = useState<MentionHint[]>([]);
  const outboxRef = useRef<OutboxEntry[]>([]);
  const flushing = useRef(false);
  const retryTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const readTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const readTo = useRef(0);
  const lastTyping = useRef(0);

  // Loader data read again (after a form action): merge, never lose a live change or older page.
  useEffect(() => {
    setMessages((cur) => mergeMessages(cur, o.messages));
    setThread(o.thread);
  }, [o.messages, o.thread]);

  const setOutbox = useCallback(
    (fn: (cur: OutboxEntry[]) => OutboxEntry[]) => {
      outboxRef.current = fn(outboxRef.current);
      saveOutbox(userId, outboxRef.current);
      setOutboxState(outboxRef.current);
    },
    [userId],
  );

  const markRead = useCallback(
    (seq: number) => {
      readTo.current = Math.max(readTo.current, seq);
      if (typeof document !== "undefined" && document.visibilityState !== "visible") return;
      if (readTimer.current) clearTimeout(readTimer.current);
      readTimer.current = setTimeout(() => {
        const socket = getSocket();
        if (socket.connected) socket.emit("thread:read", { groupId, threadId, seq: readTo.current }, () => undefined);
      }, 300);
    },
    [groupId, threadId],
  );

  const flush = useCallback(async () => {
    if (flushing.current) return;
    flushing.current = true;
    try {
      for (;;) {
        const socket = getSocket();
        const next = outboxRef.current.find((e) => e.status === "pending");
        if (!next || !socket.connected) return;
        setSendingId(next.clientId);
        let res: Ack<CommandResult<"message:send">>;
        try {
          res = await socket.timeout(ACK_TIMEOUT).emitWithAck("message:send", {
            groupId: next.groupId,
            threadId: next.threadId,
            clientId: next.clientId,
            text: next.text,
            attachmentIds: (next.attachments ?? []).map((a) => a.id),
          });
        } catch {
          // No answer in time: it stays pending and goes again with the same client id.
          if (retryTimer.current) clearTimeout(retryTimer.current);
          retryTimer.current = setTimeout(() => void flush(), 3_000);
          return;
        }
        if (res.ok) {
          setOutbox((cur) => cur.filter((e) => e.clientId !== next.clientId));
          // The hints are this author's answer, not part of the stored event.
          const { mentionHints, ...event } = res.data;
          setHints(mentionHints ?? []);
          receiveStored(event);
        } else if (res.error.code === "unavailable" || res.error.code === "rate_limited") {
          // Nothing was stored: the message stays pending and goes again, same client id, after a wait
          // (as long as the server asks, when it says).
          if (retryTimer.current) clearTimeout(retryTimer.current);
          retryTimer.current = setTimeout(() => void flush(), Math.max(3_000, (res.error.retryAfter ?? 0) * 1000));
          return;
        } else {
          const reason = res.error.message;
          const issue = res.error.issues?.[0]?.code;
          setOutbox((cur) =>
            cur.map((e) => (e.clientId === next.clientId ? { ...e, status: "refused" as const, error: reason, issue } : e)),
          );
        }
      }
    } finally {
      flushing.current = false;
      setSendingId(null);
    }
  }, [setOutbox]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: o.baseSeq is only where following starts; a later loader's baseSeq must not restart a follower that is caught up live
  useEffect(() => {
    outboxRef.current = loadOutbox(userId);
    setOutboxState(outboxRef.current);
    if (!o.live) return;
    const socket = getSocket();
    const apply = (ev: GroupEventDTO) => {
      if (!isThreadEvent(ev)) return;
      setMessages((cur) => applyToMessages(cur, ev, threadId));
      const th = threadChange(ev, threadId);
      if (th) setThread((cur) => ({ ...cur, pinned: th.pinned }));
      const d = ev.data;
      if ("message" in d && d.message.threadId === threadId && (d.kind === "message.sent" || d.kind === "thread.created")) markRead(ev.seq);
    };
    // The group's log from the loader's position on: caught up now and after every reconnect.
    const unfollow = followGroup(groupId, apply, o.baseSeq);
    const onConnect = () => {
      setConnected(true);
      void flush();
    };
    const onDisconnect = () => setConnected(false);
    const onTyping = (d: { groupId: string; threadId: string; userId: string }) => {
      if (d.groupId === groupId && d.threadId === threadId && d.userId !== userId) setTyping((cur) => ({ ...cur, [d.userId]: Date.now() }));
    };
    const onVisible = () => document.visibilityState === "visible" && readTo.current > 0 && markRead(readTo.current);
    const stop = listen(socket, {
      "thread:typing": onTyping,
      connect: onConnect,
      disconnect: onDisconnect,
      connect_error: onDisconnect,
    });
    document.addEventListener("visibilitychange", onVisible);
    if (socket.connected) onConnect();
    else if (!socket.active) setConnected(false);
    return () => {
      unfollow();
      stop();
      document.removeEventListener("visibilitychange", onVisible);
      if (retryTimer.current) clearTimeout(retryTimer.current);
      if (readTimer.current) clearTimeout(readTimer.current);
    };
  }, [groupId, threadId, userId, o.live, flush, markRead]);

  // Typing notices fade out.
  const typingIds = Object.keys(typing);
  useEffect(() => {
    if (typingIds.length === 0) return;
    const timer = setInterval(() => {
      const now = Date.now();
      setTyping((cur) => Object.fromEntries(Object.entries(cur).filter(([, at]) => now - at < TYPING_SHOWN_MS)));
    }, 1_000);
    return () => clearInterval(timer);
  }, [typingIds.length]);

  /** Queues a reply; it is sent now when connected, otherwise on reconnect. */
  const send = useCallback(
    (text: string, attachments: AttachmentDto[] = []) => {
      const entry: OutboxEntry = {
        clientId: newClientId(),
        groupId,
        threadId,
        text,
        attachments,
        createdAt: new Date().toISOString(),
        status: "pending",
      };
      setOutbox((cur) => [...cur, entry]);
      // Sending ends the typing burst: the next keystroke says "typing" again at once.
      lastTyping.current = 0;
      void flush();
    },
    [groupId, threadId, setOutbox, flush],
  );

  const discard = useCallback((clientId: string) => setOutbox((cur) => cur.filter((e) => e.clientId !== clientId)), [setOutbox]);

  const notifyTyping = useCallback(() => {
    const socket = getSocket();
    const now = Date.now();
    if (!socket.connected || now - lastTyping.current < 2_500) return;
    lastTyping.current = now;
    socket.emit("thread:typing", { groupId, threadId }, () => undefined);
  }, [groupId, threadId]);

  /** The page before the oldest shown message, through the socket; false when not connected. */
  const loadOlder = useCallback(async () => {
    const socket = getSocket();
    const oldest = messages[0]?.seq;
    if (!socket.connected || !oldest) return false;
    setLoadingOlder(true);
    try {
      const r = await socket.timeout(ACK_TIMEOUT).emitWithAck("thread:history", { groupId, threadId, beforeSeq: oldest, limit: 30 });
      if (r.ok) {
        setMessages((cur) => mergeMessages(r.data.messages, cur));
        setHasMore(r.data.hasMore);
      }
      return r.ok;
    } catch {
      return false;
    } finally {
      setLoadingOlder(false);
    }
  }, [groupId, threadId, messages]);

  return {
    messages,
    thread,
    hasMore,
    connected,
    pending: outbox.filter((e) => e.threadId === threadId),
    sendingId,
    typingUserIds: typingIds,
    loadingOlder,
    hints,
    clearHints: useCallback(() => setHints([]), []),
    send,
    discard,
    notifyTyping,
    loadOlder,
  };
}
