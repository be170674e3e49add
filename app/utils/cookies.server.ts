import { serialize, parse } from "cookie";

export const SESSION_COOKIE = "lk_session";
export const CSRF_COOKIE = "lk_csrf";
export const LOCALE_COOKIE = "lk_lang";
/** A sign-in halfway: the password was right, the second factor is still to come (decision 039). */
export const PENDING_COOKIE = "lk_pending";
/** A sign-in sent to the school's provider, until it answers (decision 063). */
export const SCHOOL_SIGN_IN_COOKIE = "lk_oidc";

export const readCookie = (request: Request, name: string) => parse(request.headers.get("Cookie") ?? "")[name];

/** httpOnly, SameSite=Lax, Secure when configured (production). */
export const setCookie = (name: string, value: string, secure: boolean, maxAgeSeconds?: number) =>
  serialize(name, value, {
    httpOnly: true,
    sameSite: "lax",
    secure,
    path: "/",
    ...(maxAgeSeconds !== undefined ? { maxAge: maxAgeSeconds } : {}),
  });
