import { describe, expect, it } from "vitest";
import { catalogues, fieldError, placeholdersOf, translate, type MessageKey, type PluralForms } from "./i18n";
import { LOCALES, otherLocale, toLocale } from "./locale";
import { mailTemplates } from "../email/email.templates";
import { errorMessage } from "../shared/error-messages";

const keys = Object.keys(catalogues.nl) as MessageKey[];
const textsOf = (m: string | PluralForms) => (typeof m === "string" ? [m] : Object.values(m));
const names = (m: string | PluralForms) => [...new Set(textsOf(m).flatMap(placeholdersOf))].sort();

describe("catalogues", () => {
  it.each(LOCALES)("%s has every key, plain or plural as in Dutch, with Dutch's placeholders", (locale) => {
    const c = catalogues[locale];
    expect(Object.keys(c).sort()).toEqual([...keys].sort());
    for (const k of keys) {
      expect(typeof c[k], k).toBe(typeof catalogues.nl[k]);
      expect(names(c[k]), k).toEqual(names(catalogues.nl[k]));
    }
  });

  it.each(LOCALES)("%s: every plural text has each form the language uses, and nothing but {name} in braces", (locale) => {
    const categories = new Intl.PluralRules(locale).resolvedOptions().pluralCategories;
    for (const k of keys) {
      const m = catalogues[locale][k];
      if (typeof m !== "string") {
        for (const cat of categories) expect(m[cat], `${k} ${cat}`).toBeTypeOf("string");
      }
      for (const text of textsOf(m)) expect(text.replace(/\{\w+\}/g, ""), k).not.toMatch(/[{}]/);
    }
  });
  it.each(LOCALES)("%s: every text that counts ({n}) is a plural object, so no count comes out as '1 procescoaches'", (locale) => {
    const counted = keys.filter((k) => typeof catalogues[locale][k] === "string" && names(catalogues[locale][k]).includes("n"));
    expect(counted).toEqual([]);
  });
});

describe("translate", () => {
  it("fills placeholders once (a value is never read as a placeholder) and shows a forgotten one", () => {
    expect(translate("nl", "members.removeConfirm", { name: "{name} $&" })).toBe("{name} $& verwijderen uit de groep?");
    expect(translate("en", "charter.version", {})).toBe("Version {v}");
  });

  it.each([
    ["nl", 1, "1 schoolleider"],
    ["nl", 0, "0 schoolleiders"],
    ["nl", 6, "6 schoolleiders"],
    ["en", 1, "1 school leader"],
    ["en", 2, "2 school leaders"],
  ] as const)("chooses the plural form by n (%s, %i)", (locale, n, text) => {
    expect(translate(locale, "trajectory.leaders", { n })).toBe(text);
  });

  it("agrees the verb with the number of typists", () => {
    expect(translate("nl", "thread.typing", { names: "An", n: 1 })).toBe("An typt…");
    expect(translate("nl", "thread.typing", { names: "An, Bo", n: 2 })).toBe("An, Bo typen…");
    expect(translate("en", "thread.typing", { names: "An, Bo", n: 2 })).toBe("An, Bo are typing…");
    expect(translate("nl", "members.consentCount", { n: 1, total: 5 })).toBe("1 van 5 schoolleiders stemde in");
  });

  it("turns codes from outside into texts: field errors, refusals, an unknown locale", () => {
    expect(fieldError("nl", "too_long")).toBe("Dit is te lang.");
    expect(fieldError("en", "no_such_code")).toBe("This value is not valid.");
    expect(fieldError("en", undefined)).toBeUndefined();
    expect(errorMessage("en", "not_found")).toBe("Not found.");
    expect(errorMessage("nl", "no_such_code" as never)).toBe(errorMessage("nl", "invalid_input"));
    expect(toLocale("fr")).toBe("nl");
    expect(toLocale("en")).toBe("en");
    expect(LOCALES.map(otherLocale)).toEqual(["en", "nl"]);
  });

  it("writes the mails in the recipient's language", () => {
    const m = mailTemplates.addedToGroup("en", { url: "https://x/g/1", group: "Noord" });
    expect(m).toEqual({ subject: "You were added to Noord", text: "You are now a member of the learning group Noord.\nhttps://x/g/1\n" });
    expect(mailTemplates.reset("nl", { url: "https://x/r/t" }).text).toContain("\nhttps://x/r/t\n");
  });
});
