// Calling Remix loaders and actions as functions in tests: the load context the server passes
// (deps, session secret), a CSRF cookie with its signed form field, and signed-in Requests.
import { createHmac, randomBytes } from "node:crypto";
import { silentPublisher } from "../models/shared/context";
import { createServices, type Services } from "../server/services";
import { testNode } from "./factories";

/** The load context for routes signed with `secret`, and Requests that pass its CSRF check. */
export function routeTestContext(secret: string, services?: Services) {
  const context = {
    services:
      services ?? createServices({ publisher: silentPublisher, sendMail: async () => {}, appUrl: "http://x", redis: null }, testNode()),
    cookieSecure: false,
    sessionSecret: secret,
    devOutbox: false,
  };
  const csrfValue = randomBytes(24).toString("base64url");
  const csrfField = createHmac("sha256", secret).update(csrfValue).digest("base64url");

  /** A Request signed in with `session`: a GET, or with `form` a POST carrying the CSRF field; `lang` sets lk_lang. */
  const request = (url: string, session: string, form?: Record<string, string>, lang?: string) => {
    const headers = { Cookie: `lk_session=${session}; lk_csrf=${csrfValue}${lang ? `; lk_lang=${lang}` : ""}` };
    return form
      ? new Request(url, {
          method: "POST",
          headers: { ...headers, "Content-Type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams({ _csrf: csrfField, ...form }),
        })
      : new Request(url, { headers });
  };

  return { context, request };
}

/** What a loader or action returns, or what it throws (a Remix route throws its Responses too). */
export async function settle(fn: () => unknown): Promise<unknown> {
  try {
    return await fn();
  } catch (e) {
    return e;
  }
}
