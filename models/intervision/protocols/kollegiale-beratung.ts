import type { ProtocolInput, RoleKind } from "../protocol.inputs";
import { ORAL, STANDARD_ROLES } from "./common";

const consultationRules = { ...ORAL, speakers: ["chair", "member"] as RoleKind[], inbrenger: "listening" as const };

/** Collegial consultation (Kollegiale Beratung, Tietze): INTERVISION.md 3.6. Six phases; in the
 *  fourth the group chooses the method module the consultation follows. */
export const kollegialeBeratung = {
  id: "kollegiale-beratung",
  version: 1,
  name: { nl: "Kollegiale Beratung", en: "Collegial consultation (Kollegiale Beratung)" },
  summary: {
    nl: "Zes fasen (Tietze): rollen verdelen, spontaan vertellen, kernvraag, methode kiezen, consultatie (de verteller luistert alleen, de notulist noteert) en afsluiting.",
    en: "Six phases (Tietze): casting of roles, spontaneous narration, key question, choice of method, consultation (the narrator only listens, the secretary notes) and closing.",
  },
  roles: STANDARD_ROLES,
  phases: [
    {
      id: "casting",
      name: { nl: "Rollen verdelen", en: "Casting of roles" },
      instruction: {
        nl: "Kies moderator, verteller (inbrenger), consultants en eventueel een notulist.",
        en: "Choose the moderator, the case narrator (case-giver), the consultants and optionally a secretary.",
      },
      ...ORAL,
      speakers: ["inbrenger", "chair", "member"],
      inbrenger: "speaking",
      turns: "free",
      timer: { minutes: 5, end: "soft" },
      artefacts: [],
    },
    {
      id: "narration",
      name: { nl: "Spontaan vertellen", en: "Spontaneous narration" },
      instruction: {
        nl: "De verteller vertelt de casus; de moderator en de consultants vragen alleen om verheldering.",
        en: "The narrator tells the case; the moderator and consultants only ask for clarification.",
      },
      ...ORAL,
      speakers: ["inbrenger", "chair", "member"],
      inbrenger: "speaking",
      turns: "free",
      timer: { minutes: 10, end: "soft" },
      artefacts: ["notes"],
    },
    {
      id: "key-question",
      name: { nl: "Kernvraag", en: "Key question" },
      instruction: {
        nl: "De verteller formuleert de kernvraag waarover hij raad wil.",
        en: "The narrator formulates the key question they want consultation on.",
      },
      input: "written",
      visibility: "live",
      speakers: ["inbrenger"],
      writers: ["inbrenger"],
      inbrenger: "speaking",
      turns: "free",
      timer: { minutes: 5, end: "soft" },
      artefacts: ["problem_formulations"],
    },
    {
      id: "method",
      name: { nl: "Methode kiezen", en: "Choice of method" },
      instruction: {
        nl: "De groep kiest, met de verteller, de methode die het best bij de kernvraag past.",
        en: "The group, with the narrator, chooses the method that best fits the key question.",
      },
      ...ORAL,
      speakers: ["inbrenger", "chair", "member"],
      inbrenger: "speaking",
      turns: "free",
      timer: { minutes: 3, end: "soft" },
      artefacts: [],
      choice: {
        appliesTo: "consultation",
        modules: [
          {
            id: "brainstorming",
            name: { nl: "Brainstorm", en: "Brainstorming" },
            instruction: {
              nl: "Zoveel mogelijk ideeën, zonder commentaar; de consultants schrijven ze zichtbaar op kaarten.",
              en: "As many ideas as possible, without comment; the consultants write them visibly on cards.",
            },
            ...consultationRules,
            input: "written",
            visibility: "live",
            writers: ["member"],
            turns: "free",
            artefacts: ["advice_cards"],
          },
          {
            id: "headstand",
            name: { nl: "Kopstaand brainstormen", en: "Headstand brainstorming" },
            instruction: {
              nl: "Hoe maken we het zeker erger? Daarna worden de ideeën omgekeerd tot oplossingen.",
              en: "How do we make it surely worse? Then the ideas are turned round into solutions.",
            },
            ...consultationRules,
            turns: "free",
            artefacts: ["advice_cards"],
          },
          {
            id: "resonance",
            name: { nl: "Resonantieronde", en: "Resonance round" },
            instruction: {
              nl: "Om de beurt: welke gevoelens en beelden roept de casus bij mij op?",
              en: "In turn: which feelings and images does the case evoke in me?",
            },
            ...consultationRules,
            turns: "round_robin",
            artefacts: ["insights"],
          },
          {
            id: "good-advice",
            name: { nl: "Goede raad", en: "Good advice" },
            instruction: {
              nl: "Om de beurt een concreet advies: “Als ik jou was, zou ik…”",
              en: "In turn, one concrete piece of advice: “If I were you, I would…”",
            },
            ...consultationRules,
            turns: "round_robin",
            artefacts: ["advice_cards"],
          },
          {
            id: "sharing",
            name: { nl: "Ervaringen delen", en: "Sharing experiences" },
            instruction: {
              nl: "Om de beurt: een eigen, vergelijkbare ervaring en wat toen hielp.",
              en: "In turn: a similar experience of one's own and what helped then.",
            },
            ...consultationRules,
            turns: "round_robin",
            artefacts: ["notes"],
          },
        ],
      },
    },
    {
      id: "consultation",
      name: { nl: "Consultatie", en: "Consultation" },
      instruction: {
        nl: "De consultants werken met de gekozen methode; de verteller luistert alleen, de notulist noteert.",
        en: "The consultants work with the chosen method; the narrator only listens, the secretary notes.",
      },
      ...consultationRules,
      turns: "free",
      timer: { minutes: 10, end: "soft" },
      artefacts: ["advice_cards"],
    },
    {
      id: "closing",
      name: { nl: "Afsluiting", en: "Closing" },
      instruction: {
        nl: "De verteller zegt wat hij meeneemt; ieder zegt kort wat hij leerde.",
        en: "The narrator says what they take away; each says briefly what they learned.",
      },
      ...ORAL,
      speakers: ["inbrenger", "chair", "member"],
      inbrenger: "speaking",
      turns: "free",
      timer: { minutes: 5, end: "soft" },
      artefacts: ["action_points", "insights"],
    },
  ],
} satisfies ProtocolInput;
