import mongoose, { Schema, type InferSchemaType, type Model, type HydratedDocument } from "mongoose";
import { DEFAULT_LOCALE, LOCALES, toLocale, type Locale } from "../i18n/locale";

const userSchema = new Schema(
  {
    email: { type: String, required: true, unique: true, lowercase: true, trim: true },
    name: { type: String, default: "" },
    /** argon2id; empty until the invite was accepted. */
    passwordHash: { type: String, default: "" },
    /** Organisers run trajectories; everybody else is a plain user whose roles live in memberships. */
    isOrganiser: { type: Boolean, default: false },
    locale: { type: String, enum: [...LOCALES], default: DEFAULT_LOCALE },
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
}

export const toUserDTO = (u: UserDoc): UserDTO => ({
  id: String(u._id),
  name: u.name || u.email,
  email: u.email,
  isOrganiser: u.isOrganiser,
  locale: toLocale(u.locale),
});
