import type { ProtocolInput } from "../protocol.inputs";
import { ORAL, STANDARD_ROLES } from "./common";

/** Problem-solving method (probleemoplossende methode): INTERVISION.md 3.6. Suits knowledge-heavy questions. */
export const problemSolving = {
  id: "problem-solving",
  version: 1,
  name: { nl: "Probleemoplossende methode", en: "Problem-solving method" },
  summary: {
    nl: "Eerst vragen tot de situatie gediagnosticeerd is, dan advies; is de inbrenger niet geholpen, dan zegt hij waarom en gaat de lus opnieuw rond.",
    en: "First questions until the situation is diagnosed, then advice; if the case-giver is not helped, they say why and the loop goes round again.",
  },
  roles: STANDARD_ROLES,
  phases: [
    {
      id: "question",
      name: { nl: "Vraag inbrengen", en: "Present the question" },
      instruction: { nl: "De inbrenger legt zijn vraag voor.", en: "The case-giver presents their question." },
      ...ORAL,
      speakers: ["inbrenger"],
      inbrenger: "speaking",
      turns: "free",
      timer: { minutes: 5, end: "soft" },
      artefacts: ["notes"],
    },
    {
      id: "ask",
      name: { nl: "Vragen naar de situatie", en: "Questions about the situation" },
      instruction: {
        nl: "De helpers vragen door tot de situatie gediagnosticeerd is.",
        en: "The helpers ask until the situation is diagnosed.",
      },
      ...ORAL,
      speakers: ["inbrenger", "member"],
      inbrenger: "speaking",
      turns: "queue",
      timer: { minutes: 10, end: "soft" },
      artefacts: ["notes"],
    },
    {
      id: "advise",
      name: { nl: "Advies", en: "Advice" },
      instruction: { nl: "De helpers geven advies; de inbrenger luistert.", en: "The helpers give advice; the case-giver listens." },
      ...ORAL,
      speakers: ["member"],
      inbrenger: "listening",
      turns: "round_robin",
      timer: { minutes: 10, end: "soft" },
      artefacts: ["advice_cards"],
    },
    {
      id: "react",
      name: { nl: "Reactie van de inbrenger", en: "The case-giver reacts" },
      instruction: {
        nl: "Ben je geholpen? Zo niet, zeg waarom: dan volgen nieuwe vragen en nieuw advies.",
        en: "Have you been helped? If not, say why: more questions and advice follow.",
      },
      ...ORAL,
      speakers: ["inbrenger"],
      inbrenger: "speaking",
      turns: "free",
      timer: { minutes: 5, end: "soft" },
      artefacts: ["action_points"],
      loop: {
        to: "ask",
        condition: {
          nl: "De inbrenger is nog niet geholpen: terug naar de vragen?",
          en: "The case-giver has not been helped yet: back to the questions?",
        },
        max: 3,
      },
    },
  ],
} satisfies ProtocolInput;
