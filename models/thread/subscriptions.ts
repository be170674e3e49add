import { isDuplicateKey } from "../shared/duplicate-key";
import { oid } from "../shared/oid";
import { ThreadSubscription } from "./thread.model";

// A thread's followers by exact _id reads (numbered slots, see ThreadSubscription): a reply looks
// them up on the hot path, where FerretDB 1.24 would scan for any filter but {_id: x}.

export type SubscriptionState = "follow" | "mute";
export interface Subscription {
  /** The slot's _id. */
  id: string;
  userId: string;
  state: SubscriptionState;
}

const slotId = (threadId: string, n: number) => `${threadId}:${n}`;
const SLOT_BATCH = 4;

/** Everyone who follows or muted the thread: slots in batches until the first missing one. */
export async function threadSubscriptions(threadId: string): Promise<Subscription[]> {
  const subs: Subscription[] = [];
  for (let n = 1; ; n += SLOT_BATCH) {
    const slots = await Promise.all(
      Array.from({ length: SLOT_BATCH }, (_, k) => ThreadSubscription.findById(slotId(threadId, n + k), { userId: 1, state: 1 }).lean()),
    );
    const end = slots.findIndex((s) => !s);
    for (const s of end < 0 ? slots : slots.slice(0, end))
      subs.push({ id: String(s!._id), userId: String(s!.userId), state: s!.state as SubscriptionState });
    if (end >= 0) return subs;
  }
}

/** Sets the user's state for the thread, given the thread's subscriptions as read just before; with
 *  `unlessChosen`, only if the user has none yet (the follow a reply implies never undoes a mute). */
export async function putSubscription(
  subs: Subscription[],
  s: { userId: string; threadId: string; groupId: string; state: SubscriptionState },
  unlessChosen = false,
): Promise<void> {
  const setMine = async (filter: object) => {
    if (!unlessChosen) await ThreadSubscription.updateOne(filter, { $set: { state: s.state } });
  };
  const mine = subs.find((x) => x.userId === s.userId);
  if (mine) return mine.state === s.state ? undefined : setMine({ _id: mine.id });
  for (let n = subs.length + 1; n < 10_000; n++) {
    try {
      await ThreadSubscription.create({
        _id: slotId(s.threadId, n),
        userId: s.userId,
        threadId: s.threadId,
        groupId: s.groupId,
        state: s.state,
      });
      return;
    } catch (e) {
      if (!isDuplicateKey(e)) throw e;
      const taken = await ThreadSubscription.findById(slotId(s.threadId, n), { userId: 1 }).lean();
      // No slot n: the user's own (user, thread) pair was taken by a write of theirs meanwhile.
      if (!taken || String(taken.userId) === s.userId) return setMine({ userId: oid(s.userId), threadId: oid(s.threadId) });
    }
  }
  throw new Error("too many subscriptions for one thread");
}
