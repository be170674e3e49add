// Mail texts, per recipient locale. Kept beside the services that send them (models/ cannot
// import app/i18n); the wording follows the UI's.
type Locale = "nl" | "en";

export const mailTemplates = {
  invite: (l: Locale, p: { url: string; inviter: string }) =>
    l === "en"
      ? {
          subject: "You are invited to Leerkring",
          text: `${p.inviter} invites you to Leerkring, the space of your learning group.\n\nSet your name and password here (the link works once and expires in 7 days):\n${p.url}\n`,
        }
      : {
          subject: "Uitnodiging voor Leerkring",
          text: `${p.inviter} nodigt je uit in Leerkring, de ruimte van je leergroep.\n\nKies hier je naam en wachtwoord (de link werkt één keer en vervalt na 7 dagen):\n${p.url}\n`,
        },
  addedToGroup: (l: Locale, p: { url: string; group: string }) =>
    l === "en"
      ? { subject: `You were added to ${p.group}`, text: `You are now a member of the learning group ${p.group}.\n${p.url}\n` }
      : { subject: `Je bent toegevoegd aan ${p.group}`, text: `Je bent nu lid van de leergroep ${p.group}.\n${p.url}\n` },
  reset: (l: Locale, p: { url: string }) =>
    l === "en"
      ? {
          subject: "Reset your Leerkring password",
          text: `Choose a new password here (the link works once and expires in 1 hour):\n${p.url}\n\nDid you not ask for this? Then ignore this mail.\n`,
        }
      : {
          subject: "Nieuw wachtwoord voor Leerkring",
          text: `Kies hier een nieuw wachtwoord (de link werkt één keer en vervalt na 1 uur):\n${p.url}\n\nHeb je dit niet gevraagd? Negeer deze mail dan.\n`,
        },
};
