import http from "node:http";
import { randomBytes } from "node:crypto";
import path from "node:path";
import express from "express";
import compression from "compression";
import helmet from "helmet";
import mongoose from "mongoose";
import { Redis } from "ioredis";
import { createRequestHandler } from "@remix-run/express";
import type { AppLoadContext, ServerBuild } from "@remix-run/node";
import { createRealtime } from "../realtime/io";
import { createMailSender } from "../models/email/email.service";
import type { Env } from "./env";
import type { LeerkringContext } from "../app/load-context";
import { createServices } from "./services";
import { parse as parseCookie } from "cookie";
import { LOCALE_COOKIE } from "../app/utils/cookies.server";
import { translate, type MessageKey } from "../models/i18n/i18n";
import { toLocale, type Locale } from "../models/i18n/locale";
import { isFromThisMachine } from "./local-request";
import { createNodeState } from "../models/node";

const MAX_BODY_BYTES = 100 * 1024;

/** Text content only (the page puts no value in an attribute). */
const escapeHtml = (text: string) => text.replace(/[&<>]/g, (c) => `&#${c.charCodeAt(0)};`);

/** The small page a refused request gets from the guard below, in the browser's UI language. */
function refusalPage(locale: Locale, message: MessageKey) {
  const t = (key: MessageKey) => escapeHtml(translate(locale, key, { kb: MAX_BODY_BYTES / 1024 }));
  return `<!DOCTYPE html><html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${t("request.refused")} · Leerkring</title></head><body><main><h1>${t("request.refused")}</h1><p>${t(message)}</p><p><a href="/">${t("common.toHome")}</a></p></main></body></html>`;
}

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
      redis: redis?.pub ?? null,
      publisher: realtime.publisher,
    },
    createNodeState({ freshness: realtime.freshness }),
  );
  realtime.serve(services.deps);

  const context: LeerkringContext = {
    services,
    cookieSecure: env.COOKIE_SECURE,
    sessionSecret: env.SESSION_SECRET,
    devOutbox: false, // decided per request below
  };

  app.disable("x-powered-by");
  // Only a proxy we run may tell us the client's address; otherwise anyone could pick theirs.
  app.set("trust proxy", env.TRUST_PROXY);
  app.use(compression());
  // The standard headers by helmet (HSTS, COOP, CORP, Origin-Agent-Cluster, nosniff, frame denial and
  // the rest); the Content-Security-Policy is the project's own below, with its per-response nonce
  // (decisions 016, 040).
  app.use(
    helmet({
      contentSecurityPolicy: false,
      xFrameOptions: { action: "deny" },
      referrerPolicy: { policy: "same-origin" },
      strictTransportSecurity: { maxAge: 365 * 86_400, includeSubDomains: true },
    }),
  );
  app.use((_req, res, next) => {
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

  // State-changing requests: bounded, same-origin forms only (CSRF defence in depth, see
  // app/utils/form.server.ts). One guard for every action: none reads a body this lets through
  // as anything but a form, and a refusal here writes nothing (decision 019).
  app.use((req, res, next) => {
    if (req.method === "GET" || req.method === "HEAD") return next();
    const refuse = (status: number, message: MessageKey) => {
      const locale = toLocale(parseCookie(req.headers.cookie ?? "")[LOCALE_COOKIE]);
      res.status(status).type("html").send(refusalPage(locale, message));
    };
    const length = Number(req.headers["content-length"] ?? (req.headers["transfer-encoding"] ? NaN : 0));
    if (!Number.isFinite(length)) return refuse(411, "request.lengthRequired");
    if (length > MAX_BODY_BYTES) return refuse(413, "request.tooLarge");
    // Any Origin but our own, including "null" (a sandboxed frame, a data: or file: page).
    const origin = req.headers.origin;
    if (origin !== undefined) {
      let host = "";
      try {
        host = new URL(origin).host;
      } catch {}
      if (host !== req.headers.host) return refuse(403, "request.foreignOrigin");
    }
    // A body must be a form (false: a body of another type, or of none named; null: no body).
    if (req.is(["application/x-www-form-urlencoded", "multipart/form-data"]) === false) return refuse(415, "request.notAForm");
    next();
  });

  // Browsers that ask for the old name (a bookmark, a page that links no icon) get the SVG.
  app.get("/favicon.ico", (_req, res) => res.redirect(301, "/favicon.svg"));
  app.use("/build", express.static(path.resolve("public/build"), { immutable: true, maxAge: "1y" }));
  app.use(express.static(path.resolve("public"), { maxAge: "1h" }));
  app.all(
    "*",
    createRequestHandler({
      build,
      mode: env.NODE_ENV === "production" ? "production" : "development",
      getLoadContext: (req, res) =>
        ({
          ...context,
          clientIp: req.ip ?? "unknown",
          cspNonce: res.locals.cspNonce as string,
          // Mailed links take over accounts: only while mail is faked, and only for this machine
          // (req.ip: behind the proxy TRUST_PROXY names, the client it reports; a loopback Host
          // against DNS rebinding; no unknown proxy or tunnel in front).
          devOutbox: env.EMAIL_FAKE && isFromThisMachine(req, Boolean(env.TRUST_PROXY)),
        }) as unknown as AppLoadContext,
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
