import http from "node:http";
import { randomBytes } from "node:crypto";
import path from "node:path";
import express from "express";
import compression from "compression";
import mongoose from "mongoose";
import { Redis } from "ioredis";
import { createRequestHandler } from "@remix-run/express";
import type { AppLoadContext, ServerBuild } from "@remix-run/node";
import { createRealtime } from "../realtime/io";
import { createMailSender } from "../models/email/email.service";
import type { Env } from "./env";
import { memoryRateLimiter, redisRateLimiter } from "./rate-limit";
import type { LeerkringContext } from "../app/load-context";
import { createServices } from "./services";
import { createNodeState } from "../models/node";

const MAX_BODY_BYTES = 100 * 1024;

/** The pages' Content-Security-Policy. Styles may be inline (the editor positions carets with
 *  style attributes); scripts may not, except Remix's own with the response's nonce. The socket
 *  connects to our own origin ('self' covers ws: and wss: there). */
export const contentSecurityPolicy = (nonce: string) =>
  [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");

export interface AppServer {
  httpServer: http.Server;
  context: LeerkringContext;
  io: ReturnType<typeof createRealtime>["io"];
  close(): Promise<void>;
}

async function mongoHealthy(connection: mongoose.Connection) {
  if (connection.readyState !== 1 || !connection.db) return false;
  try {
    await Promise.race([
      connection.db.admin().ping(),
      new Promise((_, reject) => setTimeout(() => reject(new Error("timeout")), 1000).unref()),
    ]);
    return true;
  } catch {
    return false;
  }
}

/** Builds the HTTP server: Express with the Remix handler and Socket.IO on one port. No listening, no DB connect. */
export async function createAppServer(
  env: Env,
  build: ServerBuild | (() => Promise<ServerBuild>),
  /** The connection /healthz reports on; the models use mongoose's default one. */
  connection: mongoose.Connection = mongoose.connection,
): Promise<AppServer> {
  const redisOpts = { maxRetriesPerRequest: 2, lazyConnect: false, enableOfflineQueue: true };
  const redis = env.REDIS_URL ? { pub: new Redis(env.REDIS_URL, redisOpts), sub: new Redis(env.REDIS_URL, redisOpts) } : null;
  // ioredis reconnects by itself; without a listener an outage would crash the process.
  redis?.pub.on("error", () => undefined);
  redis?.sub.on("error", () => undefined);

  const app = express();
  const httpServer = http.createServer(app);
  const realtime = createRealtime(httpServer, { redis });
  // The node's one runtime, for both doors (docs/decisions/017-one-runtime.md).
  const services = createServices(
    {
      sendMail: createMailSender({ url: env.EMAIL_API_URL, token: env.EMAIL_API_TOKEN || "local-fake", from: env.EMAIL_FROM }),
      appUrl: env.APP_URL.replace(/\/$/, ""),
      rateLimiter: redis ? redisRateLimiter(redis.pub) : memoryRateLimiter(),
      publisher: realtime.publisher,
    },
    createNodeState({ freshness: realtime.freshness }),
  );
  realtime.serve(services.deps);

  const context: LeerkringContext = {
    services,
    cookieSecure: env.COOKIE_SECURE,
    sessionSecret: env.SESSION_SECRET,
    devOutbox: env.EMAIL_FAKE,
  };

  app.disable("x-powered-by");
  // Only a proxy we run may tell us the client's address; otherwise anyone could pick theirs.
  app.set("trust proxy", env.TRUST_PROXY);
  app.use(compression());
  app.use((_req, res, next) => {
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("X-Frame-Options", "DENY");
    res.setHeader("Referrer-Policy", "same-origin");
    // Scripts only from our origin, plus Remix's inline ones carrying this response's nonce:
    // markup that slips into a page (a stored document's HTML, say) cannot run script.
    const nonce = randomBytes(16).toString("base64");
    res.locals.cspNonce = nonce;
    res.setHeader("Content-Security-Policy", contentSecurityPolicy(nonce));
    next();
  });

  app.get("/healthz", async (_req, res) => {
    const mongo = await mongoHealthy(connection);
    const redisState = !redis ? "not_configured" : redis.pub.status === "ready" ? "up" : "down";
    res.status(mongo ? 200 : 503).json({ status: mongo ? "ok" : "degraded", mongodb: mongo ? "up" : "down", redis: redisState });
  });

  // State-changing requests: bounded bodies and same-origin only (CSRF defence in depth, see app/utils/form.server.ts).
  app.use((req, res, next) => {
    if (req.method === "GET" || req.method === "HEAD") return next();
    const length = Number(req.headers["content-length"] ?? (req.headers["transfer-encoding"] ? NaN : 0));
    if (!Number.isFinite(length)) return res.status(411).type("text/plain").send("Length Required");
    if (length > MAX_BODY_BYTES) return res.status(413).type("text/plain").send("Payload Too Large");
    const origin = req.headers.origin;
    if (origin && origin !== "null") {
      let host = "";
      try {
        host = new URL(origin).host;
      } catch {}
      if (host !== req.headers.host) return res.status(403).type("text/plain").send("Forbidden");
    }
    next();
  });

  app.use("/build", express.static(path.resolve("public/build"), { immutable: true, maxAge: "1y" }));
  app.use(express.static(path.resolve("public"), { maxAge: "1h" }));
  app.all(
    "*",
    createRequestHandler({
      build,
      mode: env.NODE_ENV === "production" ? "production" : "development",
      getLoadContext: (req, res) =>
        ({ ...context, clientIp: req.ip ?? "unknown", cspNonce: res.locals.cspNonce as string }) as unknown as AppLoadContext,
    }),
  );

  // Last resort: never a stack trace to the client.
  app.use((err: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    console.error(err);
    if (!res.headersSent) res.status(500).type("text/plain").send("Internal Server Error");
  });

  return {
    httpServer,
    context,
    io: realtime.io,
    async close() {
      await realtime.close();
      await new Promise<void>((resolve) => httpServer.close(() => resolve()));
      await services.close();
      redis?.pub.disconnect();
      redis?.sub.disconnect();
    },
  };
}
