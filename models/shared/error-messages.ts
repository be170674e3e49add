import type { ErrorCode } from "./errors";

export type Locale = "nl" | "en";

// One message per refusal code, for both doors (forms and sockets).
const messages: Record<Locale, Record<ErrorCode, string>> = {
  nl: {
    not_found: "Niet gevonden.",
    forbidden: "Dat mag je niet doen in deze leergroep.",
    invalid_input: "Controleer de gemarkeerde velden.",
    conflict: "Dat botst met een andere wijziging. Laad de pagina opnieuw en probeer nog eens.",
    group_full: "Deze leergroep heeft al het maximum van 10 schoolleiders.",
    charter_required: "Aanvaard eerst de vertrouwensafspraken van deze leergroep.",
    rate_limited: "Te veel pogingen. Wacht even en probeer het dan opnieuw.",
    invalid_credentials: "E-mailadres of wachtwoord klopt niet.",
    token_invalid: "Deze link is verlopen of al gebruikt. Vraag een nieuwe aan.",
    unauthenticated: "Je bent niet (meer) aangemeld.",
    too_complex: "Deze wijziging is te zwaar om te verwerken en werd niet bewaard.",
    unavailable: "Leerkring kan zijn gegevens even niet bereiken. Er is niets bewaard; probeer het zo meteen opnieuw.",
    internal: "Er ging iets mis aan onze kant. Probeer het later opnieuw.",
  },
  en: {
    not_found: "Not found.",
    forbidden: "You may not do that in this learning group.",
    invalid_input: "Please check the marked fields.",
    conflict: "That clashes with another change. Reload the page and try again.",
    group_full: "This learning group already has the maximum of 10 school leaders.",
    charter_required: "First accept this learning group's charter.",
    rate_limited: "Too many attempts. Please wait a moment and try again.",
    invalid_credentials: "Email address or password is incorrect.",
    token_invalid: "This link has expired or was already used. Ask for a new one.",
    unauthenticated: "You are not signed in (any more).",
    too_complex: "This change is too heavy to process and was not saved.",
    unavailable: "Leerkring cannot reach its data right now. Nothing was saved; please try again in a moment.",
    internal: "Something went wrong on our side. Please try again later.",
  },
};

/** The localised message for a refusal code. */
export const errorMessage = (locale: Locale, code: ErrorCode) => messages[locale][code] ?? messages[locale].invalid_input;
