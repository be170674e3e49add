import { z } from "zod";

const bool = z.enum(["true", "false", "1", "0", ""]).transform((v) => v === "true" || v === "1");

const schema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    /** Where to listen: this machine only unless a deployment opens it on purpose (HOST=0.0.0.0). */
    HOST: z.string().min(1).default("127.0.0.1"),
    APP_URL: z.url({ message: "must be an absolute URL such as http://localhost:3000" }).default("http://localhost:3000"),
    MONGODB_URI: z
      .string({ message: "is required: mongodb://host:port/db (scripts/services.sh starts one)" })
      .regex(/^mongodb(\+srv)?:\/\//, "must start with mongodb:// or mongodb+srv://"),
    REDIS_URL: z.union([z.literal(""), z.string().regex(/^rediss?:\/\//, "must start with redis:// or rediss://")]).default(""),
    SESSION_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
    COOKIE_SECURE: bool.optional(),
    EMAIL_API_URL: z.url().default("https://api.postmarkapp.com/email"),
    EMAIL_API_TOKEN: z.string().default(""),
    EMAIL_FROM: z.string().default("Leerkring <noreply@leerkring.example>"),
    /** Express "trust proxy": hops or addresses whose X-Forwarded-For is believed (e.g. "loopback").
     *  Not "true": that believes every address a client writes, so anyone could claim 127.0.0.1. */
    TRUST_PROXY: z
      .string()
      .default("")
      .refine((v) => v !== "true", "must name the proxy (loopback, its address or a hop count), not true: that believes any client")
      .transform((v) => (v === "" || v === "false" ? false : /^\d+$/.test(v) ? Number(v) : v)),
    /** Answer the email API locally (msw) and keep every mail for /dev/outbox. */
    EMAIL_FAKE: bool.optional(),
    // Operations (decisions 041 and 042).
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    /** /metrics on this port (unset: no metrics endpoint); never the app's port, never behind the proxy. */
    METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
    /** Where the metrics port listens: this machine only unless the scraper runs elsewhere. */
    METRICS_HOST: z.string().min(1).default("127.0.0.1"),
    /** After SIGTERM, how long /readyz fails before the node stops accepting (the proxy's check interval x fall). */
    DRAIN_DELAY_MS: z.coerce.number().int().min(0).max(60_000).default(0),
    /** After SIGTERM, the node exits by then whatever is left. */
    SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(1000).max(120_000).default(15_000),
    // Attachments (issue 20, decision 083): the largest file one may upload, in MB, and where files go.
    ATTACHMENT_MAX_MB: z.coerce.number().positive().max(1024).default(25),
    ATTACHMENT_STORAGE: z.enum(["gridfs"]).default("gridfs"),
  })
  .transform((e) => ({
    ...e,
    COOKIE_SECURE: e.COOKIE_SECURE ?? e.NODE_ENV === "production",
    // In production the local email fake (and /dev/outbox) only when asked for explicitly.
    EMAIL_FAKE: e.EMAIL_FAKE ?? (e.NODE_ENV !== "production" && e.EMAIL_API_TOKEN === ""),
  }))
  .superRefine((e, ctx) => {
    if (e.NODE_ENV === "production" && !e.SESSION_SECRET)
      ctx.addIssue({ code: "custom", path: ["SESSION_SECRET"], message: "is required in production" });
    if (!e.EMAIL_FAKE && !e.EMAIL_API_TOKEN)
      ctx.addIssue({ code: "custom", path: ["EMAIL_API_TOKEN"], message: "is required when EMAIL_FAKE is off" });
  });

export type Env = z.output<typeof schema> & { SESSION_SECRET: string };

/** Validates the environment once at boot; throws one message naming every bad or missing variable. */
export function loadEnv(raw: Record<string, string | undefined> = process.env): Env {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  - ${i.path.join(".") || "(env)"}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join("\n")}`);
  }
  // Dev and demo only: a fixed secret is fine when nothing leaves this machine.
  return { ...parsed.data, SESSION_SECRET: parsed.data.SESSION_SECRET ?? "leerkring-local-development-secret-0000" };
}
