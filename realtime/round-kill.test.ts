// kill -9 of the node that runs a round: every acknowledged transition is in MongoDB, so the
// members reconnect to another node (which never saw the round) and find it exactly where it was:
// the step, the hidden contributions still hidden, the paused timer from its stored timestamps.
import type { ChildProcess } from "node:child_process";
import { afterEach, describe, expect, it } from "vitest";
import type { RoundViewDTO } from "../models/intervision/round.dto";
import { createRound } from "../models/intervision/round.service";
import { createSession } from "../models/session/session.service";
import { buildGroup, ctxFor } from "../test/factories";
import { workerMongoUri } from "../test/db";
import { startRealtimeNodeProcess } from "../test/node-process";
import {
  ask,
  closeClients,
  connectAs,
  okData,
  startRealtimeServer,
  testRedisUrl,
  waitFor,
  waitForDisconnect,
  type RealtimeTestServer,
} from "../test/socket";

let child: ChildProcess | null = null;
let survivor: RealtimeTestServer | null = null;

afterEach(async () => {
  closeClients();
  child?.kill("SIGKILL");
  child = null;
  await survivor?.close();
  survivor = null;
});

describe("kill -9 of a node mid-round", () => {
  it("the round survives intact; its members carry on through another node", { timeout: 90_000 }, async () => {
    const childUrl = await startRealtimeNodeProcess({ mongoUri: workerMongoUri(), redisUrl: testRedisUrl() }, (proc) => {
      child = proc;
    });
    const g = await buildGroup({ leaders: 4 });
    const groupId = String(g.group._id);
    const ids = g.leaders.map((u) => String(u._id));
    const { id: roundId } = await createRound(ctxFor(g.leaders[1]), {
      groupId,
      protocol: "incident",
      inbrengerId: ids[0],
      caseQuestion: "Een ouder belt elke week boos op.",
      memberIds: ids,
    });
    const cookies = await Promise.all(ids.map((id) => createSession(id)));
    const ref = { groupId, roundId };
    const act = (s: Awaited<ReturnType<typeof connectAs>>, action: Record<string, unknown>) =>
      okData<RoundViewDTO>(ask(s, "round:act", { ...ref, action }));

    const [, chair, writer] = await Promise.all(cookies.map((c) => connectAs(childUrl, c)));
    for (const s of [chair, writer]) await okData(ask(s, "round:join", ref));
    let view = await act(chair, { type: "start" });
    for (let i = 0; i < 3; i++) view = await act(chair, { type: "next", seen: view.version });
    expect(view.step?.phaseId).toBe("write-questions");
    await act(writer, { type: "contribute", id: "kill-q-0001", text: "Sinds wanneer belt de ouder?" });
    const paused = await act(chair, { type: "pause" });

    const gone = [waitForDisconnect(chair, { timeout: 10_000 }), waitForDisconnect(writer, { timeout: 10_000 })];
    child!.kill("SIGKILL");
    await Promise.all(gone);
    survivor = await startRealtimeServer({ redis: true });

    const [chair2, writer2] = await Promise.all([connectAs(survivor.url, cookies[1]), connectAs(survivor.url, cookies[2])]);
    const [chairView, writerView] = await Promise.all([
      okData<RoundViewDTO>(ask(chair2, "round:join", ref)),
      okData<RoundViewDTO>(ask(writer2, "round:join", ref)),
    ]);
    expect(chairView).toMatchObject({
      version: paused.version,
      status: "running",
      step: { phaseId: "write-questions" },
      hiddenCount: 1,
      contributions: [],
    });
    expect(chairView.timer).toMatchObject({ startedAt: paused.timer!.startedAt, pausedAt: paused.timer!.pausedAt });
    // paused: the remaining time did not run on while the node was dead
    expect(chairView.timer!.remainingMs).toBe(paused.timer!.remainingMs);
    expect(writerView.contributions.map((c) => c.text)).toEqual(["Sinds wanneer belt de ouder?"]);

    const heard = waitFor(writer2, "round:state", (v) => v.revealed);
    await act(chair2, { type: "reveal" });
    expect((await heard).contributions.map((c) => c.id)).toEqual(["kill-q-0001"]);
    const resumed = await act(chair2, { type: "resume" });
    expect(resumed.timer!.pausedAt).toBeNull();
  });
});
