import { defineConfig } from "vitest/config";
import path from "node:path";

export default defineConfig({
  resolve: { alias: { "~": path.resolve(__dirname, "app") } },
  esbuild: { jsx: "automatic" },
  test: {
    globals: true,
    environment: "node",
    include: ["{app,models,realtime,server,test}/**/*.test.{ts,tsx}"],
    globalSetup: ["test/global-setup.ts"],
    setupFiles: ["test/setup.ts"],
    pool: "forks",
    maxWorkers: 2,
    testTimeout: 30_000,
    // expect.poll waits for a state; this is only how long before it gives up. Vitest's 1 s made
    // browser tests fail on loaded 2-core machines (a batch still "saving" after a second). The
    // same bound as the browser pages' own (test/e2e/harness.ts).
    expect: { poll: { timeout: 20_000 } },
    hookTimeout: 60_000,
  },
});
