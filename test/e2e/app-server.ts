// The whole app (Express + Remix build + Socket.IO) on 127.0.0.1 in this test worker, on the
// worker's database (mongoose is already connected by test/setup.ts: no second connect here).
// In-memory Socket.IO adapter and rate limiter; the email API is answered by msw (EMAIL_FAKE), so
// every mail lands in /dev/outbox.
import type { AddressInfo } from "node:net";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { createAppServer, type AppServer } from "../../server/app";
import { loadEnv } from "../../server/env";
import { startEmailFake } from "../../server/email-fake";
import { workerMongoUri } from "../db";

const EMAIL_API_URL = "http://email-api.leerkring.test/email";

export interface RunningApp {
  url: string;
  app: AppServer;
  close(): Promise<void>;
}

/** `env` adds to or overrides the test environment (TRUST_PROXY, say). */
export async function startAppServer(
  env: Record<string, string> = {},
  /** The node's log and metrics, for a test that reads them. */
  obs: Parameters<typeof createAppServer>[3] = {},
): Promise<RunningApp> {
  const build = (await import(pathToFileURL(path.resolve("build/index.js")).href)) as ServerBuild;
  const config = loadEnv({
    NODE_ENV: "test",
    MONGODB_URI: workerMongoUri(),
    REDIS_URL: "",
    APP_URL: "http://127.0.0.1:1", // replaced below once the port is known
    EMAIL_API_URL,
    EMAIL_API_TOKEN: "",
    EMAIL_FAKE: "true",
    COOKIE_SECURE: "false",
    SESSION_SECRET: "e2e-test-session-secret-0123456789abcdef",
    ...env,
  });
  const app = await createAppServer(config, build, undefined, obs);
  await new Promise<void>((resolve, reject) => {
    app.httpServer.once("error", reject);
    app.httpServer.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = app.httpServer.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  // The load context is one object handed to every request: links in mails now point here.
  app.context.services.deps.appUrl = url;
  const emailFake = startEmailFake(EMAIL_API_URL);
  let closed: Promise<void> | null = null;
  return {
    url,
    app,
    close: () =>
      (closed ??= (async () => {
        emailFake.close();
        app.httpServer.closeAllConnections?.();
        await app.close();
      })()),
  };
}
