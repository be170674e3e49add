import { z } from "zod";
import { LOCALES } from "../i18n/locale";
import { isTimeZone } from "../i18n/dates";
import { CAREER_PHASES, MAX_SCHOOL_CHARS, MAX_YEARS_AS_LEADER, SCHOOL_LEVELS } from "./user.constants";

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

/** The profile form: every field a string as a form posts it; empty optional fields mean "not given". */
export const ProfileInput = z
  .object({
    name: personName,
    school: z.string().trim().max(MAX_SCHOOL_CHARS, "too_long"),
    careerPhase: z.enum(["", ...CAREER_PHASES], "invalid"),
    yearsAsLeader: z
      .string()
      .trim()
      .regex(/^\d{0,2}$/, "invalid_number")
      .transform((v) => (v === "" ? null : Number(v)))
      .refine((v) => v === null || v <= MAX_YEARS_AS_LEADER, "invalid_number"),
    schoolLevel: z.enum(["", ...SCHOOL_LEVELS], "invalid"),
    locale: z.enum(LOCALES, "invalid"),
    timeZone: z.string().refine(isTimeZone, "invalid_time_zone"),
  })
  // Years belong to the experienced; a starter's are dropped rather than refused.
  .transform((v) => ({ ...v, yearsAsLeader: v.careerPhase === "experienced" ? v.yearsAsLeader : null }));
export type ProfileInput = z.output<typeof ProfileInput>;
