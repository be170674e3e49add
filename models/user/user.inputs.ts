import { z } from "zod";
import { LOCALES } from "../i18n/locale";

// Only plain strings pass: an object such as {"$ne": null} is refused before any query.
export const email = z.string().trim().toLowerCase().max(254).email("invalid_email");
export const password = z.string().min(10, "password_too_short").max(200, "too_long");
export const personName = z.string().trim().min(2, "name_too_short").max(80, "too_long");
export const token = z.string().regex(/^[A-Za-z0-9_-]{20,100}$/, "token_invalid");

export const LoginInput = z.object({ email, password: z.string().min(1, "required").max(200, "too_long") });
export const AcceptInviteInput = z
  .object({ token, name: personName, password, passwordConfirm: z.string().max(200) })
  .refine((v) => v.password === v.passwordConfirm, { message: "passwords_differ", path: ["passwordConfirm"] });
export const ForgotPasswordInput = z.object({ email });
export const ResetPasswordInput = z
  .object({ token, password, passwordConfirm: z.string().max(200) })
  .refine((v) => v.password === v.passwordConfirm, { message: "passwords_differ", path: ["passwordConfirm"] });
export const ChangePasswordInput = z
  .object({ currentPassword: z.string().min(1, "required").max(200), password, passwordConfirm: z.string().max(200) })
  .refine((v) => v.password === v.passwordConfirm, { message: "passwords_differ", path: ["passwordConfirm"] });
export const LocaleInput = z.object({ locale: z.enum(LOCALES) });
