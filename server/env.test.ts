import { loadEnv } from "./env";

const base = { MONGODB_URI: "mongodb://127.0.0.1:27017/x" };

describe("loadEnv", () => {
  it("accepts the minimal development environment with defaults", () => {
    const env = loadEnv(base);
    expect(env.PORT).toBe(3000);
    expect(env.REDIS_URL).toBe("");
    expect(env.EMAIL_FAKE).toBe(true);
    expect(env.COOKIE_SECURE).toBe(false);
    // Only this machine, unless a deployment says otherwise.
    expect(env.HOST).toBe("127.0.0.1");
    expect(loadEnv({ ...base, HOST: "0.0.0.0" }).HOST).toBe("0.0.0.0");
  });

  it("takes a named proxy for TRUST_PROXY, never one that believes any client", () => {
    expect(loadEnv(base).TRUST_PROXY).toBe(false);
    expect(loadEnv({ ...base, TRUST_PROXY: "loopback" }).TRUST_PROXY).toBe("loopback");
    expect(loadEnv({ ...base, TRUST_PROXY: "1" }).TRUST_PROXY).toBe(1);
    expect(() => loadEnv({ ...base, TRUST_PROXY: "true" })).toThrow("TRUST_PROXY: must name the proxy");
  });

  it.each([
    [{}, "MONGODB_URI: is required"],
    [{ MONGODB_URI: "postgres://x" }, "MONGODB_URI: must start with mongodb://"],
    [{ ...base, PORT: "abc" }, "PORT:"],
    [{ ...base, REDIS_URL: "localhost:6379" }, "REDIS_URL: must start with redis://"],
    [{ ...base, APP_URL: "not a url" }, "APP_URL: must be an absolute URL"],
    [{ ...base, SESSION_SECRET: "short" }, "SESSION_SECRET: must be at least 32 characters"],
    [{ ...base, EMAIL_FAKE: "false" }, "EMAIL_API_TOKEN: is required when EMAIL_FAKE is off"],
    [{ ...base, NODE_ENV: "production", EMAIL_API_TOKEN: "t" }, "SESSION_SECRET: is required in production"],
  ])("refuses %j naming the variable", (raw, message) => {
    expect(() => loadEnv(raw as Record<string, string>)).toThrow(message);
  });

  it("names every bad variable at once", () => {
    expect(() => loadEnv({ PORT: "x", REDIS_URL: "nope" })).toThrow(/MONGODB_URI[\s\S]*PORT|PORT[\s\S]*MONGODB_URI/);
  });

  it("never answers mail locally in production unless asked to, so /dev/outbox stays closed", () => {
    expect(() => loadEnv({ ...base, NODE_ENV: "production", SESSION_SECRET: "x".repeat(32) })).toThrow("EMAIL_API_TOKEN: is required");
    expect(loadEnv({ ...base, NODE_ENV: "production", SESSION_SECRET: "x".repeat(32), EMAIL_FAKE: "true" }).EMAIL_FAKE).toBe(true);
    expect(() => loadEnv({ ...base, NODE_ENV: "production", EMAIL_FAKE: "true" })).toThrow("SESSION_SECRET: is required in production");
  });

  it("makes cookies Secure in production", () => {
    const env = loadEnv({ ...base, NODE_ENV: "production", SESSION_SECRET: "x".repeat(32), EMAIL_API_TOKEN: "t" });
    expect(env.COOKIE_SECURE).toBe(true);
    expect(env.EMAIL_FAKE).toBe(false);
  });
});
