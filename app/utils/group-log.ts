import type { GroupEventDTO } from "../../models/delivery/delivery.service";

// The browser's side of the group event log (docs/decisions/006): every group's events applied once
// and in seq order, for everyone in the tab who follows them. Pure (no window, no socket): the tab's
// instance on its socket is group-log.client.ts; tests drive this one directly.

/** How many events group:sync answers at most per call (the server's page size). */
export const SYNC_PAGE = 500;

/**
 * Applies a group's events exactly once and in seq order. Events arrive live (possibly out of
 * order, twice, or with a gap) and from group:sync; anything at or below the last applied position
 * is dropped, a gap asks the database for what is missing from the last applied position.
 */
export class GroupSequencer<E extends { seq: number }> {
  private buffer = new Map<number, E>();
  private syncing = false;
  private again = false;

  constructor(
    public lastSeq: number,
    private readonly apply: (e: E) => void,
    private readonly fetchAfter: (afterSeq: number) => Promise<E[] | null>,
  ) {}

  /** Goes back to an earlier position (a newcomer's data was read there): the next sync applies what
   *  follows it again, and whoever had an event already skips it (GroupLog's cursors). */
  rewind(to: number) {
    if (to < this.lastSeq) this.lastSeq = to;
  }

  /** A live event. */
  receive(e: E) {
    if (e.seq <= this.lastSeq || this.buffer.has(e.seq)) return;
    this.buffer.set(e.seq, e);
    this.drain();
    if (this.buffer.size > 0) void this.sync();
  }

  private drain() {
    for (let next = this.buffer.get(this.lastSeq + 1); next; next = this.buffer.get(this.lastSeq + 1)) {
      this.buffer.delete(next.seq);
      this.lastSeq = next.seq;
      this.apply(next);
    }
  }

  /** Catches up from the database (after a reconnect, or a gap). Calls made meanwhile are merged. */
  async sync(): Promise<void> {
    if (this.syncing) {
      this.again = true;
      return;
    }
    this.syncing = true;
    try {
      for (;;) {
        this.again = false;
        const events = await this.fetchAfter(this.lastSeq);
        if (!events) return; // not reachable now; the next connect syncs again
        for (const e of events) if (e.seq > this.lastSeq) this.buffer.set(e.seq, e);
        this.drain();
        if (events.length >= SYNC_PAGE || this.again) continue;
        // Whatever is still buffered lies past a position the database does not have: a later
        // event is only stored after every earlier position exists, so nothing can be skipped.
        if (this.buffer.size > 0) {
          this.lastSeq = Math.min(...this.buffer.keys()) - 1;
          this.drain();
        }
        return;
      }
    } finally {
      this.syncing = false;
    }
  }
}

export type GroupEventListener = (event: GroupEventDTO) => void;

/** How the log reaches the server. */
export interface GroupLogTransport {
  /** True while the connection stands: a catch-up is only asked then. */
  connected(): boolean;
  /** One page of a group's stored events after `afterSeq` (group:sync), or null when not reachable now. */
  fetchAfter(groupId: string, afterSeq: number): Promise<GroupEventDTO[] | null>;
}

interface Follower {
  onEvent: GroupEventListener;
  /** The last position this follower has: it gets only what lies after it. */
  cursor: number;
}

interface GroupState {
  /** Null until the group's position is known (a follower's start, or its first event). */
  sequencer: GroupSequencer<GroupEventDTO> | null;
  /** The highest position the tab has applied (a rewind applies lower ones again). */
  highest: number;
  followers: Set<Follower>;
}

/**
 * The groups' logs as one stream per group: events arrive live (out of order, twice, after a gap),
 * from the tab's own acks and from group:sync; each group has one sequencer, so each event is applied
 * once, in order, and a gap or a reconnect asks group:sync once for everyone who follows the group.
 */
export class GroupLog {
  private readonly groups = new Map<string, GroupState>();
  private readonly everyGroup = new Set<GroupEventListener>();

  constructor(private readonly transport: GroupLogTransport) {}

  /**
   * Follows one group. With `from` (the log position the caller's data was read at, by its loader)
   * the caller gets every event after it, caught up from the server first; without it, the events
   * the tab learns from now on. Returns the unfollow.
   */
  follow(groupId: string, onEvent: GroupEventListener, from?: number): () => void {
    const g = this.group(groupId);
    const follower: Follower = { onEvent, cursor: from ?? g.highest };
    g.followers.add(follower);
    if (from !== undefined) {
      if (g.sequencer) g.sequencer.rewind(from);
      else g.sequencer = this.sequencerFor(groupId, g, from);
      if (this.transport.connected()) void g.sequencer.sync();
    }
    return () => {
      g.followers.delete(follower);
    };
  }

  /** Every group's new events, in each group's order (the inbox's count, a list of all groups). */
  followAll(onEvent: GroupEventListener): () => void {
    this.everyGroup.add(onEvent);
    return () => {
      this.everyGroup.delete(onEvent);
    };
  }

  /** A stored event: live from the server, or in the ack of the tab's own command. */
  receive(event: GroupEventDTO) {
    const g = this.group(event.groupId);
    g.sequencer ??= this.sequencerFor(event.groupId, g, event.seq - 1);
    g.sequencer.receive(event);
  }

  /** The connection stands (again): every followed group catches up from where it is. */
  connected() {
    for (const g of this.groups.values()) if (g.sequencer && g.followers.size > 0) void g.sequencer.sync();
  }

  /** The connection dropped: the positions of groups nobody follows are forgotten (their next event
   *  starts them again), so a reconnect asks nothing for them. */
  disconnected() {
    for (const [id, g] of this.groups) if (g.followers.size === 0) this.groups.delete(id);
  }

  /** The user left the group: nothing more is asked for it. */
  forget(groupId: string) {
    this.groups.delete(groupId);
  }

  private group(groupId: string): GroupState {
    let g = this.groups.get(groupId);
    if (!g) {
      g = { sequencer: null, highest: 0, followers: new Set() };
      this.groups.set(groupId, g);
    }
    return g;
  }

  private sequencerFor(groupId: string, g: GroupState, from: number) {
    return new GroupSequencer<GroupEventDTO>(
      from,
      (e) => this.apply(g, e),
      (afterSeq) => this.transport.fetchAfter(groupId, afterSeq),
    );
  }

  private apply(g: GroupState, e: GroupEventDTO) {
    const isNew = e.seq > g.highest;
    if (isNew) g.highest = e.seq;
    for (const f of [...g.followers]) {
      if (e.seq <= f.cursor) continue;
      f.cursor = e.seq;
      f.onEvent(e);
    }
    if (isNew) for (const onEvent of [...this.everyGroup]) onEvent(e);
  }
}
