// One app node's realtime part in its own process, for tests that kill a node with SIGKILL
// (realtime/liveness.test.ts). Env: MONGODB_URI, REDIS_URL. Prints "PORT <n>" once listening.
import http from "node:http";
import type { AddressInfo } from "node:net";
import mongoose from "mongoose";
import { Redis } from "ioredis";
import "../models/all-models";
import { createRealtime } from "../realtime/io";
import { createServices } from "../server/services";
import { createNodeState } from "../models/node";

const { MONGODB_URI, REDIS_URL } = process.env;
if (!MONGODB_URI || !REDIS_URL) throw new Error("MONGODB_URI and REDIS_URL are required");
await mongoose.connect(MONGODB_URI, { serverSelectionTimeoutMS: 5000 });
const redis = { pub: new Redis(REDIS_URL), sub: new Redis(REDIS_URL) };
const httpServer = http.createServer((_req, res) => res.writeHead(404).end());
const realtime = createRealtime(httpServer, { redis });
const services = createServices(
  {
    appUrl: "http://leerkring.test",
    sendMail: async () => undefined,
    redis: redis.pub,
    publisher: realtime.publisher,
  },
  createNodeState({ freshness: realtime.freshness, redis: redis.pub }),
);
realtime.serve(services.deps);
httpServer.listen(0, "127.0.0.1", () => console.log(`PORT ${(httpServer.address() as AddressInfo).port}`));
