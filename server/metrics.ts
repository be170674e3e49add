// The node's metrics (docs/decisions/042-logs-and-metrics.md): prom-client on a registry of the
// node's own (no module-level state), served at /metrics on METRICS_PORT, an internal port the
// proxy never forwards. Labels are route templates, event names, command names and job names:
// bounded sets. The socket path uses label children bound once per event, so a message costs two
// hrtime reads and one observe.
import http from "node:http";
import type { Redis } from "ioredis";
import type mongoose from "mongoose";
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";

const FAST = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

export function createMetrics() {
  const registry = new Registry();
  // process_*, nodejs_* including nodejs_eventloop_lag_seconds and its percentiles.
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  let countSockets = () => 0;
  const m = {
    /** Where the connected-sockets gauge reads its value when scraped (the node's realtime). */
    countSocketsWith(fn: () => number) {
      countSockets = fn;
    },
    registry,
    http: new Histogram({
      name: "leerkring_http_request_duration_seconds",
      help: "HTTP requests by method, route template and status class",
      labelNames: ["method", "route", "status"] as const,
      buckets: [...FAST, 5],
      registers,
    }),
    socketCommands: new Histogram({
      name: "leerkring_socket_ack_duration_seconds",
      help: "Socket commands from arrival to acknowledgement, by event and outcome",
      labelNames: ["event", "outcome"] as const,
      buckets: FAST,
      registers,
    }),
    sockets: new Gauge({
      name: "leerkring_sockets_connected",
      help: "Sockets connected to this node",
      registers,
      collect() {
        this.set(countSockets());
      },
    }),
    socketConnections: new Counter({ name: "leerkring_socket_connections_total", help: "Socket connections accepted", registers }),
    mongo: new Histogram({
      name: "leerkring_mongodb_command_duration_seconds",
      help: "MongoDB commands by name",
      labelNames: ["command"] as const,
      buckets: FAST,
      registers,
    }),
    mongoErrors: new Counter({
      name: "leerkring_mongodb_command_errors_total",
      help: "MongoDB commands that failed",
      labelNames: ["command"] as const,
      registers,
    }),
    redis: new Histogram({
      name: "leerkring_redis_command_duration_seconds",
      help: "Redis commands by name",
      labelNames: ["command"] as const,
      buckets: FAST,
      registers,
    }),
    redisErrors: new Counter({
      name: "leerkring_redis_command_errors_total",
      help: "Redis commands that failed",
      labelNames: ["command"] as const,
      registers,
    }),
    jobs: new Histogram({
      name: "leerkring_job_duration_seconds",
      help: "Scheduler jobs run on this node, by name and outcome",
      labelNames: ["job", "outcome"] as const,
      buckets: [0.01, 0.1, 0.5, 1, 5, 15, 60, 300],
      registers,
    }),
    draining: new Gauge({ name: "leerkring_draining", help: "1 while this node shuts down gracefully", registers }),
  };
  return m;
}

export type Metrics = ReturnType<typeof createMetrics>;

/** Times every MongoDB command of `connection` (mongoose must connect with monitorCommands: true). */
export function instrumentMongo(metrics: Metrics, connection: mongoose.Connection) {
  const client = connection.getClient();
  client.on("commandSucceeded", (e) => metrics.mongo.labels(e.commandName).observe(e.duration / 1000));
  client.on("commandFailed", (e) => {
    metrics.mongo.labels(e.commandName).observe(e.duration / 1000);
    metrics.mongoErrors.labels(e.commandName).inc();
  });
}

/** Times every command sent on `redis` (ioredis has no hook for it: sendCommand is wrapped). */
export function instrumentRedis(metrics: Metrics, redis: Redis) {
  const send = redis.sendCommand.bind(redis);
  redis.sendCommand = ((command, stream) => {
    const started = process.hrtime.bigint();
    const name = command.name;
    const observe = () => metrics.redis.labels(name).observe(Number(process.hrtime.bigint() - started) / 1e9);
    command.promise.then(observe, () => {
      observe();
      metrics.redisErrors.labels(name).inc();
    });
    return send(command, stream);
  }) as Redis["sendCommand"];
}

/** Serves GET /metrics on its own HTTP server (bind it to an internal address). */
export function createMetricsServer(metrics: Metrics) {
  return http.createServer(async (req, res) => {
    if (req.method !== "GET" || req.url?.split("?")[0] !== "/metrics") return res.writeHead(404).end();
    try {
      const body = await metrics.registry.metrics();
      res.writeHead(200, { "content-type": metrics.registry.contentType }).end(body);
    } catch {
      res.writeHead(500).end();
    }
  });
}
