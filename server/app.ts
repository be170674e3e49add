import http from "node:http";
import { randomBytes, randomUUID } from "node:crypto";
import path from "node:path";
import express from "express";
import compression from "compression";
import helmet from "helmet";
import { PDF_WORKER_PATH } from "../models/attachment/attachment.constants";
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
import { pinoHttp } from "pino-http";
import { createLogger, routeTemplate, type Logger } from "./log";
import { instrumentRedis, type Metrics } from "./metrics";

const MAX_BODY_BYTES = 100 * 1024;
/** Attachments (decision 083): the upload route's path, and what its form adds to the file's bytes. */
const UPLOAD_PATH = /^\/groups\/[^/]+\/files\/?$/;
const UPLOAD_OVERHEAD_BYTES = 64 * 1024;

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
  /**
   * Graceful shutdown, first half (docs/decisions/041-health-and-shutdown.md): /readyz fails at
   * once, and after `delayMs` (the proxy's health checks notice) the node stops accepting
   * connections, finishes the socket commands under way and tells its clients to reconnect
   * elsewhere, waiting for them up to `graceMs`. close() does the rest.
   */
  drain(opts?: { delayMs?: number; graceMs?: number }): Promise<void>;
  close(): Promise<void>;
}

/** Resolves true when `ping` answers within a second. */
async function answers(ping: () => Promise<unknown>) {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([ping(), new Promise((_, reject) => (timer = setTimeout(() => reject(new Error("timeout")), 1000)))]);
    return true;
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

async function mongoHealthy(connection: mongoose.Connection) {
  const db = connection.db;
  if (connection.readyState !== 1 || !db) return false;
  return answers(() => db.admin().ping());
}

/** A request id from the proxy (HAProxy's unique-id header) when it looks like one, else a new one. */
const requestId = (req: http.IncomingMessage) => {
  const given = req.headers["x-request-id"];
  return typeof given === "string" && /^[\w.:-]{8,64}$/.test(given) ? given : randomUUID();
};

/** What a request's log line may say about who asked (set by app/utils/session.server.ts). */
export interface RequestLogFields {
  userId?: string;
}

/** Builds the HTTP server: Express with the Remix handler and Socket.IO on one port. No listening, no DB connect. */
export async function createAppServer(
  env: Env,
  build: ServerBuild | (() => Promise<ServerBuild>),
  /** The connection /healthz reports on; the models use mongoose's default one. */
  connection: mongoose.Connection = mongoose.connection,
  /** The node's log and metrics (server/index.ts builds them); a quiet logger and none by default. */
  { log = createLogger({ level: "warn" }), metrics }: { log?: Logger; metrics?: Metrics } = {},
): Promise<AppServer> {
  const redisOpts = { maxRetriesPerRequest: 2, lazyConnect: false, enableOfflineQueue: true };
  const redis = env.REDIS_URL ? { pub: new Redis(env.REDIS_URL, redisOpts), sub: new Redis(env.REDIS_URL, redisOpts) } : null;
  // ioredis reconnects by itself; without a listener an outage would crash the process.
  redis?.pub.on("error", () => undefined);
  redis?.sub.on("error", () => undefined);
  if (metrics && redis) instrumentRedis(metrics, redis.pub);

  const app = express();
  const httpServer = http.createServer(app);
  const realtime = createRealtime(httpServer, { redis, log, metrics });
  metrics?.countSocketsWith(realtime.connected);
  // The node's one runtime, for both doors (docs/decisions/017-one-runtime.md).
  const services = createServices(
    {
      sendMail: createMailSender({ url: env.EMAIL_API_URL, token: env.EMAIL_API_TOKEN || "local-fake", from: env.EMAIL_FROM }),
      appUrl: env.APP_URL.replace(/\/$/, ""),
      redis: redis?.pub ?? null,
      publisher: realtime.publisher,
    },
    createNodeState({
      freshness: realtime.freshness,
      log,
      redis: redis?.pub ?? null,
      files: { storage: env.ATTACHMENT_STORAGE, maxMb: env.ATTACHMENT_MAX_MB },
    }),
  );
  realtime.serve(services.deps);

  const context: LeerkringContext = {
    services,
    cookieSecure: env.COOKIE_SECURE,
    sessionSecret: env.SESSION_SECRET,
    devOutbox: false, // decided per request below
  };

  app.disable("x-powered-by");
  // One JSON line per request: its id, method, route template, status and time, and the user and
  // group when known; never the URL's own ids or tokens, a header's secrets or a body.
  app.use(
    pinoHttp({
      logger: log,
      genReqId: requestId,
      autoLogging: { ignore: (req) => /^\/(livez|readyz|healthz)$/.test(req.url ?? "") },
      customProps: (req, res) => {
        const fields = (res as unknown as express.Response).locals?.logFields as RequestLogFields | undefined;
        const groupId = /^\/groups\/([0-9a-f]{24})(?:[/.?]|$)/.exec(req.url ?? "")?.[1];
        return { ...(fields?.userId ? { userId: fields.userId } : {}), ...(groupId ? { groupId } : {}) };
      },
      serializers: {
        req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, route: routeTemplate(req.url) }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
    }),
  );
  if (metrics) {
    app.use((req, res, next) => {
      const started = process.hrtime.bigint();
      res.once("finish", () => {
        const route = res.statusCode === 404 ? "(unmatched)" : routeTemplate(req.path);
        metrics.http
          .labels(req.method, route, `${Math.floor(res.statusCode / 100)}xx`)
          .observe(Number(process.hrtime.bigint() - started) / 1e9);
      });
      next();
    });
  }
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
    res.locals.logFields = {} satisfies RequestLogFields;
    res.setHeader("Content-Security-Policy", contentSecurityPolicy(nonce));
    next();
  });

  app.get("/healthz", async (_req, res) => {
    const mongo = await mongoHealthy(connection);
    const redisState = !redis ? "not_configured" : redis.pub.status === "ready" ? "up" : "down";
    res.status(mongo ? 200 : 503).json({ status: mongo ? "ok" : "degraded", mongodb: mongo ? "up" : "down", redis: redisState });
  });
  // The process lives and its event loop turns: nothing else (a restart would not fix a database).
  app.get("/livez", (_req, res) => {
    res.json({ status: "ok" });
  });
  // May the proxy send this node traffic? Its databases answer and it is not shutting down. The
  // probes run at most once a second, however often the proxies ask.
  let draining = false;
  let probe: { at: number; result: Promise<{ mongodb: boolean; redis: boolean | null }> } | null = null;
  const probeDeps = () => {
    const now = Date.now();
    if (!probe || now - probe.at >= 1000) {
      const pub = redis?.pub;
      probe = {
        at: now,
        result: Promise.all([mongoHealthy(connection), pub ? answers(() => pub.ping()) : null]).then(([mongodb, r]) => ({
          mongodb,
          redis: r,
        })),
      };
    }
    return probe.result;
  };
  app.get("/readyz", async (_req, res) => {
    const deps = await probeDeps();
    const ready = !draining && deps.mongodb && deps.redis !== false;
    const state = (up: boolean | null) => (up === null ? "not_configured" : up ? "up" : "down");
    res.status(ready ? 200 : 503).json({
      status: draining ? "draining" : ready ? "ready" : "unavailable",
      mongodb: state(deps.mongodb),
      redis: state(deps.redis),
    });
  });

  // State-changing requests: bounded, same-origin forms only (CSRF defence in depth, see
  // app/utils/form.server.ts). One guard for every action: none reads a body this lets through
  // as anything but a form, and a refusal here writes nothing (decision 019).
  app.use((req, res, next) => {
    if (req.method === "GET" || req.method === "HEAD") return next();
    const locale = () => toLocale(parseCookie(req.headers.cookie ?? "")[LOCALE_COOKIE]);
    const refuse = (status: number, message: MessageKey) => res.status(status).type("html").send(refusalPage(locale(), message));
    const length = Number(req.headers["content-length"] ?? (req.headers["transfer-encoding"] ? NaN : 0));
    if (!Number.isFinite(length)) return refuse(411, "request.lengthRequired");
    // Attachments (decision 083): an upload's body may be as large as the file limit (and its form
    // parts); the upload route streams it and refuses a larger file on its own, as JSON.
    const upload = UPLOAD_PATH.test(req.path) && Boolean(req.is("multipart/form-data"));
    if (upload && length > services.deps.node.files.maxBytes + UPLOAD_OVERHEAD_BYTES) {
      const mb = Math.round((services.deps.node.files.maxBytes / 1024 / 1024) * 10) / 10;
      res.status(413).json({ error: { code: "too_large", message: translate(locale(), "file.error.tooLarge", { mb }) } });
      return;
    }
    if (!upload && length > MAX_BODY_BYTES) return refuse(413, "request.tooLarge");
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
  // pdf.js's worker for the PDF previews (issue 20 round two, decision 088): one file, its version in the path.
  app.get(PDF_WORKER_PATH, (_req, res) =>
    res.sendFile(path.resolve("node_modules/pdfjs-dist/build/pdf.worker.min.mjs"), {
      immutable: true,
      maxAge: "1y",
      headers: { "Content-Type": "text/javascript; charset=utf-8" },
    }),
  );
  app.use(express.static(path.resolve("public"), { maxAge: "1h" }));
  app.all(
    "*",
    createRequestHandler({
      build,
      mode: env.NODE_ENV === "production" ? "production" : "development",
      getLoadContext: (req, res) =>
        ({
          ...context,
          logFields: res.locals.logFields as RequestLogFields,
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
  app.use((err: unknown, req: express.Request, res: express.Response, _next: express.NextFunction) => {
    req.log.error({ err }, "request failed");
    if (!res.headersSent) res.status(500).type("text/plain").send("Internal Server Error");
  });

  return {
    httpServer,
    context,
    io: realtime.io,
    async drain({ delayMs = 0, graceMs = 5000 } = {}) {
      draining = true;
      metrics?.draining.set(1);
      if (delayMs > 0) await new Promise((r) => setTimeout(r, delayMs));
      // No new connection from here on (the proxy retries a refused one on another node); requests
      // under way finish, idle keep-alive connections close.
      httpServer.close();
      httpServer.closeIdleConnections();
      await realtime.drain(graceMs);
    },
    async close() {
      await realtime.close();
      await new Promise<void>((resolve) => httpServer.close(() => resolve()));
      await services.close();
      redis?.pub.disconnect();
      redis?.sub.disconnect();
    },
  };
}
