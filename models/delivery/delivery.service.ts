import { ignoreDuplicateKey, isDuplicateKey } from "../shared/duplicate-key";
import { GroupCommand, GroupEvent } from "./group-event.model";
import { DomainError } from "../shared/errors";
import { oid } from "../shared/oid";
import type { Id, Publisher } from "../shared/context";
import { lastPosition, readRun } from "../shared/positions";

export interface GroupEventDTO<T = unknown> {
  groupId: string;
  seq: number;
  type: string;
  data: T;
  at: string;
}

const toDTO = <T>(e: { groupId: unknown; seq: number; type: string; data: unknown; at: Date }): GroupEventDTO<T> => ({
  groupId: String(e.groupId),
  seq: e.seq,
  type: e.type,
  data: e.data as T,
  at: e.at.toISOString(),
});

// Every read here is an exact _id read (see GroupEvent): positions are walked, never queried.

export const commandIdOf = (actorId: string, clientId: string) => `${actorId}:${clientId}`;
const eventIdOf = (groupId: Id, seq: number) => `${String(groupId)}:${seq}`;
/** Where a command's event is: its resend pointer (a duplicate means it is there already). */
const writePointer = (commandId: string, eventId: string) =>
  GroupCommand.collection.insertOne({ _id: commandId as never, eventId }).catch(ignoreDuplicateKey);
/** The resend pointers of several stored events at once (one insert; duplicates were written already). */
export async function writeCommandPointers(events: Array<{ commandId: string; groupId: Id; seq: number }>) {
  if (!events.length) return;
  const docs = events.map((e) => ({ _id: e.commandId as never, eventId: eventIdOf(e.groupId, e.seq) }));
  await GroupCommand.collection.insertMany(docs, { ordered: false }).catch(ignoreDuplicateKey);
}
const exists = async (groupId: Id, seq: number) => seq === 0 || (await GroupEvent.exists({ _id: eventIdOf(groupId, seq) })) !== null;

/** Per node (ctx.node.groupLog), a position each group's log is known to have reached: where the next append tries
 *  and the next search for the end starts. Only a hint: every position is still taken by a unique
 *  insert. Events are never deleted from a live group's log (a hint past an emptied log would
 *  leave a hole that catch-up stops at). */
export function createGroupLogNode() {
  return { heads: new Map<string, number>() };
}
export type GroupLogNode = ReturnType<typeof createGroupLogNode>;
/** What the log functions need of a service context: the node's hints. */
type WithNode = { node: { groupLog: GroupLogNode } };

/** The log's last position, by _id reads from the hint (two reads when it is current). */
async function findHead(ctx: WithNode, groupId: Id): Promise<number> {
  const knownHead = ctx.node.groupLog.heads;
  const key = String(groupId);
  const head = await lastPosition((n) => exists(groupId, n), knownHead.get(key) ?? 0, true);
  knownHead.set(key, head);
  return head;
}

/**
 * The event a command already produced, if it was stored before (a resend). A client id reused for
 * another group or another kind of command is refused: replaying that event would bypass the
 * policy of this call.
 */
export async function findCommandEvent<T>(
  actorId: string,
  clientId: string,
  expected: { groupId: Id; type: string },
): Promise<GroupEventDTO<T> | null> {
  const commandId = commandIdOf(actorId, clientId);
  const pointer = await GroupCommand.findById(commandId).lean();
  // No pointer: the command is new, or its event was stored and the pointer not yet (or never:
  // a crash in between); appendGroupEvent's unique command id catches that case.
  const e = pointer ? await GroupEvent.findById(pointer.eventId).lean() : null;
  return e ? checked(toDTO<T>(e), expected) : null;
}

function checked<T>(event: GroupEventDTO<T>, expected: { groupId: Id; type: string }) {
  if (event.groupId !== String(expected.groupId) || event.type !== expected.type)
    throw new DomainError("conflict", [{ path: "clientId", code: "invalid" }]);
  return event;
}

/** The stored event of this command if it is a resend (services name their events by `kind`). */
export const findResend = <T extends { kind: string }>(actorId: string, groupId: string, clientId: string, kind: T["kind"]) =>
  findCommandEvent<T>(actorId, clientId, { groupId, type: kind });

/**
 * Appends one fact to a group's log at the next position and returns it with `created: false`
 * when the same command (actor + client id) was stored before. Stored before it returns: the
 * caller acknowledges and broadcasts only after this. `alongside` (the caller's materialisation)
 * runs once the fact holds its position, at the same time as the command pointer's insert: one
 * round trip of waiting instead of two or three. Raw driver inserts: the documents are built here
 * from validated values, and mongoose's document machinery was a large part of a message's CPU.
 */
export async function appendGroupEvent<T>(
  ctx: WithNode,
  input: {
    groupId: Id;
    actorId: string;
    clientId: string;
    type: string;
    data: T;
    alongside?: (event: GroupEventDTO<T>) => Promise<unknown>;
    /** "later": the caller writes the resend pointer (writeCommandPointers, batched off the
     *  acknowledgement's path); a resend before it finds the event by its command id (a scan,
     *  rare) and writes the pointer itself. The append is then the command's one write. */
    pointer?: "now" | "later";
  },
): Promise<{ event: GroupEventDTO<T>; created: boolean }> {
  const knownHead = ctx.node.groupLog.heads;
  const commandId = commandIdOf(input.actorId, input.clientId);
  const expected = { groupId: input.groupId, type: input.type };
  // The log only grows, so the hint is never past the end: try right after it, no read first.
  let seq = (knownHead.get(String(input.groupId)) ?? (await findHead(ctx, input.groupId))) + 1;
  for (let attempt = 0; attempt < 50; attempt++) {
    const _id = eventIdOf(input.groupId, seq);
    const e = {
      _id,
      groupId: oid(input.groupId),
      seq,
      commandId,
      type: input.type,
      data: input.data,
      actorId: oid(input.actorId),
      at: new Date(),
    };
    try {
      await GroupEvent.collection.insertOne({ ...e, _id: _id as never });
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      // Usually another node took this position (this process's hint was behind): read what
      // stands there, then go after the end as it is now. Else the command id was the
      // duplicate: a resend.
      const taken = await GroupEvent.findById(_id).lean();
      if (taken?.commandId === commandId) return { event: checked(toDTO<T>(taken), expected), created: false };
      if (taken) {
        knownHead.set(String(input.groupId), seq);
        seq = (await findHead(ctx, input.groupId)) + 1;
        continue;
      }
      const previous = await findCommandEvent<T>(input.actorId, input.clientId, expected);
      if (previous) return { event: previous, created: false };
      // Its pointer is missing (a crash between the two inserts): find the event the slow way
      // (a scan, only in this case) and write the pointer.
      const stored = await GroupEvent.findOne({ commandId }).lean();
      if (!stored) continue;
      await writePointer(commandId, String(stored._id));
      return { event: checked(toDTO<T>(stored), expected), created: false };
    }
    knownHead.set(String(input.groupId), seq);
    const event = toDTO<T>(e);
    await Promise.all([input.pointer === "later" ? null : writePointer(commandId, _id), input.alongside?.(event)]);
    return { event, created: true };
  }
  throw new Error("could not allocate a position in the group log");
}

/** The group's facts after a position, in order (catch-up after any reconnect): read by _id in
 *  rounds of 32 until the first missing position. */
export async function listGroupEventsSince(groupId: Id, afterSeq: number, limit = 500): Promise<GroupEventDTO[]> {
  const events = await readRun((n) => GroupEvent.findById(eventIdOf(groupId, n)).lean(), afterSeq, { first: 32, limit });
  return events.map((e) => toDTO(e));
}

/** Blanks fields of stored events in place (a deleted message's words): the positions and their
 *  order stay, so catch-up is unchanged. One _id write per position. */
export async function redactGroupEvents(groupId: Id, seqs: number[], blank: Record<string, unknown>) {
  await Promise.all(seqs.map((seq) => GroupEvent.updateOne({ _id: eventIdOf(groupId, seq) }, { $set: blank })));
}

/** The newest position of a group's log (0 when empty). */
export const latestGroupSeq = (ctx: WithNode, groupId: Id): Promise<number> => findHead(ctx, groupId);

/** Broadcasts a stored fact to the group's room on every node. */
export function publishGroupEvent(publisher: Publisher, event: GroupEventDTO) {
  publisher.toGroup(event.groupId, "group:event", event);
}
