import { z } from "zod";
import { email } from "../user/user.inputs";

// Sign in with the school's own account (decision 063): the forms' fields, safe in the browser.

/** https, or http on this machine only (a local test provider). No query or fragment: it is the
 *  issuer the ID token must name, and discovery appends /.well-known/openid-configuration. */
const issuer = z
  .string()
  .trim()
  .max(300, "too_long")
  .refine((s) => {
    try {
      const u = new URL(s);
      const local = u.protocol === "http:" && ["127.0.0.1", "localhost", "[::1]"].includes(u.hostname);
      return (u.protocol === "https:" || local) && !u.search && !u.hash && !u.username && !u.password;
    } catch {
      return false;
    }
  }, "oidc_issuer")
  .transform((s) => s.replace(/\/+$/, ""));

const domain = z.string().regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, "oidc_domains");

/** The organiser's form. An empty secret keeps the stored one (it is never shown back). */
export const SchoolSignInConfigInput = z.object({
  issuer,
  clientId: z
    .string()
    .trim()
    .min(1, "required")
    .max(300, "too_long")
    .regex(/^[\x21-\x7e]+$/, "invalid"),
  clientSecret: z
    .string()
    .trim()
    .max(500, "too_long")
    .regex(/^[\x20-\x7e]*$/, "invalid"),
  domains: z
    .string()
    .max(2000, "too_long")
    .transform((s) => [
      ...new Set(
        s
          .toLowerCase()
          .split(/[\s,;]+/)
          .filter(Boolean),
      ),
    ])
    .pipe(z.array(domain).min(1, "oidc_domains").max(20, "oidc_domains")),
});
export type SchoolSignInConfigInput = z.infer<typeof SchoolSignInConfigInput>;

/** The first step at /login/school: the e-mail address decides the provider (by its domain). */
export const SchoolSignInInput = z.object({ email });
