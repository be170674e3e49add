import type { ProtocolInput } from "../protocol.inputs";
import { ORAL, STANDARD_ROLES } from "./common";

/** Reflecting team (Tom Andersen, 1987): INTERVISION.md 3.5. Only with the inbrenger's permission. */
export const reflectingTeam = {
  id: "reflecting-team",
  version: 1,
  name: { nl: "Reflecterend team", en: "Reflecting team" },
  summary: {
    nl: "De begeleider interviewt de inbrenger; het team reflecteert daarna onderling op wat het hoorde, zonder de inbrenger aan te kijken of aan te spreken.",
    en: "The facilitator interviews the case-giver; the team then reflects among themselves on what they heard, without looking at or addressing the case-giver.",
  },
  roles: STANDARD_ROLES,
  phases: [
    {
      id: "interview",
      name: { nl: "Interview", en: "Interview" },
      instruction: {
        nl: "Begeleider en inbrenger in gesprek; het team zwijgt, luistert en noteert wat opvalt.",
        en: "Facilitator and case-giver in dialogue; the team is silent, listens and notes what strikes them.",
      },
      ...ORAL,
      speakers: ["inbrenger", "chair"],
      inbrenger: "speaking",
      turns: "free",
      timer: { minutes: 20, end: "soft" },
      artefacts: ["notes"],
    },
    {
      id: "reflection",
      name: { nl: "Reflectie", en: "Reflection" },
      instruction: {
        nl: "De teamleden praten met elkaar, niet met de inbrenger: voorzichtig (“ik vraag me af of…”), alleen over wat ze hoorden.",
        en: "Team members talk to each other, not to the case-giver: tentatively (“I wonder whether…”), only about what they heard.",
      },
      ...ORAL,
      speakers: ["member"],
      inbrenger: "listening",
      turns: "free",
      timer: { minutes: 10, end: "soft" },
      artefacts: ["notes"],
    },
    {
      id: "response",
      name: { nl: "Reactie", en: "Response" },
      instruction: {
        nl: "De inbrenger met de begeleider: wat trof me, wat past niet?",
        en: "The case-giver with the facilitator: what struck me, what does not fit?",
      },
      ...ORAL,
      speakers: ["inbrenger", "chair"],
      inbrenger: "speaking",
      turns: "free",
      timer: { minutes: 10, end: "soft" },
      artefacts: ["notes"],
      loop: {
        to: "interview",
        condition: {
          nl: "Een tweede, kortere ronde (interview, reflectie, reactie)?",
          en: "A second, shorter cycle (interview, reflection, response)?",
        },
        max: 1,
      },
    },
    {
      id: "harvest",
      name: { nl: "Afsluiten en oogsten", en: "Close and harvest" },
      instruction: { nl: "Wat neemt de inbrenger mee?", en: "What does the case-giver take away?" },
      ...ORAL,
      speakers: ["inbrenger", "chair", "member"],
      inbrenger: "speaking",
      turns: "free",
      timer: { minutes: 5, end: "soft" },
      artefacts: ["action_points"],
    },
  ],
} satisfies ProtocolInput;
