// One domain runtime per node (docs/decisions/017-one-runtime.md): the Remix compiler bundles
// whatever app/ imports into build/, so a value import of a service, model or store from app/
// would give the node a second copy of its per-node state. app/ may take from the other folders
// only types and the stateless modules the browser shares: input schemas, constants, DTOs, id
// checks, error codes, the wire format.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(__dirname, "..");

/** What app/ may import as values from outside app/ (paths relative to the project root). */
const SHAREABLE = [
  /^models\/.+\.(inputs|constants|dto)\.ts$/,
  /^models\/shared\/(ids|errors|error-messages)\.ts$/,
  /^models\/i18n\/.+\.ts$/,
  // Pure rules for "@Full Name", shared by the services and the composer's completion (decision 027).
  /^models\/thread\/mentions\.ts$/,
  /^realtime\/wire\.ts$/,
];
const isShareable = (file: string) => SHAREABLE.some((r) => r.test(file));

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return filesUnder(full);
    return /\.(ts|tsx)$/.test(name) && !/\.test\.tsx?$/.test(name) ? [full] : [];
  });
}

function resolveImport(from: string, spec: string): string | null {
  const base = spec.startsWith("~/")
    ? path.join(root, "app", spec.slice(2))
    : spec.startsWith(".")
      ? path.resolve(path.dirname(from), spec)
      : null;
  if (!base) return null; // a package
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, path.join(base, "index.ts")]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return path.relative(root, candidate);
  }
  throw new Error(`${path.relative(root, from)}: cannot resolve ${spec}`);
}

/** The value imports (and re-exports) of a source file: specifier and the file it resolves to. */
function valueImports(file: string): { spec: string; target: string | null }[] {
  const text = readFileSync(file, "utf8");
  const found: { spec: string; target: string | null }[] = [];
  // One statement at a time ([^;]: a match never runs on into the next statement), any quotes.
  const statement = /^(?:import|export)\s+(type\s+)?([^;]*?)\s*from\s+["']([^"']+)["']|^import\s+["']([^"']+)["']/gm;
  const dynamic = /\b(?:import|require)\(\s*["']([^"']+)["']/g;
  for (const m of text.matchAll(dynamic)) found.push({ spec: m[1], target: resolveImport(file, m[1]) });
  for (const m of text.matchAll(statement)) {
    const spec = m[3] ?? m[4];
    if (m[1]) continue; // import type / export type
    const clause = m[2] ?? "";
    // `{ type A, type B }` only: erased like `import type`.
    const braces = /^\{([\s\S]*)\}$/.exec(clause.trim());
    if (braces) {
      const members = braces[1]
        .split(",")
        .map((x) => x.trim())
        .filter(Boolean);
      if (members.length > 0 && members.every((x) => x.startsWith("type "))) continue;
    }
    found.push({ spec, target: resolveImport(file, spec) });
  }
  return found;
}

describe("app/ reaches the domain only through the load context", () => {
  it("takes no value import of a service, model, store or the service context", () => {
    const offending: string[] = [];
    for (const file of filesUnder(path.join(root, "app"))) {
      for (const { spec, target } of valueImports(file)) {
        if (!target || target.startsWith("app/")) continue;
        if (!isShareable(target)) offending.push(`${path.relative(root, file)} imports ${spec}`);
      }
    }
    expect(offending).toEqual([]);
  });

  it("the check itself sees a value import, and lets a type import pass", () => {
    const route = path.join(root, "app/routes/groups.$groupId.threads.$threadId.tsx");
    const targets = valueImports(route).map((i) => i.target);
    expect(targets).toContain("models/thread/thread.inputs.ts");
    // The route names MessageDTO from the thread service, as a type only.
    expect(readFileSync(route, "utf8")).toMatch(/import type \{[^}]*MessageDTO[^}]*\} from "[./]+models\/thread\/thread\.service"/);
    expect(targets).not.toContain("models/thread/thread.service.ts");
  });

  it("the server build holds no copy of a service, model or store module", () => {
    // npm test builds before vitest runs; the metafile lists every module the bundle took in.
    const metafile = path.join(root, "build/metafile.server.json");
    expect(existsSync(metafile), "build/metafile.server.json is missing: run `npx remix build` first").toBe(true);
    const inputs = Object.keys((JSON.parse(readFileSync(metafile, "utf8")) as { inputs: Record<string, unknown> }).inputs);
    const bundled = inputs.filter((f) => /^(models|realtime|server)\//.test(f));
    expect(bundled.filter((f) => !isShareable(f))).toEqual([]);
    expect(inputs.some((f) => f.startsWith("app/routes/"))).toBe(true);
  });
});
