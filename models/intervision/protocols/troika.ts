import type { ProtocolInput } from "../protocol.inputs";
import { ORAL } from "./common";

/** Troika consulting (Liberating Structures): INTERVISION.md 3.6. Groups of three, about 30 minutes. */
export const troika = {
  id: "troika",
  version: 1,
  name: { nl: "Troika-consultatie", en: "Troika consulting" },
  summary: {
    nl: "Met z'n drieën: één cliënt, twee consultants. Drie rondes, zodat ieder één keer cliënt is.",
    en: "In threes: one client, two consultants. Three rounds, so each is the client once.",
  },
  roles: [
    { role: "inbrenger", required: true },
    { role: "chair", required: true },
    { role: "member", required: true },
  ],
  phases: [
    {
      id: "challenge",
      name: { nl: "Uitdaging", en: "State the challenge" },
      instruction: { nl: "De cliënt vertelt zijn uitdaging.", en: "The client states their challenge." },
      ...ORAL,
      writers: ["chair"],
      speakers: ["inbrenger"],
      inbrenger: "speaking",
      turns: "free",
      timer: { minutes: 2, end: "hard" },
      artefacts: [],
    },
    {
      id: "clarify",
      name: { nl: "Verhelderende vragen", en: "Clarifying questions" },
      instruction: { nl: "De consultants stellen verhelderende vragen.", en: "The consultants ask clarifying questions." },
      ...ORAL,
      writers: ["chair"],
      speakers: ["inbrenger", "chair", "member"],
      inbrenger: "speaking",
      turns: "free",
      timer: { minutes: 2, end: "hard" },
      artefacts: [],
    },
    {
      id: "consult",
      name: { nl: "Consultants aan het woord", en: "Consultants talk" },
      instruction: {
        nl: "De cliënt draait zich om (microfoon uit); de consultants bespreken samen ideeën en suggesties.",
        en: "The client turns their back (microphone off); the consultants discuss ideas and suggestions together.",
      },
      ...ORAL,
      writers: ["chair"],
      speakers: ["chair", "member"],
      inbrenger: "turned_away",
      turns: "free",
      timer: { minutes: 5, end: "hard" },
      artefacts: ["advice_cards"],
    },
    {
      id: "valuable",
      name: { nl: "Wat was waardevol", en: "What was most valuable" },
      instruction: {
        nl: "De cliënt draait zich terug en vertelt wat het waardevolst was.",
        en: "The client turns back and shares what was most valuable.",
      },
      ...ORAL,
      writers: ["chair"],
      speakers: ["inbrenger"],
      inbrenger: "speaking",
      turns: "free",
      timer: { minutes: 2, end: "hard" },
      artefacts: ["action_points"],
    },
  ],
  repeat: { from: "challenge", to: "valuable", times: 3, rotate: ["inbrenger"] },
} satisfies ProtocolInput;
