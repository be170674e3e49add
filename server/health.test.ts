// /livez and /readyz (docs/decisions/041-health-and-shutdown.md) on an in-process app server: ready
// while MongoDB and Redis answer; once the node drains, /readyz fails at once (the proxy takes it out
// of rotation) while /livez still answers (nothing to restart).
import type { AddressInfo } from "node:net";
import { afterEach, expect, it } from "vitest";
import { createAppServer, type AppServer } from "./app";
import { loadEnv } from "./env";
import { workerMongoUri } from "../test/db";
import { testRedisUrl } from "../test/socket";

let app: AppServer | null = null;
afterEach(async () => {
  app?.httpServer.closeAllConnections();
  await app?.close();
  app = null;
});

it("/readyz is ready with MongoDB and Redis up, and draining after drain(); /livez answers throughout", async () => {
  app = await createAppServer(loadEnv({ NODE_ENV: "test", MONGODB_URI: workerMongoUri(), REDIS_URL: testRedisUrl() }), async () => {
    throw new Error("no Remix build needed here");
  });
  const server = app;
  await new Promise<void>((resolve) => server.httpServer.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.httpServer.address() as AddressInfo).port}`;

  const ready = await fetch(`${base}/readyz`);
  expect(ready.status).toBe(200);
  expect(await ready.json()).toEqual({ status: "ready", mongodb: "up", redis: "up" });
  expect((await fetch(`${base}/livez`)).status).toBe(200);

  // Held at its delay (afterEach closes the node): /readyz fails before anything closes.
  const draining = server.drain({ delayMs: 60_000 });
  const during = await fetch(`${base}/readyz`);
  expect(during.status).toBe(503);
  expect(await during.json()).toMatchObject({ status: "draining" });
  expect((await fetch(`${base}/livez`)).status).toBe(200);
  void draining;
});
