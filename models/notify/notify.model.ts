import mongoose, { Schema, type InferSchemaType, type Model } from "mongoose";
import { MAIL_CHOICES } from "./notify.constants";

/** A user's e-mail notification choices; a user without one has the defaults. */
const mailPrefsSchema = new Schema({
  _id: { type: String }, // the user's id
  mention: { type: String, enum: [...MAIL_CHOICES], required: true },
  reply: { type: String, enum: [...MAIL_CHOICES], required: true },
  meeting: { type: String, enum: [...MAIL_CHOICES], required: true },
  // preparing intervision rounds (decision 033): absent on choices stored before; read as the default.
  case: { type: String, enum: [...MAIL_CHOICES] },
  // feedback requests and goals awaiting agreement (decision 051): absent on choices stored before.
  plan: { type: String, enum: [...MAIL_CHOICES] },
});

export const MailPrefsRecord: Model<InferSchemaType<typeof mailPrefsSchema>> =
  (mongoose.models.MailPrefs as Model<InferSchemaType<typeof mailPrefsSchema>>) ?? mongoose.model("MailPrefs", mailPrefsSchema);

/** Who mails what: "n:<notification id>" or "digest:<user id>:<local day>", inserted before the
 *  mail goes. The unique _id makes one caller win; a conditional update does not on FerretDB,
 *  where two concurrent updates of one document both report it modified (decision 026). */
const mailClaimSchema = new Schema({
  _id: { type: String },
  at: { type: Date, required: true, index: true },
});

export const MailClaim: Model<InferSchemaType<typeof mailClaimSchema>> =
  (mongoose.models.MailClaim as Model<InferSchemaType<typeof mailClaimSchema>>) ?? mongoose.model("MailClaim", mailClaimSchema);
