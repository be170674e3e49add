import type { ProtocolInput } from "../protocol.inputs";
import { ORAL, STANDARD_ROLES } from "./common";

/** Gossip method (roddelmethode): INTERVISION.md 3.3. Needs a group that knows each other and feels safe. */
export const gossip = {
  id: "gossip",
  version: 1,
  name: { nl: "Roddelmethode", en: "Gossip method" },
  summary: {
    nl: "Frisse, ongecensureerde perspectieven: de inbrenger hoort de groep over hem praten in de derde persoon, met de rug naar de groep.",
    en: "Fresh, uncensored perspectives: the case-giver hears the group talk about them in the third person, with their back turned.",
  },
  roles: STANDARD_ROLES,
  phases: [
    {
      id: "introduce",
      name: { nl: "Vraag inbrengen", en: "Introduce the question" },
      instruction: {
        nl: "De inbrenger licht de vraag kort toe; lange verhalen worden afgekapt.",
        en: "The case-giver introduces the question briefly; long stories are cut off.",
      },
      ...ORAL,
      speakers: ["inbrenger"],
      inbrenger: "speaking",
      turns: "free",
      timer: { minutes: 5, end: "hard" },
      artefacts: ["notes"],
    },
    {
      id: "explore",
      name: { nl: "Probleem verkennen", en: "Explore the problem" },
      instruction: {
        nl: "De deelnemers stellen elk hooguit drie open vragen; de inbrenger antwoordt kort.",
        en: "Members ask up to about three open questions each; the case-giver answers briefly.",
      },
      ...ORAL,
      speakers: ["inbrenger", "member"],
      inbrenger: "speaking",
      turns: "queue",
      timer: { minutes: 15, end: "soft" },
      artefacts: ["notes"],
    },
    {
      id: "gossip",
      name: { nl: "Roddelen", en: "Gossip" },
      instruction: {
        nl: "Alleen de deelnemers praten, in de derde persoon over de inbrenger, constructief. De inbrenger zit met de rug naar de groep, luistert, noteert en grijpt niet in.",
        en: "Members only talk, about the case-giver in the third person, constructively. The case-giver sits with their back turned, listens, takes notes and may not intervene.",
      },
      ...ORAL,
      speakers: ["chair", "member"],
      inbrenger: "turned_away",
      turns: "free",
      timer: { minutes: 15, end: "soft" },
      artefacts: ["notes"],
      loop: {
        to: "gossip",
        condition: {
          nl: "Nog een roddelronde over een ander thema (achtergrond, oorzaken, aannames, oplossingen)?",
          en: "Another gossip round on another theme (background, causes, assumptions, solutions)?",
        },
        max: 3,
      },
    },
    {
      id: "experience",
      name: { nl: "Beleving van de inbrenger", en: "The case-giver's experience" },
      instruction: {
        nl: "Wat viel op of raakte me, welke oplossingen passen bij mij?",
        en: "What struck or touched me, which solutions fit?",
      },
      ...ORAL,
      speakers: ["inbrenger"],
      inbrenger: "speaking",
      turns: "free",
      timer: { minutes: 10, end: "soft" },
      artefacts: ["action_points"],
    },
    {
      id: "evaluation",
      name: { nl: "Evaluatie", en: "Evaluation" },
      instruction: { nl: "Hoe voelde het roddelen, wat leverde het op?", en: "How did the gossip feel, what did it produce?" },
      ...ORAL,
      speakers: ["inbrenger", "chair", "member"],
      inbrenger: "speaking",
      turns: "free",
      timer: { minutes: 5, end: "soft" },
      artefacts: [],
    },
  ],
} satisfies ProtocolInput;
