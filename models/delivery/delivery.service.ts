import { GroupEvent } from "./group-event.model";
import { oid } from "../shared/ids";
import { DomainError } from "../shared/errors";
import type { Id, Publisher } from "../shared/context";

export interface GroupEventDTO<T = unknown> {
  groupId: string;
  seq: number;
  type: string;
  data: T;
  at: string;
}

const isDuplicateKey = (e: unknown) => (e as { code?: number })?.code === 11000;

/** For materialising an event by _id: a duplicate means a retry already did it. */
export const ignoreDuplicateKey = (e: unknown) => {
  if (!isDuplicateKey(e)) throw e;
};

const toDTO = <T>(e: { groupId: unknown; seq: number; type: string; data: unknown; at: Date }): GroupEventDTO<T> => ({
  groupId: String(e.groupId),
  seq: e.seq,
  type: e.type,
  data: e.data as T,
  at: e.at.toISOString(),
});

export const commandIdOf = (actorId: string, clientId: string) => `${actorId}:${clientId}`;

/** The event a command already produced, if it was stored before (a resend). */
export async function findCommandEvent<T>(actorId: string, clientId: string): Promise<GroupEventDTO<T> | null> {
  const e = await GroupEvent.findOne({ commandId: commandIdOf(actorId, clientId) }).lean();
  return e ? toDTO<T>(e) : null;
}

/**
 * The stored event of this command if it is a resend. A client id reused for another group or
 * another kind of command is refused: replaying it would bypass the policy of this call.
 */
export async function findResend<T extends { kind: string }>(actorId: string, groupId: string, clientId: string, kind: T["kind"]): Promise<GroupEventDTO<T> | null> {
  const previous = await findCommandEvent<T>(actorId, clientId);
  if (previous && (previous.groupId !== groupId || previous.data.kind !== kind)) throw new DomainError("conflict", [{ path: "clientId", code: "invalid" }]);
  return previous;
}

/**
 * Appends one fact to a group's log at the next position and returns it with `created: false`
 * when the same command (actor + client id) was stored before. Stored before it returns: the
 * caller acknowledges and broadcasts only after this.
 */
export async function appendGroupEvent<T>(input: {
  groupId: Id;
  actorId: string;
  clientId: string;
  type: string;
  data: T;
}): Promise<{ event: GroupEventDTO<T>; created: boolean }> {
  const commandId = commandIdOf(input.actorId, input.clientId);
  for (let attempt = 0; attempt < 50; attempt++) {
    const last = await GroupEvent.findOne({ groupId: oid(input.groupId) }, { seq: 1 }).sort({ seq: -1 }).lean();
    const seq = (last?.seq ?? 0) + 1;
    try {
      const e = await GroupEvent.create({ groupId: oid(input.groupId), seq, commandId, type: input.type, data: input.data, actorId: oid(input.actorId) });
      return { event: toDTO<T>(e), created: true };
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      const previous = await findCommandEvent<T>(input.actorId, input.clientId);
      if (previous) return { event: previous, created: false };
      // Someone else took this position: try the next one.
    }
  }
  throw new Error("could not allocate a position in the group log");
}

/** The group's facts after a position, in order (catch-up after any reconnect). */
export async function listGroupEventsSince(groupId: Id, afterSeq: number, limit = 500): Promise<GroupEventDTO[]> {
  const events = await GroupEvent.find({ groupId: oid(groupId), seq: { $gt: afterSeq } }).sort({ seq: 1 }).limit(limit).lean();
  return events.map((e) => toDTO(e));
}

/** The newest position of a group's log (0 when empty). */
export async function latestGroupSeq(groupId: Id): Promise<number> {
  const last = await GroupEvent.findOne({ groupId: oid(groupId) }, { seq: 1 }).sort({ seq: -1 }).lean();
  return last?.seq ?? 0;
}

/** Broadcasts a stored fact to the group's room on every node. */
export function publishGroupEvent(publisher: Publisher, event: GroupEventDTO) {
  publisher.toGroup(event.groupId, "group:event", event);
}
