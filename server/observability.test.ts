// Logs and metrics of a whole app node (docs/decisions/042-logs-and-metrics.md): a member reads a
// thread page and sends a message through the socket, each carrying a unique planted string. The
// captured log has the request's id, route template, user and group, and the planted string
// nowhere; the metrics have route templates (no raw ids), the socket command's ack latency, the
// connected socket, Redis and MongoDB command timings and the event-loop lag.
import type { AddressInfo } from "node:net";
import { randomBytes } from "node:crypto";
import mongoose from "mongoose";
import { afterEach, expect, it } from "vitest";
import { createLogger } from "./log";
import { createMetrics, createMetricsServer, instrumentMongo } from "./metrics";
import { startAppServer, type RunningApp } from "../test/e2e/app-server";
import { buildGroup, ctxFor } from "../test/factories";
import { connectAs, testRedisUrl } from "../test/socket";
import { createSession } from "../models/session/session.service";
import { startThread } from "../models/thread/thread.service";
import { SESSION_COOKIE } from "../realtime/io";
import { workerMongoUri } from "../test/db";

let running: RunningApp | null = null;
afterEach(async () => {
  await running?.close();
  running = null;
});

const capture = () => {
  const lines: string[] = [];
  return { lines, log: createLogger({ level: "debug", destination: { write: (s: string) => void lines.push(s) } }) };
};

it("logs ids and route templates, never what members wrote; metrics carry templates, ack latency and sockets", async () => {
  const secret = `planted-${randomBytes(8).toString("hex")}`;
  const { group, leaders } = await buildGroup({ leaders: 1 });
  const groupId = String(group._id);
  const started = await startThread(ctxFor(leaders[0]), {
    groupId,
    clientId: "obs-thread",
    title: `Title ${secret}`,
    text: `First ${secret}`,
  });
  const threadId = (started.data as { thread: { id: string } }).thread.id;

  const { lines, log } = capture();
  const metrics = createMetrics();
  running = await startAppServer({ REDIS_URL: testRedisUrl() }, { log, metrics });
  const session = await createSession(String(leaders[0]._id));

  // The HTTP door: the page shows the planted text; the log line must not.
  const page = await fetch(`${running.url}/groups/${groupId}/threads/${threadId}`, {
    headers: { cookie: `${SESSION_COOKIE}=${session}`, "x-request-id": "req-observability-1" },
  });
  expect(page.status).toBe(200);
  expect(await page.text()).toContain(secret);

  // The socket door: a message with the planted text, and one refused (its text too long).
  const socket = await connectAs(running.url, session);
  const ack = await socket.emitWithAck("message:send", {
    groupId,
    threadId,
    clientId: "observability-message-1",
    text: `Second ${secret}`,
  });
  expect(ack, JSON.stringify(ack)).toMatchObject({ ok: true });
  const refused = await socket.emitWithAck("message:send", {
    groupId,
    threadId,
    clientId: "observability-message-2",
    text: secret.repeat(10_000),
  });
  expect(refused.ok).toBe(false);
  // Anything logged with a content field is redacted, however it got there.
  log.warn({ message: { text: secret, title: secret }, payload: secret }, "planted on purpose");

  log.flush();
  const captured = lines.join("");
  for (const l of lines) expect(l).not.toContain(secret);
  const entries = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  const request = entries.find((e) => (e.req as { id?: string } | undefined)?.id === "req-observability-1");
  expect(request).toMatchObject({
    req: { method: "GET", route: "/groups/:id/threads/:id" },
    res: { statusCode: 200 },
    userId: String(leaders[0]._id),
    groupId,
  });
  expect(captured).not.toContain(threadId); // the URL's ids reach the log only as groupId, by name

  // Metrics, as the internal port serves them.
  const db = mongoose.createConnection(workerMongoUri(), { monitorCommands: true });
  await db.asPromise();
  instrumentMongo(metrics, db);
  await db.collection("users").findOne({});
  await db.close();
  const server = createMetricsServer(metrics);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const scraped = await (await fetch(`${base}/metrics`)).text();
  expect((await fetch(`${base}/`)).status).toBe(404);
  server.close();

  expect(scraped).toMatch(
    /leerkring_http_request_duration_seconds_count\{method="GET",route="\/groups\/:id\/threads\/:id",status="2xx"\} 1/,
  );
  expect(scraped).toMatch(/leerkring_socket_ack_duration_seconds_count\{event="message:send",outcome="ok"\} 1/);
  expect(scraped).toMatch(/leerkring_socket_ack_duration_seconds_count\{event="message:send",outcome="error"\} 1/);
  expect(scraped).toMatch(/leerkring_sockets_connected 1/);
  expect(scraped).toMatch(/leerkring_redis_command_duration_seconds_count\{command="\w+"\} [1-9]/);
  expect(scraped).toMatch(/leerkring_mongodb_command_duration_seconds_count\{command="find"\} [1-9]/);
  expect(scraped).toMatch(/nodejs_eventloop_lag_seconds /);
  expect(scraped).not.toContain(groupId);
  expect(scraped).not.toContain(secret);
  socket.disconnect();
});
