// While the node is stale (realtime/freshness.ts: it cannot vouch that it heard every removal the
// other nodes published), its sockets' group and document rooms are checked against MongoDB
// instead: at once, then every interval until it is fresh again, and once more then (a publish lost
// in the outage is not replayed). A socket the policy no longer lets in leaves the room.
//
// The rooms are vouched for as of the last tick that came back, or the start of the last check that
// completed. When that is older than `vouchMs` while the node is still stale (MongoDB down or too
// slow too), every socket in a group's or document's room is cut: the node stops delivering group
// content rather than deliver it unchecked. The tab connects again, and its handshake reads its
// rooms afresh (refused as "unavailable" while MongoDB is down). See
// docs/decisions/020-revocation-without-redis.md.
import { consoleLog, type Log } from "../models/shared/log";
import { checkRoomAccess } from "../models/document/document.service";
import { liveSessionIds } from "../models/session/session.service";
import { momentRoomAccess } from "../models/moment/live.rooms";
import type { Actor } from "../models/shared/context";
import { groupIdOfRoom, rooms, type IO } from "./events";
import type { FreshnessMonitor } from "./freshness";

/** A check every 250 ms while stale; rooms never go unvouched for 900 ms (the promise is 1 s). */
export const ROOM_CHECK_DEFAULTS = { intervalMs: 250, vouchMs: 900 };

/** One group's rooms on this node: the sockets in the group's room, and per open document its sockets. */
interface GroupRooms {
  content: Set<string>;
  docs: Map<string, Set<string>>;
  /** Live rounds' rooms (room name -> sockets): whoever may no longer read the group's content leaves. */
  rounds: Map<string, Set<string>>;
}

const docRoom = (room: string): { groupId: string; docId: string } | null => {
  const m = /^doc:([^:]+):([^:]+)$/.exec(room);
  return m ? { groupId: m[1], docId: m[2] } : null;
};
const roundRoomGroup = (room: string) => /^round:([^:]+):/.exec(room)?.[1] ?? null;
// Network moments (decision 079): a moment's rooms and its breakouts' are checked through the moment's gate.
const momentRoom = (room: string) => /^moment:([^:]+)(:fac)?$/.exec(room)?.[1] ?? null;
const breakoutRoom = (room: string) => /^breakout:([^:]+)$/.exec(room)?.[1] ?? null;

/** Starts checking rooms whenever `freshness` turns stale; `onLeft(groupId)` after sockets left a group's rooms. */
export function startRoomCheck(opts: {
  io: IO;
  freshness: FreshnessMonitor;
  onLeft: (groupId: string) => void;
  /** How long after the last tick back the node turns stale (the freshness bound). */
  staleAfterMs: number;
  intervalMs?: number;
  vouchMs?: number;
  log?: Log;
}) {
  const { intervalMs, vouchMs, staleAfterMs } = { ...ROOM_CHECK_DEFAULTS, ...opts };
  const { io, freshness, onLeft } = opts;
  const log = opts.log ?? consoleLog;
  const nsp = io.of("/");
  let stopped = false;
  let running: Promise<void> | null = null;
  let again = false;
  let next: NodeJS.Timeout | null = null;
  let watchdog: NodeJS.Timeout | null = null;
  let vouchedAt = performance.now();

  /** This node's sockets by group (its room and its documents' rooms), read from the adapter. */
  const snapshot = () => {
    const byGroup = new Map<string, GroupRooms>();
    const of = (g: string) => byGroup.get(g) ?? byGroup.set(g, { content: new Set(), docs: new Map(), rounds: new Map() }).get(g)!;
    for (const [room, ids] of nsp.adapter.rooms) {
      const groupId = groupIdOfRoom(room);
      if (groupId) for (const id of ids) of(groupId).content.add(id);
      const doc = docRoom(room);
      if (doc) of(doc.groupId).docs.set(doc.docId, new Set(ids));
      const roundGroup = roundRoomGroup(room);
      if (roundGroup) of(roundGroup).rounds.set(room, new Set(ids));
    }
    return byGroup;
  };

  /** This node's users in each moment's rooms and each breakout's room (user ids, from the sockets). */
  const momentSnapshot = () => {
    const moments = new Map<string, Set<string>>();
    const breakouts = new Map<string, Set<string>>();
    for (const [room, ids] of nsp.adapter.rooms) {
      const [id, into] = [momentRoom(room), breakoutRoom(room)];
      const target = id ? moments : into ? breakouts : null;
      if (!target) continue;
      const users = target.get((id ?? into)!) ?? target.set((id ?? into)!, new Set()).get((id ?? into)!)!;
      for (const sid of ids) {
        const userId = nsp.sockets.get(sid)?.data.userId;
        if (userId) users.add(userId);
      }
    }
    return { moments, breakouts };
  };

  /** Takes out of each moment's and breakout's rooms on this node whoever the gate no longer lets in. */
  const leaveMomentRooms = (access: Awaited<ReturnType<typeof momentRoomAccess>>) => {
    for (const [room, ids] of nsp.adapter.rooms) {
      const [id, into] = [momentRoom(room), breakoutRoom(room)];
      if (!id && !into) continue;
      for (const sid of [...ids]) {
        const socket = nsp.sockets.get(sid);
        if (!socket) continue;
        const role = id ? access.roleOf.get(id)?.get(socket.data.userId) : undefined;
        const stays = id ? (room.endsWith(":fac") ? role === "facilitator" : !!role) : !!access.allowed.get(into!)?.has(socket.data.userId);
        if (!stays) void socket.leave(room);
      }
    }
  };

  /** Reads every group's access (all groups at once) and takes out whom the policy no longer lets
   *  in; resolves with when its reads began (what it found holds from then on). */
  async function checkOnce(): Promise<number> {
    const startedAt = performance.now();
    const held = [...snapshot()];
    const inMoments = momentSnapshot();
    // The sessions of those sockets too: a device signed out (decision 040) while this node could
    // not hear of it is cut like a removed member's rooms are emptied.
    const sockets = new Set(held.flatMap(([, r]) => [...r.content, ...[...r.docs.values()].flatMap((s) => [...s])]));
    const sessionIds = [...sockets].flatMap((id) => nsp.sockets.get(id)?.data.sessionId ?? []);
    const reads = Promise.all(
      held.map(([groupId, r]) => {
        const actors = new Map<string, Actor>();
        for (const id of [...r.content, ...[...r.docs.values(), ...r.rounds.values()].flatMap((s) => [...s])]) {
          const data = nsp.sockets.get(id)?.data;
          if (data) actors.set(data.userId, { id: data.userId, isOrganiser: data.isOrganiser });
        }
        return checkRoomAccess(groupId, [...actors.values()], [...r.docs.keys()]);
      }),
    );
    // Reads that hang (a database that stopped answering) must not hold up the next check, and
    // their late answers are too old to act on.
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error("room check timed out")), vouchMs);
    });
    const [answers, live, momentAccess] = await Promise.race([
      Promise.all([reads, liveSessionIds(sessionIds), momentRoomAccess(inMoments.moments, inMoments.breakouts)]),
      late,
    ]).finally(() => clearTimeout(timer));
    leaveMomentRooms(momentAccess);
    for (const id of sockets) {
      const socket = nsp.sockets.get(id);
      if (socket && !live.has(socket.data.sessionId)) socket.disconnect(true);
    }
    held.forEach(([groupId, r], i) => {
      const access = answers[i];
      let left = 0;
      const leave = (ids: Set<string>, room: string, allowed: Set<string>) => {
        for (const id of ids) {
          const socket = nsp.sockets.get(id);
          if (socket?.rooms.has(room) && !allowed.has(socket.data.userId)) {
            socket.leave(room);
            left++;
          }
        }
      };
      leave(r.content, rooms.group(groupId), access.content);
      for (const [docId, ids] of r.docs) leave(ids, rooms.doc(groupId, docId), access.docs.get(docId) ?? new Set());
      for (const [room, ids] of r.rounds) leave(ids, room, access.content);
      if (left) onLeft(groupId);
    });
    return startedAt;
  }

  /** Cuts every socket in a group's or document's room once nothing vouched for them for vouchMs. */
  const armWatchdog = () => {
    if (watchdog) clearTimeout(watchdog);
    watchdog = setTimeout(
      () => {
        if (stopped || freshness.isFresh()) return;
        if (performance.now() - vouchedAt >= vouchMs) {
          const cut = new Set<string>();
          for (const [room, ids] of nsp.adapter.rooms)
            if (groupIdOfRoom(room) || docRoom(room) || roundRoomGroup(room) || momentRoom(room) || breakoutRoom(room))
              for (const id of ids) cut.add(id);
          for (const id of cut) nsp.sockets.get(id)?.disconnect(true);
          if (cut.size) log.warn({ sockets: cut.size, vouchMs }, "room check: cut sockets whose rooms could not be checked");
          // Whoever is in a room from now on joined it through a handshake or doc:join, which read MongoDB.
          vouchedAt = performance.now();
        }
        armWatchdog();
      },
      Math.max(0, vouchedAt + vouchMs - performance.now()),
    );
    watchdog.unref();
  };

  /** Runs one check (or, while one runs, one more right after it); then, while stale, the next after the interval. */
  const run = () => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    if (next) clearTimeout(next);
    const started = performance.now();
    running = checkOnce()
      .then(
        (startedAt) => {
          vouchedAt = Math.max(vouchedAt, startedAt);
        },
        // MongoDB cannot be read: nothing is vouched for, and the watchdog cuts in time.
        () => undefined,
      )
      .finally(() => {
        running = null;
        if (again) {
          again = false;
          return run();
        }
        if (stopped || freshness.isFresh()) return;
        next = setTimeout(run, Math.max(0, started + intervalMs - performance.now()));
        next.unref();
      });
  };

  const offStale = freshness.onStale(() => {
    // As of the last tick back; but a node whose own timers ran late (starved of CPU: its ticks may
    // be waiting unread) gives its first check the same time as an on-time one would have had.
    vouchedAt = Math.max(freshness.confirmedAt(), performance.now() - staleAfterMs);
    armWatchdog();
    run();
  });
  // Fresh again: one last check, for a removal whose publish was lost while Redis was away.
  const offFresh = freshness.onFresh(() => {
    if (watchdog) clearTimeout(watchdog);
    run();
  });

  return {
    /** Stops checking and lets a check under way finish. */
    async stop() {
      stopped = true;
      offStale();
      offFresh();
      if (next) clearTimeout(next);
      if (watchdog) clearTimeout(watchdog);
      await running;
    },
  };
}
