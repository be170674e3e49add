// Runs in every test file (setupFiles): connects mongoose to this worker's database, empties it
// before each test, and fails any test that writes an unexpected console.error.
import { afterAll, afterEach, beforeAll, beforeEach } from "vitest";
import { clearTestDb, connectTestDb, disconnectTestDb, ensureIndexes } from "./db";

// ---- console.error guard -------------------------------------------------------------------
// State lives on globalThis so a test importing expectConsoleError from this file talks to the
// same guard as the hooks below, however the module was loaded.

interface Guard {
  active: boolean;
  calls: unknown[][];
  expected: { pattern: RegExp | string | null; calls: unknown[][] } | null;
}
const KEY = Symbol.for("leerkring.test.consoleErrorGuard");
const g = globalThis as unknown as Record<symbol, Guard | undefined>;
g[KEY] ??= { active: false, calls: [], expected: null };
const guard: Guard = g[KEY];

const text = (args: unknown[]) =>
  args.map((a) => (a instanceof Error ? (a.stack ?? a.message) : typeof a === "string" ? a : safeJson(a))).join(" ");
function safeJson(v: unknown) {
  try {
    return JSON.stringify(v);
  } catch {
    return String(v);
  }
}
const matches = (pattern: RegExp | string | null, args: unknown[]) =>
  pattern === null || (typeof pattern === "string" ? text(args).includes(pattern) : pattern.test(text(args)));

const originalError = console.error;
if (!(console.error as { __guarded?: boolean }).__guarded) {
  const guarded = (...args: unknown[]) => {
    if (!guard.active) return originalError.apply(console, args);
    if (guard.expected && matches(guard.expected.pattern, args)) {
      guard.expected.calls.push(args);
      return;
    }
    guard.calls.push(args);
    originalError.apply(console, args);
  };
  (guarded as { __guarded?: boolean }).__guarded = true;
  console.error = guarded;
}

/**
 * Declares that the current test expects console.error (matching `pattern`, when given): those
 * calls are recorded instead of failing the test, and the test fails if none came. Returns the
 * recorded calls' arguments, to assert on.
 */
export function expectConsoleError(pattern: RegExp | string | null = null): unknown[][] {
  if (!guard.active) throw new Error("expectConsoleError() is for use inside a test");
  guard.expected = { pattern, calls: [] };
  return guard.expected.calls;
}

// ---- database ------------------------------------------------------------------------------

beforeAll(async () => {
  await connectTestDb();
});

beforeEach(async () => {
  guard.active = true;
  guard.calls = [];
  guard.expected = null;
  // Models imported by the test file are registered by now; their unique indexes must exist
  // before a test relies on them (init() is memoized, so this is one round trip per model).
  await ensureIndexes();
  await clearTestDb();
});

afterEach(() => {
  const { calls, expected } = guard;
  guard.active = false;
  guard.calls = [];
  guard.expected = null;
  if (calls.length > 0) {
    throw new Error(`unexpected console.error (${calls.length}):\n${calls.map((c) => `  ${text(c)}`).join("\n")}`);
  }
  if (expected && expected.calls.length === 0) {
    throw new Error(`expected a console.error${expected.pattern ? ` matching ${String(expected.pattern)}` : ""}, none came`);
  }
});

afterAll(async () => {
  await disconnectTestDb();
});
