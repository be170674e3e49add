import mongoose, { Schema, type InferSchemaType, type Model, type HydratedDocument } from "mongoose";
import { DEFAULT_LOCALE, LOCALES, toLocale, type Locale } from "../i18n/locale";
import { DEFAULT_TIME_ZONE, toTimeZone } from "../i18n/dates";
import { CAREER_PHASES, SCHOOL_LEVELS, type CareerPhase, type SchoolLevel } from "./user.constants";

const userSchema = new Schema(
  {
    email: { type: String, required: true, unique: true, lowercase: true, trim: true },
    name: { type: String, default: "" },
    /** argon2id; empty until the invite was accepted. */
    passwordHash: { type: String, default: "" },
    /** Organisers run trajectories; everybody else is a plain user whose roles live in memberships. */
    isOrganiser: { type: Boolean, default: false },
    locale: { type: String, enum: [...LOCALES], default: DEFAULT_LOCALE },
    /** IANA zone every date is shown in (decision 024). */
    timeZone: { type: String, default: DEFAULT_TIME_ZONE },
    // The profile (settings page): what group members see next to the name. Empty = not given.
    school: { type: String, default: "" },
    careerPhase: { type: String, enum: ["", ...CAREER_PHASES], default: "" },
    yearsAsLeader: { type: Number, default: null },
    schoolLevel: { type: String, enum: ["", ...SCHOOL_LEVELS], default: "" },
    status: { type: String, enum: ["invited", "active", "removed"], default: "invited" },
  },
  { timestamps: true },
);

export type UserDoc = HydratedDocument<InferSchemaType<typeof userSchema>>;
export const User: Model<InferSchemaType<typeof userSchema>> =
  (mongoose.models.User as Model<InferSchemaType<typeof userSchema>>) ?? mongoose.model("User", userSchema);

export interface UserDTO {
  id: string;
  name: string;
  email: string;
  isOrganiser: boolean;
  locale: Locale;
  timeZone: string;
}

/** What the settings page shows and edits. */
export interface ProfileDTO {
  name: string;
  school: string;
  careerPhase: CareerPhase | "";
  yearsAsLeader: number | null;
  schoolLevel: SchoolLevel | "";
  locale: Locale;
  timeZone: string;
}

export const toProfileDTO = (u: UserDoc): ProfileDTO => ({
  name: u.name,
  school: u.school ?? "",
  careerPhase: (u.careerPhase ?? "") as CareerPhase | "",
  yearsAsLeader: u.yearsAsLeader ?? null,
  schoolLevel: (u.schoolLevel ?? "") as SchoolLevel | "",
  locale: toLocale(u.locale),
  timeZone: toTimeZone(u.timeZone),
});

export const toUserDTO = (u: UserDoc): UserDTO => ({
  id: String(u._id),
  name: u.name || u.email,
  email: u.email,
  isOrganiser: u.isOrganiser,
  locale: toLocale(u.locale),
  timeZone: toTimeZone(u.timeZone),
});
