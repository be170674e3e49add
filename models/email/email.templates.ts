import { translate, type Vars } from "../i18n/i18n";
import type { Locale } from "../i18n/locale";

// Mail texts, per recipient locale, from the one catalogue (models/i18n: mail.<name>.subject/text).

const mail = (l: Locale, name: "invite" | "addedToGroup" | "reset", p: Vars) => ({
  subject: translate(l, `mail.${name}.subject`, p),
  text: translate(l, `mail.${name}.text`, p),
});

export const mailTemplates = {
  invite: (l: Locale, p: { url: string; inviter: string }) => mail(l, "invite", p),
  addedToGroup: (l: Locale, p: { url: string; group: string }) => mail(l, "addedToGroup", p),
  reset: (l: Locale, p: { url: string }) => mail(l, "reset", p),
};
