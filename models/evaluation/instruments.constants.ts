import type { Instrument, InstrumentId } from "./instrument.inputs";

// The four instruments (issue 15, docs/decisions/052), in the evaluation framework's words
// (shared/seeds, "Indicaties van effecten" and "Conditie in de collectieve leercultuur") and in
// English. A change of wording is a new version: answers keep the version they were given in.
// instruments.test.ts parses each against the schema.

const agree = {
  low: { nl: "helemaal niet eens", en: "strongly disagree" },
  high: { nl: "helemaal eens", en: "strongly agree" },
};

const reactionIndicators: Instrument["indicators"] = [
  {
    id: "motivation",
    label: { nl: "Motivatie om deel te nemen", en: "Motivation to take part" },
    items: [{ id: "motivation_1", prompt: { nl: "Ik had zin om hieraan deel te nemen.", en: "I wanted to take part in this." } }],
  },
  {
    id: "satisfaction",
    label: { nl: "Tevredenheid", en: "Satisfaction" },
    items: [{ id: "satisfaction_1", prompt: { nl: "Ik ben tevreden over deze bijeenkomst.", en: "I am satisfied with this session." } }],
  },
  {
    id: "usability",
    label: { nl: "Bruikbaarheid", en: "Usability" },
    items: [
      { id: "usability_1", prompt: { nl: "Wat we deden, kan ik in mijn school gebruiken.", en: "I can use what we did in my school." } },
    ],
  },
  {
    id: "usefulness",
    label: { nl: "Nuttigheid", en: "Usefulness" },
    items: [{ id: "usefulness_1", prompt: { nl: "Dit was de tijd waard.", en: "This was worth the time." } }],
  },
  {
    id: "group_effectiveness",
    label: { nl: "Groepseffectiviteit", en: "Group effectiveness" },
    items: [{ id: "group_effectiveness_1", prompt: { nl: "Als groep werkten we goed samen.", en: "As a group we worked well together." } }],
  },
  {
    id: "task_cohesion",
    label: { nl: "Taakcohesie", en: "Task cohesion" },
    items: [
      { id: "task_cohesion_1", prompt: { nl: "We werkten samen aan hetzelfde doel.", en: "We worked together towards the same goal." } },
    ],
  },
];

const line = { nl: "Eén zin: wat neem je mee? (niet verplicht)", en: "One line: what do you take away? (optional)" };

export const INSTRUMENTS: Record<InstrumentId, Instrument> = {
  "reaction-meeting": {
    schema: 1,
    id: "reaction-meeting",
    version: 1,
    level: "reaction",
    title: { nl: "Korte check na de bijeenkomst", en: "Quick check after the meeting" },
    intro: {
      nl: "Eén minuut: zes uitspraken. De groep ziet alleen gemiddelden, vanaf vijf antwoorden.",
      en: "One minute: six statements. The group sees only averages, from five answers on.",
    },
    scale: agree,
    indicators: reactionIndicators,
    line,
  },
  "reaction-round": {
    schema: 1,
    id: "reaction-round",
    version: 1,
    level: "reaction",
    title: { nl: "Korte check na de intervisie", en: "Quick check after the intervision round" },
    intro: {
      nl: "Eén minuut: zeven uitspraken. De groep ziet alleen gemiddelden, vanaf vijf antwoorden.",
      en: "One minute: seven statements. The group sees only averages, from five answers on.",
    },
    scale: agree,
    indicators: [
      ...reactionIndicators,
      {
        id: "safety",
        label: { nl: "Ervaren veiligheid", en: "Felt safety" },
        items: [{ id: "safety_1", prompt: { nl: "Ik voelde me veilig om open te spreken.", en: "I felt safe to speak openly." } }],
      },
    ],
    line,
  },
  learning: {
    schema: 1,
    id: "learning",
    version: 1,
    level: "learning",
    title: { nl: "Wat heb ik geleerd?", en: "What have I learned?" },
    intro: {
      nl: "Kijk terug op het voorbije schooljaar in de leergroep.",
      en: "Look back on the past school year in the learning group.",
    },
    scale: agree,
    indicators: [
      {
        id: "perceived_learning",
        label: { nl: "Gepercipieerd leereffect", en: "Perceived learning" },
        items: [
          {
            id: "perceived_learning_1",
            prompt: { nl: "Ik heb veel geleerd in de leergroep.", en: "I learned a lot in the learning group." },
          },
        ],
      },
      {
        id: "vision",
        label: { nl: "Veranderingen in visie op schoolleiderschap", en: "Changes in one's view of school leadership" },
        items: [
          {
            id: "vision_1",
            prompt: { nl: "Mijn kijk op schoolleiderschap is veranderd.", en: "My view of school leadership has changed." },
          },
        ],
      },
      {
        id: "new_ideas",
        label: { nl: "Nieuwe ideeën", en: "New ideas" },
        items: [{ id: "new_ideas_1", prompt: { nl: "Ik heb nieuwe ideeën opgedaan.", en: "I gained new ideas." } }],
      },
      {
        id: "confirmed_ideas",
        label: { nl: "Bevestiging van ideeën", en: "Confirmed ideas" },
        items: [{ id: "confirmed_ideas_1", prompt: { nl: "Mijn ideeën werden bevestigd.", en: "My ideas were confirmed." } }],
      },
      {
        id: "awareness",
        label: { nl: "Versterkt bewustzijn", en: "Heightened awareness" },
        items: [
          {
            id: "awareness_1",
            prompt: { nl: "Ik ben me meer bewust van hoe ik leiding geef.", en: "I am more aware of how I lead." },
          },
        ],
      },
      {
        id: "emotions",
        label: { nl: "Verandering in emoties", en: "Changed emotions" },
        items: [
          {
            id: "emotions_1",
            prompt: { nl: "Ik sta anders (rustiger, zekerder) in mijn werk.", en: "I feel differently (calmer, surer) in my work." },
          },
        ],
      },
    ],
    line: {
      nl: "Wat is voor jou het belangrijkste dat je leerde? (niet verplicht)",
      en: "What is the most important thing you learned? (optional)",
    },
  },
  culture: {
    schema: 1,
    id: "culture",
    version: 1,
    level: "culture",
    title: { nl: "Leercultuurscan", en: "Learning-culture scan" },
    intro: {
      nl: "Hoe leren we samen? Vijftien uitspraken over de collectieve leercultuur van onze leergroep.",
      en: "How do we learn together? Fifteen statements about our learning group's collective learning culture.",
    },
    scale: agree,
    indicators: [
      {
        id: "connection",
        label: { nl: "Verbinding en identificatie", en: "Connection and identification" },
        items: [
          { id: "connection_1", prompt: { nl: "Ik voel me verbonden met deze groep.", en: "I feel connected to this group." } },
          {
            id: "connection_2",
            prompt: { nl: "Ik zeg 'wij' als ik het over de leergroep heb.", en: "I say 'we' when I talk about the learning group." },
          },
          { id: "connection_3", prompt: { nl: "Ik herken me in de anderen.", en: "I recognise myself in the others." } },
        ],
      },
      {
        id: "climate",
        label: { nl: "Leerklimaat", en: "Learning climate" },
        items: [
          {
            id: "climate_1",
            prompt: { nl: "Fouten en twijfels mogen hier gedeeld worden.", en: "Mistakes and doubts may be shared here." },
          },
          { id: "climate_2", prompt: { nl: "We stellen elkaar kritische vragen.", en: "We ask each other critical questions." } },
          { id: "climate_3", prompt: { nl: "We proberen nieuwe dingen uit.", en: "We try out new things." } },
        ],
      },
      {
        id: "shared_goals",
        label: { nl: "Gezamenlijke doelen en belangen", en: "Shared goals and interests" },
        items: [
          { id: "shared_goals_1", prompt: { nl: "We weten waar we samen naartoe willen.", en: "We know where we want to go together." } },
          { id: "shared_goals_2", prompt: { nl: "Wat de groep wil, is ook wat ik wil.", en: "What the group wants is what I want too." } },
          {
            id: "shared_goals_3",
            prompt: { nl: "We delen dezelfde vragen uit de praktijk.", en: "We share the same questions from practice." },
          },
        ],
      },
      {
        id: "appreciation_trust",
        label: { nl: "Waardering en vertrouwen", en: "Appreciation and trust" },
        items: [
          { id: "appreciation_trust_1", prompt: { nl: "Ik vertrouw de andere leden.", en: "I trust the other members." } },
          { id: "appreciation_trust_2", prompt: { nl: "Mijn inbreng wordt gewaardeerd.", en: "My contribution is appreciated." } },
          { id: "appreciation_trust_3", prompt: { nl: "Wat hier gezegd wordt, blijft hier.", en: "What is said here stays here." } },
        ],
      },
      {
        id: "social_support",
        label: { nl: "Sociale steun", en: "Social support" },
        items: [
          {
            id: "social_support_1",
            prompt: { nl: "Ik kan bij de anderen terecht als het moeilijk is.", en: "I can turn to the others when it is hard." },
          },
          {
            id: "social_support_2",
            prompt: { nl: "We helpen elkaar ook tussen de bijeenkomsten.", en: "We help each other between meetings too." },
          },
          { id: "social_support_3", prompt: { nl: "Ik voel me gesteund in mijn rol.", en: "I feel supported in my role." } },
        ],
      },
    ],
    line: null,
  },
};
