// The project's own Node (docs/decisions/065): `npm ci` installs the exact `node` devDependency
// into node_modules/.bin, the scripts put it first on PATH, and the suite, "engines" and the
// image's base all name that one version, so no part runs on whatever Node the machine has.
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { expect, it } from "vitest";

const pkg = JSON.parse(readFileSync("package.json", "utf8")) as {
  engines: { node: string };
  devDependencies: Record<string, string>;
  scripts: Record<string, string>;
};
const pinned = pkg.devDependencies.node;

it("pins Node exactly, and the suite runs on that Node from node_modules/.bin", () => {
  expect(pinned).toMatch(/^\d+\.\d+\.\d+$/);
  expect(Number(pinned.split(".")[0])).toBeGreaterThanOrEqual(26);
  expect(process.version).toBe(`v${pinned}`);
  expect(execFileSync("node_modules/.bin/node", ["--version"], { encoding: "utf8" }).trim()).toBe(`v${pinned}`);
});

it("engines and the image's base name the pinned Node", () => {
  expect(pkg.engines.node).toBe(`^${pinned}`);
  const arg = /^ARG NODE_VERSION=(\S+)$/m.exec(readFileSync("Dockerfile", "utf8"))?.[1];
  expect(arg).toBe(`${pinned}-bookworm-slim`);
});

it("every script that runs node or npx puts the project's Node first on PATH before it does", () => {
  const runsNode = /(?:^|[\s;{(])(?:node|npx) [-a-z]/m;
  // install.sh is the bootstrap: its npm ci runs on the machine's Node and installs the project's.
  for (const file of readdirSync("scripts").filter((f) => f.endsWith(".sh") && f !== "install.sh")) {
    const code = readFileSync(`scripts/${file}`, "utf8").replace(/^\s*#.*$/gm, "");
    const first = code.search(runsNode);
    if (first < 0) continue;
    const use = code.search(/^use_project_node$/m);
    expect(use, `${file} runs node without use_project_node`).toBeGreaterThan(0);
    expect(use, `${file} runs node before use_project_node`).toBeLessThan(first);
  }
});
