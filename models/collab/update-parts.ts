import { DomainError } from "../shared/errors";
import type { Connection } from "../shared/context";
import { MAX_UPDATE_BYTES } from "../document/document.constants";

// A batch above one frame arrives in parts (docs/decisions/011-update-limits.md): typically the
// offline work of an editor that was disconnected for a while. The node holds the parts in memory
// until the last one arrives, then the whole goes through the same check and append as any batch,
// so it is stored once (its client id) however often it is resent. What is held is bounded: per
// upload (MAX_UPDATE_BYTES), per socket (two uploads: a newer one replaces the oldest), per user
// over all of the user's sockets on this node (USER_MAX_BYTES) and per node (NODE_MAX_BYTES), beyond
// which a part is refused rate_limited, and in time (an upload not continued within PART_TTL_MS is
// dropped, and a socket's uploads go with it when it disconnects). A dropped upload costs the
// client a restart from part 0, never a lost edit: it is told `next: 0`.

const PART_TTL_MS = 60_000;
const UPLOADS_PER_SOCKET = 2;
const USER_MAX_BYTES = 2 * MAX_UPDATE_BYTES;
const NODE_MAX_BYTES = 64 * 1024 * 1024;
const NODE_MAX_UPLOADS = 2_000;

interface Upload {
  socketId: string;
  userId: string;
  groupId: string;
  docId: string;
  total: number;
  parts: Uint8Array[];
  bytes: number;
  touched: number;
}

/** The connection the parts come through (ServiceContext.connection: a socket). */
type PartConnection = Pick<Connection, "id" | "onClose">;

export interface PartInput {
  groupId: string;
  docId: string;
  clientId: string;
  index: number;
  total: number;
  part: Uint8Array;
}

/** One node's uploads in parts: `receive` takes a part, `heldBytes` tells what the node holds. */
export function createUpdateParts() {
  /** Uploads in progress on the node, by socket id and client id, oldest first. */
  const uploads = new Map<string, Upload>();
  /** Sockets whose disconnect drops their uploads. */
  const listening = new Set<string>();
  let heldBytes = 0;

  function drop(key: string) {
    const u = uploads.get(key);
    if (!u) return;
    heldBytes -= u.bytes;
    uploads.delete(key);
  }

  function sweep(now: number) {
    for (const [key, u] of uploads) if (now - u.touched > PART_TTL_MS) drop(key);
  }

  /**
   * Takes one part (the caller has authorised the sender for the document). Returns the part the
   * client should send next, or, with the last part, the whole update; throws invalid_input when the
   * whole would exceed MAX_UPDATE_BYTES and rate_limited when this node holds too much already.
   */
  function receive(socket: PartConnection, userId: string, input: PartInput): { next: number } | { update: Uint8Array } {
    const now = Date.now();
    sweep(now);
    const key = `${socket.id} ${input.clientId}`;
    let u = uploads.get(key);
    if (u && (u.groupId !== input.groupId || u.docId !== input.docId || u.total !== input.total)) {
      drop(key); // the same client id for something else: start over
      u = undefined;
    }
    if (!u) {
      if (input.index !== 0) return { next: 0 }; // parts before it were dropped (expired, other node): restart
      const mine = [...uploads.entries()].filter(([, x]) => x.socketId === socket.id);
      if (mine.length >= UPLOADS_PER_SOCKET) drop(mine[0][0]);
      if (uploads.size >= NODE_MAX_UPLOADS || heldBytes + input.part.byteLength > NODE_MAX_BYTES) {
        throw new DomainError("rate_limited", undefined, { retryAfter: 10 });
      }
      if (!listening.has(socket.id)) {
        listening.add(socket.id);
        socket.onClose(() => {
          listening.delete(socket.id);
          for (const [k, x] of uploads) if (x.socketId === socket.id) drop(k);
        });
      }
      u = {
        socketId: socket.id,
        userId,
        groupId: input.groupId,
        docId: input.docId,
        total: input.total,
        parts: [],
        bytes: 0,
        touched: now,
      };
      uploads.set(key, u);
    }
    // Parts come in order, one at a time; a repeated or skipped one is answered with the one expected.
    if (input.index !== u.parts.length) return { next: u.parts.length };
    if (u.bytes + input.part.byteLength > MAX_UPDATE_BYTES) {
      drop(key);
      throw new DomainError("invalid_input", [{ path: "part", code: "too_large" }]);
    }
    let users = 0;
    for (const x of uploads.values()) if (x.userId === userId) users += x.bytes;
    if (heldBytes + input.part.byteLength > NODE_MAX_BYTES || users + input.part.byteLength > USER_MAX_BYTES) {
      throw new DomainError("rate_limited", undefined, { retryAfter: 10 });
    }
    u.parts.push(input.part);
    u.bytes += input.part.byteLength;
    heldBytes += input.part.byteLength;
    u.touched = now;
    if (u.parts.length < u.total) return { next: u.parts.length };
    drop(key);
    const update = new Uint8Array(u.bytes);
    let at = 0;
    for (const p of u.parts) {
      update.set(p, at);
      at += p.byteLength;
    }
    return { update };
  }

  return {
    receive,
    /** Bytes the node holds in unfinished uploads (tests: nothing is left behind). */
    heldBytes: () => heldBytes,
  };
}

/** One node's uploads in parts (createUpdateParts). */
export type UpdateParts = ReturnType<typeof createUpdateParts>;
