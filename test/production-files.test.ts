// The production files (docs/decisions/043), which no container engine here can run: parsed and
// checked for the structure they promise. The Dockerfile builds in stages and runs as a non-root
// user with a health check on /livez; the compose file has a three-member replica set, Redis, two
// app nodes and HAProxy, and only HAProxy publishes a port; deploy/haproxy.cfg is what
// scripts/haproxy-config.sh writes, and HAProxy accepts it.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { expect, it } from "vitest";

/** Dockerfile instructions (continuation lines joined, comments dropped), grouped by stage. */
function dockerStages(text: string) {
  const lines = text
    .replace(/\\\n/g, " ")
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith("#"));
  const stages: { from: string; name?: string; steps: { op: string; args: string }[] }[] = [];
  for (const line of lines) {
    const [op, ...rest] = line.split(/\s+/);
    const args = rest.join(" ");
    if (op.toUpperCase() === "FROM") {
      const m = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(args);
      stages.push({ from: m?.[1] ?? args, name: m?.[2], steps: [] });
    } else if (stages.length) stages.at(-1)!.steps.push({ op: op.toUpperCase(), args });
  }
  return stages;
}

it("the Dockerfile builds in stages and runs non-root with a /livez health check and only run-time files", () => {
  const stages = dockerStages(readFileSync("Dockerfile", "utf8"));
  expect(stages.length).toBeGreaterThanOrEqual(3);
  const final = stages.at(-1)!;
  const ops = final.steps.map((s) => s.op);
  const user = final.steps.filter((s) => s.op === "USER").at(-1)?.args;
  expect(user).toBeDefined();
  expect(["root", "0", "0:0"]).not.toContain(user);
  expect(ops.lastIndexOf("USER")).toBeLessThan(ops.lastIndexOf("CMD"));
  expect(final.steps.find((s) => s.op === "HEALTHCHECK")?.args).toContain("/livez");
  expect(final.steps.find((s) => s.op === "CMD")?.args).toContain("server/index.ts");
  // Dependencies from a stage that installed without devDependencies; no tests, benchmarks or scripts.
  const copies = final.steps.filter((s) => s.op === "COPY").map((s) => s.args);
  const depsStage = /--from=(\S+)\s+\S*\s*\/app\/node_modules/.exec(copies.join("\n"))?.[1];
  expect(stages.find((s) => s.name === depsStage)?.steps.some((s) => s.args.includes("--omit=dev"))).toBe(true);
  const sources = copies.flatMap((c) =>
    c
      .split(/\s+/)
      .filter((w) => !w.startsWith("--"))
      .slice(0, -1),
  );
  for (const src of sources) expect(["test", "bench", "scripts", ".", "./"]).not.toContain(src.replace(/^\/app\//, ""));
});

it("the compose file runs a three-member replica set, Redis, two app nodes and HAProxy in front", () => {
  const compose = parse(readFileSync("deploy/compose.yaml", "utf8"), { merge: true }) as {
    services: Record<string, { command?: string[]; ports?: string[]; environment?: Record<string, string>; healthcheck?: unknown }>;
  };
  const s = compose.services;
  for (const name of ["mongo1", "mongo2", "mongo3", "mongo-init", "redis", "app1", "app2", "haproxy"]) expect(s[name], name).toBeDefined();
  for (const m of ["mongo1", "mongo2", "mongo3"]) expect(s[m].command).toEqual(expect.arrayContaining(["--replSet", "rs0"]));
  expect(s["mongo-init"].command?.join(" ")).toMatch(/mongo1:27017.*mongo2:27017.*mongo3:27017/);
  for (const a of ["app1", "app2"]) {
    const env = s[a].environment ?? {};
    expect(env.MONGODB_URI).toBe("mongodb://mongo1:27017,mongo2:27017,mongo3:27017/leerkring?replicaSet=rs0");
    expect(env.REDIS_URL).toBe("redis://redis:6379");
    expect(env.NODE_ENV).toBe("production");
    expect(s[a].ports).toBeUndefined();
  }
  expect(
    Object.entries(s)
      .filter(([, v]) => v.ports?.length)
      .map(([k]) => k),
  ).toEqual(["haproxy"]);
});

it("deploy/haproxy.cfg is scripts/haproxy-config.sh's output, checks /readyz, and HAProxy accepts it", () => {
  const cfg = readFileSync("deploy/haproxy.cfg", "utf8");
  const generated = execFileSync("bash", ["scripts/haproxy-config.sh", "*:8080", "1000", "app1:3000", "app2:3000"], { encoding: "utf8" });
  expect(cfg).toBe(generated);
  expect(cfg).toContain("option httpchk GET /readyz");
  expect(cfg).not.toMatch(/cookie|stick/);
  execFileSync("haproxy", ["-c", "-q", "-f", "deploy/haproxy.cfg"], { stdio: "pipe" });
});
