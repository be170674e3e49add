// /healthz follows the database: 503 while it is unreachable, 200 again once it is back, with no
// restart of the app. Runs its own database server, so the shared one is never disturbed.
import type { ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import mongoose from "mongoose";
import { createAppServer, type AppServer } from "./app";
import { loadEnv } from "./env";
import { startDatabase } from "../test/database-process";

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });

async function until(fn: () => Promise<boolean>, timeoutMs: number, what: string) {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await fn()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

let dir: string;
let db: ChildProcess | null = null;
let conn: mongoose.Connection;
let app: AppServer;

afterEach(async () => {
  await app?.close();
  await conn?.close(true).catch(() => undefined);
  db?.kill("SIGKILL");
  rmSync(dir, { recursive: true, force: true });
});

it("answers 503 while MongoDB is unreachable and recovers by itself when it is back", async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), "lk-healthz-"));
  const port = await freePort();
  db = startDatabase(dir, port);
  const uri = `mongodb://127.0.0.1:${port}/healthz`;
  conn = mongoose.createConnection(uri, { serverSelectionTimeoutMS: 1000, heartbeatFrequencyMS: 500 });
  await until(
    () =>
      conn.asPromise().then(
        () => true,
        () => false,
      ),
    15_000,
    "the database to start",
  );

  app = await createAppServer(
    loadEnv({ NODE_ENV: "test", MONGODB_URI: uri, REDIS_URL: "" }),
    async () => {
      throw new Error("no Remix build needed here");
    },
    conn,
  );
  await new Promise<void>((r) => app.httpServer.listen(0, "127.0.0.1", () => r()));
  const url = `http://127.0.0.1:${(app.httpServer.address() as net.AddressInfo).port}/healthz`;
  const status = async () => (await fetch(url)).status;

  expect(await status()).toBe(200);

  db.kill("SIGKILL");
  await until(async () => (await status()) === 503, 15_000, "healthz to report 503");
  const body = await (await fetch(url)).json();
  expect(body).toMatchObject({ status: "degraded", mongodb: "down" });
  // /readyz follows it (within its one-second cache); /livez does not: a restart would not help.
  const base = url.replace(/\/healthz$/, "");
  await until(async () => (await fetch(`${base}/readyz`)).status === 503, 5_000, "readyz to report 503");
  expect(await (await fetch(`${base}/readyz`)).json()).toMatchObject({ status: "unavailable", mongodb: "down" });
  expect((await fetch(`${base}/livez`)).status).toBe(200);

  db = startDatabase(dir, port);
  await until(async () => (await status()) === 200, 30_000, "healthz to recover");
  await until(async () => (await fetch(`${base}/readyz`)).status === 200, 5_000, "readyz to recover");
});
