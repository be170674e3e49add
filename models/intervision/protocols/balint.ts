import type { ProtocolInput } from "../protocol.inputs";
import { ORAL, STANDARD_ROLES } from "./common";

/** Balint method: INTERVISION.md 3.4. No advice and no criticism; a case takes about 45 minutes. */
export const balint = {
  id: "balint",
  version: 1,
  name: { nl: "Balintmethode", en: "Balint method" },
  summary: {
    nl: "De emotionele en relationele kant van een casus verkennen in plaats van hem op te lossen. Geen adviezen en geen kritiek.",
    en: "Explore the emotional and relational side of a case rather than solve it. No advice and no criticism.",
  },
  roles: STANDARD_ROLES,
  phases: [
    {
      id: "who-has-a-case",
      name: { nl: "Wie heeft een casus?", en: "Who has a case?" },
      instruction: {
        nl: "De leider vraagt naar een casus die je mee naar huis neemt.",
        en: "The leader asks for a case that you take home with you.",
      },
      ...ORAL,
      speakers: ["inbrenger", "chair", "member"],
      inbrenger: "speaking",
      turns: "free",
      timer: { minutes: 5, end: "soft" },
      artefacts: [],
    },
    {
      id: "tell",
      name: { nl: "De casus vertellen", en: "Telling the case" },
      instruction: {
        nl: "De inbrenger vertelt informeel en zonder aantekeningen; ook wat wordt weggelaten doet ertoe.",
        en: "The presenter tells informally and without notes; what is left out also matters.",
      },
      ...ORAL,
      speakers: ["inbrenger"],
      inbrenger: "speaking",
      turns: "free",
      timer: { minutes: 10, end: "soft" },
      artefacts: [],
    },
    {
      id: "facts",
      name: { nl: "Feitelijke vragen", en: "Factual questions" },
      instruction: {
        nl: "Korte feitelijke vragen; de leider houdt het ondervragen kort.",
        en: "Brief factual questions; the leader keeps the questioning short.",
      },
      ...ORAL,
      speakers: ["inbrenger", "chair", "member"],
      inbrenger: "speaking",
      turns: "queue",
      timer: { minutes: 5, end: "hard" },
      artefacts: [],
    },
    {
      id: "group-work",
      name: { nl: "Groepswerk, inbrenger teruggeschoven", en: "Group work, presenter pushed back" },
      instruction: {
        nl: "De deelnemers verkennen voorzichtig de gevoelens van beide partijen en verplaatsen zich in de ander; geen adviezen. De inbrenger schuift zijn stoel terug en luistert zwijgend.",
        en: "Members tentatively explore the feelings of both parties and imagine the other's position; no advice. The presenter pushes their chair back and listens silently.",
      },
      ...ORAL,
      speakers: ["chair", "member"],
      inbrenger: "listening",
      turns: "free",
      timer: { minutes: 25, end: "soft" },
      artefacts: [],
    },
    {
      id: "return",
      name: { nl: "De inbrenger keert terug", en: "The presenter returns" },
      instruction: { nl: "Wat resoneerde er? Verdedigen is niet nodig.", en: "What resonated? No defence needed." },
      ...ORAL,
      speakers: ["inbrenger"],
      inbrenger: "speaking",
      turns: "free",
      timer: { minutes: 5, end: "soft" },
      artefacts: [],
    },
    {
      id: "closing",
      name: { nl: "Afsluiting", en: "Closing" },
      instruction: { nl: "Kort, eventueel met een terugblik op het proces.", en: "Brief, optionally looking back at the process." },
      ...ORAL,
      speakers: ["inbrenger", "chair", "member"],
      inbrenger: "speaking",
      turns: "free",
      timer: { minutes: 5, end: "soft" },
      artefacts: [],
    },
  ],
} satisfies ProtocolInput;
