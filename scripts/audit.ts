// The production dependencies' known advisories, as part of the test command (decision 040):
// `npm audit --omit=dev` against the lock file; a high or critical advisory fails unless
// security/audit-allowlist.json lists it with a reason and an expiry date that has not passed (an
// expired entry fails too, so a waiver cannot outlive its review). When the registry's audit
// service cannot be reached (offline, a mirror without it), it says so and does not fail: the
// advisories are unknown, not absent.
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { z } from "zod";

const ALLOWLIST = "security/audit-allowlist.json";
const FAILING = new Set(["high", "critical"]);

const Allowlist = z.object({
  advisories: z.array(
    z.object({
      id: z.string().min(1),
      package: z.string().min(1),
      reason: z.string().min(20),
      reviewedBy: z.string().min(1),
      expires: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    }),
  ),
});

/** One advisory npm reports through a package's `via` (objects only: strings point at other packages). */
interface Via {
  source?: number;
  name?: string;
  title?: string;
  url?: string;
  severity?: string;
}

const npmAudit = () =>
  new Promise<{ stdout: string; stderr: string }>((resolve) => {
    execFile("npm", ["audit", "--omit=dev", "--json"], { maxBuffer: 64 * 1024 * 1024, timeout: 120_000 }, (_err, stdout, stderr) =>
      resolve({ stdout, stderr }),
    );
  });

/** The ids an advisory goes by: its GHSA id (from the URL) and npm's number. */
const idsOf = (v: Via) => [v.url?.split("/").pop(), v.source === undefined ? undefined : String(v.source)].filter(Boolean) as string[];

/** Exit code 0 or 1; `opts` for tests: another day, allow-list text and npm answer. */
export async function main(
  opts: { today?: string; allowlist?: string; run?: () => Promise<{ stdout: string; stderr: string }> } = {},
): Promise<number> {
  const { today = new Date().toISOString().slice(0, 10), run = npmAudit } = opts;
  const allowlist = Allowlist.parse(JSON.parse(opts.allowlist ?? readFileSync(ALLOWLIST, "utf8")));
  const expired = allowlist.advisories.filter((a) => a.expires < today);
  for (const a of expired) console.error(`[audit] allow-list entry ${a.id} (${a.package}) expired on ${a.expires}: review it again`);

  const { stdout, stderr } = await run();
  let report: { vulnerabilities?: Record<string, { severity: string; via: (Via | string)[] }>; error?: unknown; message?: string };
  try {
    report = JSON.parse(stdout);
  } catch {
    report = {};
  }
  if (!report.vulnerabilities) {
    // npm answers an unreachable or refusing audit endpoint with an error object (or nothing).
    const why = (report.message ?? stderr.split("\n").find((l) => /error|ERR|audit/.test(l)) ?? "no report").trim();
    console.warn(`[audit] the registry's audit service could not be asked (${why}); advisories unknown, not failing`);
    return expired.length ? 1 : 0;
  }
  const allowed = new Set(allowlist.advisories.filter((a) => a.expires >= today).map((a) => a.id));
  const failing: string[] = [];
  for (const [pkg, v] of Object.entries(report.vulnerabilities)) {
    for (const via of v.via) {
      if (typeof via === "string" || !FAILING.has(via.severity ?? v.severity)) continue;
      const ids = idsOf(via);
      if (ids.some((id) => allowed.has(id))) {
        console.log(`[audit] ${pkg}: ${ids[0]} (${via.severity}) allowed by ${ALLOWLIST}`);
        continue;
      }
      failing.push(`${pkg}: ${via.severity} ${ids[0] ?? "?"} ${via.title ?? ""} ${via.url ?? ""}`.trim());
    }
  }
  for (const f of failing) console.error(`[audit] ${f}`);
  const counts: Record<string, number> = {};
  for (const v of Object.values(report.vulnerabilities)) counts[v.severity] = (counts[v.severity] ?? 0) + 1;
  console.log(
    `[audit] production dependencies: ${JSON.stringify(counts)}; failing: ${failing.length}; allow-list entries expired: ${expired.length}`,
  );
  return failing.length || expired.length ? 1 : 0;
}

if (import.meta.url === `file://${process.argv[1]}`) main().then((code) => process.exit(code));
