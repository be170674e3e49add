import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { json, redirect, type AppLoadContext, type HeadersFunction } from "@remix-run/node";
import { z } from "zod";
import { type ErrorCode, refusalOf } from "../../models/shared/errors";
import { errorMessage, retryAfterOf } from "../../models/shared/error-messages";
import { translate } from "../../models/i18n/i18n";
import { readCookie, setCookie, CSRF_COOKIE } from "./cookies.server";
import { getLocale } from "./i18n.server";

// CSRF: a random per-browser cookie (httpOnly, SameSite=Lax) and, in every form, its HMAC.
// A foreign site can neither read the cookie nor the page, so it cannot forge the field.
// server/app.ts also refuses state-changing requests from a foreign Origin.

const sign = (secret: string, value: string) => createHmac("sha256", secret).update(value).digest("base64url");

/** The CSRF field value for this browser, and a Set-Cookie when the browser has no cookie yet. */
export function csrfFor(request: Request, context: AppLoadContext): { token: string; setCookie: string | null } {
  let value = readCookie(request, CSRF_COOKIE);
  let cookie: string | null = null;
  if (!value || !/^[A-Za-z0-9_-]{20,100}$/.test(value)) {
    value = randomBytes(24).toString("base64url");
    cookie = setCookie(CSRF_COOKIE, value, context.cookieSecure);
  }
  return { token: sign(context.sessionSecret, value), setCookie: cookie };
}

/** Does `field` carry this browser's CSRF value (a form read by other means than readForm: an upload)? */
export function csrfValid(request: Request, context: AppLoadContext, field: FormDataEntryValue | null | undefined) {
  const value = readCookie(request, CSRF_COOKIE);
  if (!value || typeof field !== "string") return false;
  const expected = Buffer.from(sign(context.sessionSecret, value));
  const got = Buffer.from(field);
  return expected.length === got.length && timingSafeEqual(expected, got);
}

export type FieldErrors = Record<string, string>;
export interface FormFailure {
  ok: false;
  message: string;
  fieldErrors: FieldErrors;
}

/** The submitted form's `intent`, one of `intents`. A body that is no form, or any other intent (no
 *  form of ours sends it), is a 400 with the localised "check the fields" message for the form. */
export async function readIntent<const T extends readonly [string, ...string[]]>(request: Request, intents: T): Promise<T[number]> {
  let form: FormData | null = null;
  try {
    form = await request.clone().formData();
  } catch {}
  const intent = z.enum(intents).safeParse(form?.get("intent"));
  if (!intent.success) {
    throw json<FormFailure>({ ok: false, message: errorMessage(getLocale(request), "invalid_input"), fieldErrors: {} }, { status: 400 });
  }
  return intent.data;
}

/** Reads a posted form: refuses a missing or wrong CSRF field with 403, then validates with zod.
 *  Returns the typed input or throws a 400 JSON response with localised field errors. */
export async function readForm<S extends z.ZodType>(
  request: Request,
  context: AppLoadContext,
  schema: S,
  extra: Record<string, unknown> = {},
): Promise<z.output<S>> {
  const locale = getLocale(request);
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    throw json<FormFailure>({ ok: false, message: errorMessage(locale, "invalid_input"), fieldErrors: {} }, { status: 400 });
  }
  if (!csrfValid(request, context, form.get("_csrf"))) {
    throw json<FormFailure>(
      {
        ok: false,
        message: translate(locale, "form.expired"),
        fieldErrors: {},
      },
      { status: 403 },
    );
  }
  const raw: Record<string, unknown> = {};
  for (const [k, v] of form.entries()) if (k !== "_csrf" && k !== "intent" && typeof v === "string") raw[k] = v;
  // What the server knows (the URL's group id, the link's token) wins over posted fields.
  Object.assign(raw, extra);
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const fieldErrors: FieldErrors = {};
    for (const i of parsed.error.issues) fieldErrors[String(i.path[0] ?? "_")] ??= i.message;
    throw json<FormFailure>({ ok: false, message: errorMessage(locale, "invalid_input"), fieldErrors }, { status: 400 });
  }
  return parsed.data;
}

/** The 404 every door gives for what the user may not know about: the same status and body whether it exists or not. */
export function notFound(request: Request): never {
  throw new Response(errorMessage(getLocale(request), "not_found"), { status: 404 });
}

const STATUS: Partial<Record<ErrorCode, number>> = {
  forbidden: 403,
  rate_limited: 429,
  invalid_credentials: 401,
  conflict: 409,
  group_full: 409,
  unavailable: 503,
};

/** Maps a domain refusal to the HTTP door: 404 for not_found (existence never leaks), a redirect to
 *  the charter for charter_required, otherwise a localised JSON error for the form. */
export function domainErrorResponse(failure: unknown, request: Request, groupId?: string): never {
  const e = refusalOf(failure);
  // A bug: the server's log gets it, and Remix's error page the user.
  if (e.code === "internal") throw failure;
  if (e !== failure) console.error("service failed", failure);
  const locale = getLocale(request);
  if (e.code === "not_found") notFound(request);
  if (e.code === "charter_required" && groupId) throw redirect(`/groups/${groupId}/charter`);
  const status = STATUS[e.code] ?? 400;
  const fieldErrors: FieldErrors = {};
  for (const i of e.issues ?? []) fieldErrors[i.path] = i.code;
  const retryAfter = retryAfterOf(e.meta);
  const headers: HeadersInit = retryAfter ? { "Retry-After": String(retryAfter) } : {};
  throw json<FormFailure>({ ok: false, message: errorMessage(locale, e.code, e.meta), fieldErrors }, { status, headers });
}

/** The `headers` export of a route whose forms a limit may refuse: the refusal's Retry-After reaches the
 *  response (with single fetch, Remix keeps only the cookies of an action's headers otherwise). */
export const retryAfterHeaders: HeadersFunction = ({ parentHeaders, actionHeaders }) => {
  const headers = new Headers(parentHeaders);
  const retryAfter = actionHeaders.get("Retry-After");
  if (retryAfter) headers.set("Retry-After", retryAfter);
  return headers;
};

/** Runs a service call and maps its refusals. */
export async function runService<T>(request: Request, fn: () => Promise<T>, groupId?: string): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    domainErrorResponse(e, request, groupId);
  }
}

/** Wraps an action: refusals meant for the form (400/401/403/409/429 JSON) are returned so the page
 *  shows them next to the fields (with `intent`, marked as that form's); redirects and 404s pass through. */
export async function formAction(fn: () => Promise<Response>, intent?: string): Promise<Response> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof Response && e.status >= 400 && e.status !== 404 && e.headers.get("Content-Type")?.includes("json")) {
      // A page with several forms tells by the intent which form the refusal belongs to.
      return intent ? json({ ...(await e.json()), intent }, { status: e.status, headers: e.headers }) : e;
    }
    throw e;
  }
}

/** A same-site path to go to after a form, or "/": no scheme, no host, no "//", no backslash or
 *  control character (browsers drop tabs and turn "\\" into "/", which would make "//host"). */
export function safeNext(value: unknown): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: on purpose: a path holding a control character (tab, newline, DEL) is refused, browsers would drop or rewrite it
  if (typeof value !== "string" || !value.startsWith("/") || /[\\\u0000-\u001f\u007f]/.test(value)) return "/";
  try {
    const url = new URL(value, "http://leerkring.invalid");
    return url.origin === "http://leerkring.invalid" ? url.pathname + url.search + url.hash : "/";
  } catch {
    return "/";
  }
}
