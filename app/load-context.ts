import type { Deps } from "../models/shared/context";

/** Counts attempts per key in a window; Redis-backed when Redis is configured, in memory otherwise. */
export interface RateLimiter {
  hit(key: string, limit: number, windowSeconds: number): Promise<{ allowed: boolean; retryAfterSeconds: number }>;
}

export interface LeerkringContext {
  deps: Deps;
  rateLimiter: RateLimiter;
  cookieSecure: boolean;
  sessionSecret: string;
  /** /dev/outbox is served only while the email API is answered locally. */
  devOutbox: boolean;
}

declare module "@remix-run/server-runtime" {
  interface AppLoadContext extends LeerkringContext {}
}
