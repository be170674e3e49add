import { DevMail } from "./devmail.model";

/** The newest mails the local email API fake captured (dev and tests only), for /dev/outbox. */
export async function listOutbox(limit = 100) {
  const mails = await DevMail.find().sort({ at: -1, _id: -1 }).limit(limit).lean();
  return mails.map((m) => ({ id: String(m._id), to: m.to, subject: m.subject, text: m.text, at: m.at.toISOString() }));
}
