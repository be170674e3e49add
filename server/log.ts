// The node's structured log (docs/decisions/042-logs-and-metrics.md): pino, one JSON object per
// line on stdout; pretty only in development. Never message or document content: lines carry ids,
// route templates and counts; the redaction list below is the safety net for a field that slips in.
import pino, { type DestinationStream, type Logger } from "pino";

export type { Logger };

/** Keys whose value is never written: credentials, and any field that can hold what people wrote. */
const CONTENT_KEYS = [
  "password",
  "token",
  "text",
  "title",
  "body",
  "html",
  "content",
  "update",
  "payload",
  "email",
  // A school's OpenID client secret (decision 063), under either spelling.
  "clientSecret",
  "client_secret",
];
export const REDACT_PATHS = [
  "req.headers.cookie",
  "req.headers.authorization",
  'res.headers["set-cookie"]',
  // At the top of a line and one level down (pino's wildcards match one level).
  ...CONTENT_KEYS,
  ...CONTENT_KEYS.map((k) => `*.${k}`),
];

export interface LogOptions {
  level?: string;
  /** Human-readable lines (pino-pretty, a devDependency): development only. */
  pretty?: boolean;
  /** Where lines go (tests capture them); stdout by default. */
  destination?: DestinationStream;
}

/** A logger with the redaction list; nothing is opened before the first line. */
export function createLogger({ level = "info", pretty = false, destination }: LogOptions = {}): Logger {
  const options = { level, redact: { paths: REDACT_PATHS, censor: "[redacted]" }, base: { pid: process.pid } };
  if (pretty && !destination) return pino({ ...options, transport: { target: "pino-pretty", options: { colorize: true } } });
  return destination ? pino(options, destination) : pino(options);
}

/** Segments that follow one of these in app/routes are a parameter ($groupId, $token, ...). */
const PARAM_AFTER = new Set(["groups", "docs", "threads", "versions", "trajectories", "invite", "reset", "unsubscribe"]);

/** The route a path matched, as a template: parameters, ids and tokens become `:id`, so metric
 *  labels stay few and no secret link (an invite or reset token) reaches a log line. */
export function routeTemplate(path: string): string {
  const bare = path.split("?")[0].replace(/\.data$/, "");
  if (bare.startsWith("/build/")) return "/build/*";
  const segments = bare.split("/");
  return (
    segments
      .map((s, i) => (PARAM_AFTER.has(segments[i - 1]) || /^\d+$/.test(s) || (s.length >= 16 && /\d/.test(s)) || s.length > 40 ? ":id" : s))
      .join("/") || "/"
  );
}
