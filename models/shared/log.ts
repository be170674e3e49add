// The log port of the domain and the socket door (docs/decisions/042-logs-and-metrics.md). The
// server hands every part its pino logger (server/log.ts); processes without one (tests, seed,
// benchmarks) get consoleLog, so a test's console.error guard still sees every error. Log ids,
// names of things and counts: never what people wrote.

type LogFn = (fields: object, msg?: string) => void;

/** The part of pino's Logger the code uses: structured fields first, then a short message. */
export interface Log {
  info: LogFn;
  warn: LogFn;
  error: LogFn;
}

const line = (fields: object, msg?: string) => [msg ?? "", fields] as const;

/** A Log on the console, for processes that did not build the server's logger. */
export const consoleLog: Log = {
  info: (f, m) => console.log(...line(f, m)),
  warn: (f, m) => console.warn(...line(f, m)),
  error: (f, m) => console.error(...line(f, m)),
};
