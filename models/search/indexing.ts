// What each kind of content puts in search (decision 085): called by the services that change the
// content, in the code paths that store and publish the change; and by the rebuild for everything.
import type { GroupEventDTO } from "../delivery/delivery.service";
import type { MessageDTO, ThreadEventData } from "../thread/thread.service";
import { Thread } from "../thread/thread.model";
import { oid } from "../shared/oid";
import { dropEntries, putEntries, updateEntryText, type EntryInput } from "./search.service";

export const messageUrl = (groupId: string, threadId: string, messageId: string, seq: number) =>
  `/groups/${groupId}/threads/${threadId}?before=${seq + 1}#m-${messageId}`;

export const messageEntry = (
  m: Pick<MessageDTO, "id" | "groupId" | "threadId" | "authorId" | "text">,
  seq: number,
  at: Date,
  title: string,
): EntryInput => ({
  kind: "message",
  refId: m.id,
  groupId: m.groupId,
  url: messageUrl(m.groupId, m.threadId, m.id, seq),
  authorId: m.authorId,
  at,
  title,
  text: m.text,
  action: "thread.read",
});

/** Brings search in line with stored thread events (idempotent: a repair may apply them again). */
export async function indexThreadEvents(events: GroupEventDTO<ThreadEventData>[]) {
  const sent = events.filter((e) => e.data.kind === "thread.created" || e.data.kind === "message.sent");
  const titles = new Map<string, string>();
  for (const e of sent) if (e.data.kind === "thread.created") titles.set(e.data.thread.id, e.data.thread.title);
  const unknown = [...new Set(sent.map((e) => (e.data as { message: MessageDTO }).message.threadId))].filter((t) => !titles.has(t));
  if (unknown.length)
    for (const t of await Thread.find({ _id: { $in: unknown.map(oid) } }, { title: 1 }).lean()) titles.set(String(t._id), t.title);
  await putEntries(
    sent.map((e) => {
      const m = (e.data as { message: MessageDTO }).message;
      return messageEntry(m, e.seq, new Date(m.createdAt), titles.get(m.threadId) ?? "");
    }),
  );
  for (const e of events) {
    if (e.data.kind === "message.edited")
      await updateEntryText("message", e.data.message.id, { text: e.data.message.text, at: new Date(e.at) });
    else if (e.data.kind === "message.deleted") await dropEntries("message", [e.data.message.id]);
  }
}
