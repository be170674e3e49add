// Search benchmark (issue 20 item 4, decision 087): one group with two years of realistic content and
// 20 groups with one reader in all of them (bench/corpus.ts), a fixed list of Dutch queries (single
// words, two words, word forms, an accent-less spelling, a rare word, a common word) through the
// app's door (the search pages' loaders as JSON, signed in, on 2 app nodes), against the floor in
// the same run: the same queries on the same texts through the bare search library in this process
// (MiniSearch, default options plus the folding), and for reference a `$regex` scan of the messages
// collection. Cold (the first query after a start) and warm; p50/p95 per scenario (the group, all
// 20 groups), interleaved repetitions, medians, app/floor ratios. See bench/README.md.
//
//   npm run bench:search                       full run, writes bench/results/
//   node --import tsx bench/search.ts --smoke  tiny, for CI: no thresholds, results to the temp dir
// Options: --reps N, --repeat N (each query's times per repetition), --groups N, --no-regex (leaves
// out the reference scan, which takes most of a full run's time on FerretDB SQLite).
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import mongoose from "mongoose";
import { connectMongo } from "../server/db";
import { createSession } from "../models/session/session.service";
import { type Corpus, fillCorpus, TWO_YEARS } from "./corpus";
import { buildFloor, type Floor, floorQuery, isRelevant, regexQuery } from "./search-floor";
import { arg as argvArg, closeBench, isMain, log, median, openBench, percentile, rotated, round, runMain, startAppNodes } from "./lib";
import { renderSearchChart } from "./chart";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const argv = process.argv.slice(2);
const arg = (name: string) => argvArg(argv, name);
const smoke = argv.includes("--smoke");

const config = smoke
  ? {
      groups: 3,
      big: { months: 2, threadsPerMonth: 10, replies: [2, 5] as [number, number], leaders: 6 },
      small: { months: 1, threadsPerMonth: 5, replies: [2, 4] as [number, number], leaders: 4 },
      reps: 1,
      repeat: 2,
    }
  : {
      groups: 20,
      big: TWO_YEARS,
      // The other 19: two years too, a quieter group each (a quarter of the threads).
      small: { ...TWO_YEARS, threadsPerMonth: 10 },
      reps: 5,
      repeat: 5,
    };
if (arg("reps")) config.reps = Number(arg("reps"));
if (arg("repeat")) config.repeat = Number(arg("repeat"));
if (arg("groups")) config.groups = Number(arg("groups"));
const SEED = 20;

/** What a reader of a learning group would type; `why` says what each one tests. */
export const QUERIES = [
  { q: "ouderraad", why: "a theme's word" },
  { q: "lerarentekort", why: "a theme's word" },
  { q: "inspectiebezoek", why: "a compound" },
  { q: "nascholing", why: "a theme's word, also in meeting minutes" },
  { q: "nieuwe voorzitter", why: "two words" },
  { q: "conflict leerkracht", why: "two words" },
  { q: "zorgbeleid CLB", why: "two words, an abbreviation" },
  { q: "leerkrachten", why: "a word form (plural)" },
  { q: "bespreking", why: "a word form (bespreken)" },
  { q: "ideeen", why: "ideeën typed without its diaeresis" },
  { q: "kangoeroeklas", why: "a rare word" },
  { q: "school", why: "a common word" },
] as const;

type Scenario = "group" | "all";
type SystemName = "app" | "floor" | "regex";
interface Timed {
  ms: number;
  /** How many it found (the $regex scan: up to its limit of 20). */
  total: number;
  /** The first three hits' words (title and text), to check them against the query. */
  top: string[];
}
/** A hit as the search pages return it (models/search/search.dto.ts), what the bench reads of it. */
interface AppHit {
  id: string;
  title: string;
  snippet: { text: string }[];
}

// ---- the app's door (isolated: the lead switches it on when the search branch is merged) ------

/** Whether the app has search (models/search/search.service.ts, the search branch's). */
export const appHasSearch = () => existsSync(path.join(root, "models/search/search.service.ts"));

/** One query through the app's pages as JSON (`?_data=`), signed in: the route's loader on a node. */
export async function appQuery(
  base: string,
  cookie: string,
  scenario: Scenario,
  groupId: string,
  q: string,
): Promise<{ total: number; hits: AppHit[] }> {
  const url =
    scenario === "group"
      ? `${base}/groups/${groupId}/search?q=${encodeURIComponent(q)}&_data=${encodeURIComponent("routes/groups.$groupId.search")}`
      : `${base}/search?q=${encodeURIComponent(q)}&_data=${encodeURIComponent("routes/search")}`;
  const res = await fetch(url, { headers: { cookie: `lk_session=${cookie}` }, redirect: "manual" });
  if (res.status !== 200) throw new Error(`${url}: ${res.status} ${(await res.text()).slice(0, 300)}`);
  const body = (await res.json()) as { result?: { hits?: AppHit[]; total?: number } };
  if (!Array.isArray(body.result?.hits) || typeof body.result.total !== "number")
    throw new Error(`${url}: no result { hits, total } in ${JSON.stringify(body).slice(0, 300)}`);
  return { total: body.result.total, hits: body.result.hits };
}

/** `npm run search:rebuild` on the bench's database: the corpus was written past the services. */
function rebuildIndex(mongoUri: string, redisUrl: string) {
  const t0 = performance.now();
  execFileSync(process.execPath, ["--import", "tsx", "scripts/search-rebuild.ts"], {
    env: { ...process.env, MONGODB_URI: mongoUri, REDIS_URL: redisUrl },
    stdio: ["ignore", "ignore", "inherit"],
  });
  return round((performance.now() - t0) / 1000, 1);
}

// ---- measuring -------------------------------------------------------------------------------

const stats = (xs: Timed[]) => {
  const s = xs.map((x) => x.ms).sort((a, b) => a - b);
  return { p50: round(percentile(s, 0.5), 2), p95: round(percentile(s, 0.95), 2), n: s.length };
};

async function main() {
  process.chdir(root);
  const { mongoUri, redisUrl, redis } = await openBench(
    `search: ${config.groups} groups (the first ${config.big.months} months at ${config.big.threadsPerMonth} threads a month), ${QUERIES.length} queries x ${config.repeat}, ${config.reps} repetitions`,
  );
  try {
    let t0 = performance.now();
    const corpus: Corpus = await fillCorpus({ groups: config.groups, big: config.big, small: config.small, seed: SEED });
    const fillS = round((performance.now() - t0) / 1000, 1);
    const byKind: Record<string, number> = {};
    for (const t of corpus.texts) byKind[t.kind] = (byKind[t.kind] ?? 0) + 1;
    const inBig = corpus.texts.filter((t) => t.groupId === corpus.groupIds[0]).length;
    log(`corpus written in ${fillS} s: ${corpus.texts.length} texts (${inBig} in the big group) ${JSON.stringify(byKind)}`);
    if (process.env.FERRETDB_SQLITE_DIR) {
      // The _id expression indexes for the new tables (server/ferretdb-ids.ts runs at connect).
      await mongoose.disconnect();
      await connectMongo(mongoUri, () => undefined);
    }
    const big = corpus.groupIds[0];
    // A hit's words: the corpus text it stands for (the app's ids are "<kind>:<stored id>"), else what the hit shows.
    const texts = new Map(corpus.texts.map((t) => [t.id, t]));
    const wordsOf = (id: string, shown: string) => {
      const t = texts.get(id) ?? texts.get(id.replace(/^[a-z]+:/, ""));
      return t ? `${t.title}\n${t.text}` : shown;
    };
    const scope = (s: Scenario) => (s === "group" ? [big] : corpus.groupIds);

    t0 = performance.now();
    const floor: Floor = buildFloor(corpus.texts);
    const floorBuildMs = round(performance.now() - t0, 0);
    log(`floor index built in ${floorBuildMs} ms`);

    const withApp = appHasSearch();
    let app: { urls: string[]; cookie: string } | null = null;
    let rebuildS: number | null = null;
    let appStartS: number | null = null;
    if (withApp) {
      rebuildS = rebuildIndex(mongoUri, redisUrl);
      log(`search index rebuilt in ${rebuildS} s`);
      t0 = performance.now();
      const nodes = await startAppNodes(mongoUri, redisUrl);
      await nodes.ready;
      appStartS = round((performance.now() - t0) / 1000, 1);
      app = { urls: nodes.urls, cookie: await createSession(corpus.everywhere) };
    } else log("the app has no search yet (models/search/search.service.ts): measuring the floor only");

    const run = async (system: SystemName, scenario: Scenario, q: string, i: number): Promise<Timed> => {
      const start = performance.now();
      if (system === "app") {
        const r = await appQuery(app!.urls[i % app!.urls.length], app!.cookie, scenario, big, q);
        const ms = performance.now() - start;
        return {
          ms,
          total: r.total,
          top: r.hits.slice(0, 3).map((h) => wordsOf(h.id, `${h.title}\n${h.snippet.map((p) => p.text).join("")}`)),
        };
      }
      if (system === "floor") {
        const r = floorQuery(floor, q, scope(scenario));
        const ms = performance.now() - start;
        return { ms, total: r.total, top: r.hits.slice(0, 3).map((h) => wordsOf(h.id, "")) };
      }
      const r = await regexQuery(q, scope(scenario));
      return { ms: performance.now() - start, total: r.hits.length, top: [] };
    };

    // Cold: the first query after a start (each app node's first; the floor's first after its build).
    const systems = (withApp ? (["app", "floor", "regex"] as const) : (["floor", "regex"] as const)).filter(
      (s): s is SystemName => s !== "regex" || !argv.includes("--no-regex"),
    );
    const cold: Partial<Record<SystemName, number[]>> = {};
    for (const s of systems) {
      const times = [];
      for (let i = 0; i < (s === "app" ? app!.urls.length : 1); i++) times.push(round((await run(s, "group", QUERIES[0].q, i)).ms, 2));
      cold[s] = times;
    }
    log(`cold (ms): ${JSON.stringify(cold)}`);

    // Warm: every query `repeat` times per scenario, the systems interleaved, each first in turn.
    const scenarios: Scenario[] = ["group", "all"];
    const runs: { rep: number; system: SystemName; scenario: Scenario; p50: number; p95: number }[] = [];
    const found: Record<string, Record<string, number>> = {};
    /** Per system, scenario and query: "right/shown" of the first three hits (right: it holds every query word
     *  or a form of it); a query is answered right when it found something and every hit shown is right. */
    const firstThree: Record<string, Record<string, string>> = {};
    let i = 0;
    for (let rep = 0; rep < config.reps; rep++) {
      for (const system of rotated(systems, rep)) {
        for (const scenario of scenarios) {
          const samples: Timed[] = [];
          for (let k = 0; k < config.repeat; k++)
            for (const { q } of QUERIES) {
              const t = await run(system, scenario, q, i++);
              samples.push(t);
              found[`${system} ${scenario}`] ??= {};
              found[`${system} ${scenario}`][q] = t.total;
              if (system !== "regex") {
                firstThree[`${system} ${scenario}`] ??= {};
                firstThree[`${system} ${scenario}`][q] = `${t.top.filter((words) => isRelevant(q, words)).length}/${t.top.length}`;
              }
            }
          runs.push({ rep, system, scenario, ...stats(samples) });
        }
      }
      log(`repetition ${rep + 1}/${config.reps} done`);
    }
    const medians = Object.fromEntries(
      systems.map((s) => [
        s,
        Object.fromEntries(
          scenarios.map((sc) => {
            const rs = runs.filter((r) => r.system === s && r.scenario === sc);
            return [sc, { p50: round(median(rs.map((r) => r.p50)), 2), p95: round(median(rs.map((r) => r.p95)), 2) }];
          }),
        ),
      ]),
    ) as Record<SystemName, Record<Scenario, { p50: number; p95: number }>>;
    const ratios = withApp
      ? (Object.fromEntries(
          scenarios.map((sc) => [
            sc,
            {
              p50: round(medians.app[sc].p50 / medians.floor[sc].p50, 1),
              p95: round(medians.app[sc].p95 / medians.floor[sc].p95, 1),
            },
          ]),
        ) as Record<Scenario, { p50: number; p95: number }>)
      : null;
    for (const s of systems)
      for (const sc of scenarios) log(`${s.padEnd(6)} ${sc.padEnd(6)} p50 ${medians[s][sc].p50} ms, p95 ${medians[s][sc].p95} ms`);
    if (ratios) log(`app / floor: ${JSON.stringify(ratios)}`);
    for (const [k, byQuery] of Object.entries(firstThree)) {
      const wrong = Object.entries(byQuery).filter(([, v]) => v === "0/0" || v.split("/")[0] !== v.split("/")[1]);
      const list = wrong.map(([q, v]) => `${q} ${v}`).join(", ");
      log(
        `${k}: first three right for ${QUERIES.length - wrong.length} of ${QUERIES.length} queries${wrong.length ? ` (not: ${list})` : ""}`,
      );
    }

    const date = new Date().toISOString().slice(0, 10);
    const commit = execFileSync("git", ["rev-parse", "--short", "HEAD"]).toString().trim();
    const outDir = smoke ? os.tmpdir() : path.join(root, "bench", "results");
    mkdirSync(outDir, { recursive: true });
    const base = path.join(outDir, smoke ? `leerkring-bench-search-smoke-${process.pid}` : `search-${date}-${commit}`);
    const result = {
      date: new Date().toISOString(),
      commit,
      mode: smoke ? "smoke" : "full",
      config: { ...config, seed: SEED, queries: QUERIES },
      corpus: { texts: corpus.texts.length, inBigGroup: inBig, byKind, groups: corpus.groupIds.length, fillS },
      app: withApp ? { rebuildS, startS: appStartS } : null,
      floorBuildMs,
      cold,
      medians,
      ratios,
      found,
      firstThree,
      runs,
    };
    writeFileSync(`${base}.json`, `${JSON.stringify(result, null, 2)}\n`);
    await renderSearchChart(result, `${base}.png`);
    log(`wrote ${base}.json and .png`);
  } finally {
    await closeBench(redis);
  }
}

if (isMain(import.meta.url)) runMain(main);
