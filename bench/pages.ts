// Pages against the amount of content (issue 19 item 4): every page's loader (app/root.tsx and each
// file in app/routes, called as a function the way the server calls it, signed in as the demo's
// first leader or, for trajectory pages, its organiser) timed on the demo seed alone, and again
// after bulk inserts in the shapes the app writes (10,000 events in the leader's group, 100,000
// messages across other groups, with their threads, log entries and read markers): each page's p50
// and the ratio, in one run. Goal: every ratio at most 1.2.
//
//   npm run bench:pages [-- --reps 15 --smoke]
//   (--smoke: 1,000 events and 5,000 messages, 3 repetitions, results to the temp dir: a check
//   that it runs, for CI; no thresholds)
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { execFileSync } from "node:child_process";
import mongoose, { Types } from "mongoose";
import { silentPublisher } from "../models/shared/context";
import { createServices } from "../server/services";
import { connectMongo } from "../server/db";
import { seed, FIRST_LOGIN } from "../scripts/seed";
import { User } from "../models/user/user.model";
import { Membership } from "../models/group/group.model";
import { Message, ReadMarker, Thread } from "../models/thread/thread.model";
import { GroupEvent } from "../models/delivery/group-event.model";
import { createSession } from "../models/session/session.service";
import { arg, benchDatabase, log, median, round, runMain, serviceUrls } from "./lib";
import { renderPagesChart } from "./chart";
import { routeTestContext } from "../test/route-context";

const argv = process.argv.slice(2);
const smoke = argv.includes("--smoke");
const reps = Number(arg(argv, "reps") ?? (smoke ? 3 : 15));
const EVENTS = smoke ? 1_000 : 10_000;
const MESSAGES = smoke ? 5_000 : 100_000;
const OTHER_GROUPS = smoke ? 5 : 50;
const PER_THREAD = 25;
const BATCH = 1_000;

type Loader = (args: unknown) => unknown;

/** Messages, their threads and log entries, as materialise and appendGroupEvent write them. */
async function bulk(groupId: Types.ObjectId, authors: Types.ObjectId[], firstSeq: number, n: number, reader?: Types.ObjectId) {
  let seq = firstSeq;
  for (let done = 0; done < n; ) {
    const size = Math.min(BATCH, n - done);
    const messages = [];
    const events = [];
    const threads = [];
    const markers = [];
    for (let i = 0; i < size; i += PER_THREAD) {
      const threadId = new Types.ObjectId();
      const inThread = Math.min(PER_THREAD, size - i);
      const at = new Date(Date.now() - (n - done - i) * 60_000);
      for (let k = 0; k < inThread; k++) {
        seq++;
        const authorId = authors[(i + k) % authors.length];
        const message = {
          _id: new Types.ObjectId(),
          groupId,
          threadId,
          authorId,
          text: `Bericht ${seq}: hoe pakken jullie de oudergesprekken aan?`,
          mentions: [],
          seq,
          createdAt: at,
          editedAt: null,
          deletedAt: null,
          editSeqs: [],
        };
        messages.push(message);
        const kind = k === 0 ? "thread.created" : "message.sent";
        const dto = {
          ...message,
          id: String(message._id),
          groupId: String(groupId),
          threadId: String(threadId),
          authorId: String(authorId),
        };
        events.push({
          _id: `${groupId}:${seq}`,
          groupId,
          seq,
          commandId: `${authorId}:bench-${seq}`,
          type: kind,
          data: {
            kind,
            message: dto,
            ...(k === 0 ? { thread: { id: String(threadId), groupId: String(groupId), title: `Onderwerp ${seq}` } } : {}),
          },
          actorId: authorId,
          at,
        });
      }
      threads.push({
        _id: threadId,
        groupId,
        title: `Onderwerp ${seq}`,
        createdBy: authors[0],
        createdAt: at,
        lastSeq: seq,
        lastMessageAt: at,
        count: inThread,
        pinned: false,
      });
      // The reader has read half of the threads to their end.
      if (reader && (i / PER_THREAD) % 2 === 0) markers.push({ userId: reader, threadId, groupId, seq, count: inThread });
    }
    await Promise.all([
      Message.collection.insertMany(messages, { ordered: false }),
      GroupEvent.collection.insertMany(events as never[], { ordered: false }),
      Thread.collection.insertMany(threads, { ordered: false }),
      markers.length ? ReadMarker.collection.insertMany(markers, { ordered: false }) : undefined,
    ]);
    done += size;
  }
  return seq;
}

async function main() {
  const urls = serviceUrls();
  const mongoUri = benchDatabase(urls.mongo);
  log(
    `pages: ${EVENTS} events in one group, ${MESSAGES} messages across ${OTHER_GROUPS} groups, ${reps} repetitions; database ${mongoUri.replace(/\/\/[^@]*@/, "//")}`,
  );
  await connectMongo(mongoUri, () => undefined);
  await mongoose.connection.dropDatabase();
  await Promise.all(Object.values(mongoose.models).map((m) => m.init()));
  const services = createServices({ publisher: silentPublisher, sendMail: async () => {}, appUrl: "http://x", redis: null });
  try {
    await seed(() => undefined);
    const { context, request } = routeTestContext("bench-pages-secret-0123456789abcdefghij", services);
    const leader = (await User.findOne({ email: FIRST_LOGIN }).lean())!;
    const organiser = (await User.findOne({ isOrganiser: true }).lean())!;
    const membership = (await Membership.findOne({ userId: leader._id, status: "active" }).lean())!;
    const groupId = membership.groupId as Types.ObjectId;
    const thread = (await Thread.findOne({ groupId }).lean())!;
    const first = (model: string, filter: object) => mongoose.model(model).findOne(filter).lean<{ _id: unknown }>();
    const doc = await first("CollabDocument", { groupId });
    const version = doc ? await first("DocVersion", { docId: doc._id }) : null;
    const meeting = await first("Meeting", { groupId });
    const group = (await first("Group", { _id: groupId })) as { _id: unknown; trajectoryId: unknown };
    const some = () => String(new Types.ObjectId());
    const params: Record<string, string> = {
      groupId: String(groupId),
      threadId: String(thread._id),
      docId: doc ? String(doc._id) : some(),
      versionId: version ? String(version._id) : some(),
      meetingId: meeting ? String(meeting._id) : some(),
      roundId: some(),
      trajectoryId: String(group.trajectoryId),
      token: "a-token-that-does-not-exist-0123456789",
      "*": "nowhere",
    };
    const sessions = { leader: await createSession(String(leader._id)), organiser: await createSession(String(organiser._id)) };
    // The loaders as the server has them: the Remix build's route modules (root and app/routes).
    if (!existsSync("build/index.js")) {
      log("building (npx remix build)");
      execFileSync("npx", ["remix", "build"], { stdio: ["ignore", "ignore", "inherit"] });
    }
    const build = (await import(pathToFileURL(path.resolve("build/index.js")).href)) as {
      routes: Record<string, { module: { loader?: Loader } }>;
    };
    const loaders = Object.entries(build.routes)
      .filter(([, r]) => r.module.loader)
      .map(([id, r]) => [id.replace(/^routes\//, ""), r.module.loader!] as [string, Loader])
      .sort(([a], [b]) => a.localeCompare(b));

    /** Each page's p50 in ms: every page once per repetition, in turn. */
    const measure = async () => {
      const times = new Map<string, number[]>(loaders.map(([f]) => [f, []]));
      for (let r = 0; r < reps + 1; r++) {
        for (const [file, loader] of loaders) {
          const session = file.startsWith("trajectories.") ? sessions.organiser : sessions.leader;
          const t0 = performance.now();
          try {
            await loader({ request: request(`http://x/${file}`, session), context, params });
          } catch {
            // A thrown Response (a redirect, a 404) is a page's answer too.
          }
          if (r > 0) times.get(file)!.push(performance.now() - t0); // the first round warms up
        }
      }
      return Object.fromEntries([...times].map(([f, ts]) => [f, round(median(ts), 2)]));
    };

    log("measuring on the demo seed alone");
    const empty = await measure();

    const t0 = performance.now();
    const members = (await Membership.find({ groupId, status: "active" }).lean()).map((m) => m.userId as Types.ObjectId);
    const last = await GroupEvent.find({ groupId }).sort({ seq: -1 }).limit(1).lean();
    await bulk(groupId, members, last[0]?.seq ?? 0, EVENTS, leader._id as Types.ObjectId);
    for (let g = 0; g < OTHER_GROUPS; g++) {
      await bulk(new Types.ObjectId(), [new Types.ObjectId(), new Types.ObjectId()], 0, Math.floor(MESSAGES / OTHER_GROUPS));
    }
    log(`inserted in ${round((performance.now() - t0) / 1000, 1)} s`);
    if (process.env.FERRETDB_SQLITE_DIR) {
      // The _id expression indexes for the new tables (server/ferretdb-ids.ts runs at connect).
      await mongoose.disconnect();
      await connectMongo(mongoUri, () => undefined);
    }

    log("measuring with the content");
    const full = await measure();
    const rows = loaders.map(([f]) => ({
      page: f,
      emptyMs: empty[f],
      fullMs: full[f],
      ratio: round(full[f] / Math.max(empty[f], 0.01), 2),
    }));
    for (const r of rows) log(`${r.page.padEnd(56)} ${String(r.emptyMs).padStart(8)} ms ${String(r.fullMs).padStart(8)} ms  x${r.ratio}`);
    const worst = rows.reduce((a, b) => (b.ratio > a.ratio ? b : a));
    log(`worst: ${worst.page} x${worst.ratio} (goal: at most x1.2)`);

    const date = new Date().toISOString().slice(0, 10);
    const commit = (() => {
      try {
        return execFileSync("git", ["rev-parse", "--short", "HEAD"]).toString().trim();
      } catch {
        return "";
      }
    })();
    mkdirSync("bench/results", { recursive: true });
    const name = smoke
      ? path.join(os.tmpdir(), `leerkring-bench-pages-smoke-${process.pid}`)
      : `bench/results/pages-${date}${commit ? `-${commit}` : ""}`;
    const result = { date, commit, config: { events: EVENTS, messages: MESSAGES, otherGroups: OTHER_GROUPS, reps, smoke }, rows };
    writeFileSync(`${name}.json`, `${JSON.stringify(result, null, 2)}\n`);
    await renderPagesChart(result, `${name}.png`);
    log(`wrote ${name}.json and .png`);
  } finally {
    await services.close();
    await mongoose.connection.dropDatabase().catch(() => undefined);
    await mongoose.disconnect();
  }
}

runMain(main);
