// Every page's loader (app/root.tsx and every file in app/routes, enumerated as the access matrix
// does) runs against the demo seed's lived-in group while the driver reports each command it sends
// (command monitoring). Each query must be one whose cost does not grow with the database: an _id
// lookup, a lookup by a unique key, or a bounded range on a declared index (equality on an index's
// leading fields, a limit on a find that can grow); no count or aggregation over a range, no
// $where, $regex or $expr. The shape of each query is checked, not a timer (issue 19, item 4;
// decision 047). The few exceptions are listed below, each with its reason.
import { readdirSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import mongoose from "mongoose";
import type { CommandStartedEvent } from "mongodb";
import { describe, expect, it } from "vitest";
import { seed, FIRST_LOGIN } from "../scripts/seed";
import { User } from "../models/user/user.model";
import { Thread } from "../models/thread/thread.model";
import { Group } from "../models/group/group.model";
import { createSession } from "../models/session/session.service";
import { workerMongoUri } from "./db";
import { routeTestContext, settle } from "./route-context";

/** A query's shape, as reported: "<collection> <command> <fields of its filter>". */
type Shape = string;

/** Queries without a limit whose size a product bound keeps small, whatever the database holds. */
const boundedByTheProduct: Record<Shape, string> = {
  "memberships find {groupId, status}": "one group's members: a learning group of 5-10 leaders, a coach and a few guests",
  "agendaitems find {meetingId}": "one meeting's agenda: at most AGENDA_MAX_ITEMS (30)",
  "assignments find {meetingId}": "one meeting's assignments: at most ASSIGNMENTS_MAX (20)",
  "assignmentresponses find {assignmentId}": "one assignment's responses: one per member",
  "attendances find {meetingId}": "one meeting's attendance: one per member",
  "learningquestions find {groupId}": "a group's learning questions: at most MAX_QUESTIONS (3) per member",
  "checkins find {groupId, questionId}": "the check-ins of one learning question",
  "checkinfeedbacks find {checkInId}": "the feedback on one check-in",
  "goalagreements find {goalId}": "one goal's agreements: one per member and version",
  "analyses find {userId}": "a leader's own analyses: one BSA and one ESA per trajectory",
  "analyses find {userId, trajectoryId, submittedAt}": "a leader's submitted analyses of one trajectory: at most two",
  "analysisanswers find {analysisId}": "one analysis's answers: one per item of its questionnaire (bounded by the schema)",
  "closingchecks find {roundId}": "one round's closing checks: one per participant",
  // Practice stories and the end of the trajectory (decisions 055, 056)
  "endvotes find {groupId}": "a group's votes on its end: one per leader (at most 10)",
  "storyselections find {groupId}": "a group's selected stories: one per moment (STORY_MOMENTS, four)",
};

/** Lists that still grow with a group's or a user's history and are read whole: the pagination of
 *  issue 19 item 4 that is not done yet (each names its page). Remove an entry when its page pages. */
const notYetPaged: Record<Shape, string> = {
  "meetings find {groupId, status, endsAt}": "the dashboard's next meeting: needs a limit (group overview)",
  "assignments find {groupId, dueDate}": "the dashboard's open assignments: needs a limit",
  "doccommententries find {docId}": "a document's comments, read whole by the document page",
  "doceditmarks find {docId}": "a document's edit marks, read whole by the versions page",
  "goals find {groupId}": "the goals page",
  "meetings find {groupId}": "the meetings and goals pages: the whole meeting plan of the trajectory",
  "collabdocuments find {groupId}": "the goals page's link choices: every document of the group",
  "threads find {groupId}": "the goals page's link choices: every thread of the group",
  "goalprogresses find {goalId}": "the goals page: every progress note of a goal",
  "commitments find {groupId, userId}": "the action plan: a member's commitments over the trajectory",
  "coachnotes find {groupId, memberId}": "the coach's notes on a member",
  "sessions find {userId}": "the settings page's devices: every session of the user",
  "groups find {trajectoryId}": "a trajectory's groups (organiser pages)",
  "meetings find {groupId, kind}": "the attendance overview: every meeting of each group of the trajectory",
  "casevotes find {groupId}": "the preparation page: every vote of the group (one live per member, old ones kept)",
  "caseproposals find {groupId}": "the preparation page: every proposal of the group, picked ones included",
  "casepicks find {groupId}": "the preparation page: every pick of the group",
  "protocolversions find {groupId}": "the protocols and preparation pages: every version of the group's copies",
  "protocolarchives find {groupId}": "the protocols and preparation pages: the group's archived copies",
  "analyses find {trajectoryId, submittedAt}": "the organiser's counts of submitted analyses (a count per group would do)",
};

/** Queries a page may send that are not bounded by an index, each with its reason. */
const allowed: Record<Shape, string> = { ...boundedByTheProduct, ...notYetPaged };

const routesDir = path.resolve("app/routes");
const routeFiles = readdirSync(routesDir).filter((f) => /\.(tsx?|jsx?)$/.test(f));

interface IndexSpec {
  fields: string[];
  unique: boolean;
}

/** The declared indexes of each collection, from the models (and the _id every collection has). */
function declaredIndexes(): Map<string, IndexSpec[]> {
  const out = new Map<string, IndexSpec[]>();
  for (const name of mongoose.modelNames()) {
    const model = mongoose.model(name);
    const specs: IndexSpec[] = [{ fields: ["_id"], unique: true }];
    for (const [keys, options] of model.schema.indexes()) {
      specs.push({ fields: Object.keys(keys), unique: !!(options as { unique?: boolean }).unique });
    }
    out.set(model.collection.collectionName, specs);
  }
  return out;
}

const RANGE = new Set(["$gt", "$gte", "$lt", "$lte"]);
const isPlain = (v: unknown) => v === null || typeof v !== "object" || v instanceof Date || mongoose.isValidObjectId(v);

/** How a filter constrains one field: "eq" (a value or $eq), "in" (a list), "range", or "other". */
function constraint(v: unknown): "eq" | "in" | "range" | "other" {
  if (isPlain(v) && !(v && typeof v === "object" && !(v instanceof Date) && Object.keys(v).some((k) => k.startsWith("$")))) return "eq";
  const ops = Object.keys(v as object);
  if (ops.length === 1 && ops[0] === "$eq") return "eq";
  if (ops.length === 1 && ops[0] === "$in") return "in";
  if (ops.length > 0 && ops.every((o) => RANGE.has(o))) return "range";
  return "other";
}

/** Why a query is not bounded, or null when it is. */
function unbounded(indexes: IndexSpec[] | undefined, filter: Record<string, unknown>, limited: boolean): string | null {
  const keys = Object.keys(filter);
  if (keys.some((k) => k === "$where" || k === "$expr" || k === "$or" || k === "$and" || k === "$nor")) return "operator scan";
  if (JSON.stringify(filter).includes('"$regex"')) return "regex scan";
  const kinds = new Map(keys.map((k) => [k, constraint(filter[k])]));
  const exact = (f: string) => kinds.get(f) === "eq" || kinds.get(f) === "in";
  if (exact("_id")) return null;
  for (const ix of indexes ?? []) {
    if (ix.unique && ix.fields.every(exact)) return null; // a lookup by a unique key (or a few)
  }
  if (!limited) return "no limit";
  for (const ix of indexes ?? []) {
    const first = ix.fields[0];
    if (exact(first) || kinds.get(first) === "range") return null; // a bounded range on an index
  }
  return "no index";
}

interface Seen {
  page: string;
  shape: Shape;
  why: string;
}

/** Checks one command; reads and the filters of writes. */
function check(e: CommandStartedEvent, indexes: Map<string, IndexSpec[]>): Omit<Seen, "page"> | null {
  const c = e.command as Record<string, unknown>;
  const collection = String(c[e.commandName]);
  const shape = (filter: object | undefined) => `${collection} ${e.commandName} {${Object.keys(filter ?? {}).join(", ")}}`;
  switch (e.commandName) {
    case "find": {
      const filter = (c.filter ?? {}) as Record<string, unknown>;
      const limited = typeof c.limit === "number" && c.limit > 0 && c.limit <= 1000;
      const why = unbounded(indexes.get(collection), filter, limited || c.singleBatch === true);
      return why ? { shape: shape(filter), why } : null;
    }
    case "findAndModify":
    case "update":
    case "delete": {
      const filters =
        e.commandName === "findAndModify"
          ? [c.query as Record<string, unknown>]
          : ((c.updates ?? c.deletes) as { q: Record<string, unknown> }[]).map((u) => u.q);
      for (const filter of filters) {
        const why = unbounded(indexes.get(collection), filter ?? {}, false);
        if (why) return { shape: shape(filter), why };
      }
      return null;
    }
    case "count":
    case "aggregate":
    case "distinct":
      return { shape: shape((c.query ?? {}) as object), why: "a count or aggregation over a range" };
    default:
      return null; // inserts, getMore of a checked find, and the driver's own (hello, endSessions, ...)
  }
}

describe("every page's queries are bounded by an index, whatever the database holds", () => {
  it("runs each loader on a lived-in database and finds no unbounded query", { timeout: 300_000 }, async () => {
    // Command monitoring needs a client made with it: this file's connection, to the same database.
    await mongoose.disconnect();
    await mongoose.connect(workerMongoUri(), { serverSelectionTimeoutMS: 5000, autoIndex: true, monitorCommands: true });
    await Promise.all(Object.values(mongoose.models).map((m) => m.init()));
    await seed(() => undefined);

    const { context, request } = routeTestContext("page-queries-secret-0123456789abcdefghij");
    const leader = (await User.findOne({ email: FIRST_LOGIN }).lean())!;
    const organiser = (await User.findOne({ isOrganiser: true }).lean())!;
    const thread = (await Thread.findOne({}).lean())!;
    const group = (await Group.findById(thread.groupId).lean())!;
    const first = (model: string, filter: object) => mongoose.model(model).findOne(filter).lean<{ _id: unknown }>();
    const doc = await first("CollabDocument", { groupId: group._id });
    const version = doc ? await first("DocVersion", { docId: doc._id }) : null;
    const meeting = await first("Meeting", { groupId: group._id });
    const round = await first("Round", { groupId: group._id });
    const moment = await first("Moment", {}); // network moments (issue 16): the demo's past one
    const some = () => String(new mongoose.Types.ObjectId());
    const params: Record<string, string> = {
      groupId: String(group._id),
      threadId: String(thread._id),
      docId: doc ? String(doc._id) : some(),
      versionId: version ? String(version._id) : some(),
      meetingId: meeting ? String(meeting._id) : some(),
      roundId: round ? String(round._id) : some(),
      momentId: moment ? String(moment._id) : some(), // network moments (issue 16)
      trajectoryId: String(group.trajectoryId),
      token: "a-token-that-does-not-exist-0123456789",
      "*": "nowhere",
    };
    const sessions = { leader: await createSession(String(leader._id)), organiser: await createSession(String(organiser._id)) };

    const indexes = declaredIndexes();
    const seen: Seen[] = [];
    let page = "";
    const onCommand = (e: CommandStartedEvent) => {
      const bad = check(e, indexes);
      if (bad) seen.push({ page, ...bad });
    };
    const client = mongoose.connection.getClient();
    client.on("commandStarted", onCommand);
    try {
      const pages = ["../root.tsx", ...routeFiles];
      for (const file of pages) {
        const mod = (await import(pathToFileURL(path.join(routesDir, file)).href)) as { loader?: (args: unknown) => unknown };
        if (!mod.loader) continue;
        page = file;
        const session = file.startsWith("trajectories.") ? sessions.organiser : sessions.leader;
        await settle(() => mod.loader!({ request: request(`http://x/${file}`, session), context, params }));
      }
    } finally {
      client.off("commandStarted", onCommand);
    }

    const report = [...new Set(seen.filter((s) => !(s.shape in allowed)).map((s) => `${s.page}: ${s.shape} (${s.why})`))];
    expect(report, "queries that grow with the database").toEqual([]);
    // An exception no page needs any more goes from the list.
    const used = new Set(seen.map((s) => s.shape));
    expect(
      Object.keys(allowed).filter((s) => !used.has(s)),
      "exceptions no page uses",
    ).toEqual([]);
  });
});
