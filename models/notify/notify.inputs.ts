import { z } from "zod";
import { MAIL_CHOICES } from "./notify.constants";

const choice = z.enum(MAIL_CHOICES, { message: "invalid" });

/** The settings form: a choice for every kind, nothing else. */
export const MailPrefsInput = z.strictObject({ mention: choice, reply: choice, meeting: choice, case: choice, plan: choice });

/** An unsubscribe link's token: "<userId>.<kind>[-<kind>].<signature>", checked by the service. */
export const UnsubscribeTokenInput = z.string().regex(/^[a-f0-9]{24}\.[a-z-]{1,40}\.[A-Za-z0-9_-]{20,64}$/);
