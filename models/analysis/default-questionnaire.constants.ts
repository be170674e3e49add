import type { Questionnaire, QuestionnaireItem } from "./questionnaire.inputs";

// The default baseline/end analysis (BSA/ESA): leadership practices and learning needs, drawn from
// the seeds (the Flemish evaluation's five leadership practices and crucial themes: shared
// leadership, coaching teachers, collaboration, participative decisions, shaping the organisation,
// quality of education, self-reflection; the programme's five central themes and its 360-degree
// feedback on instructional leadership). An organiser adapts a copy per trajectory (decision 036).

const scale = (id: string, nl: string, en: string, raterNl: string, raterEn: string): QuestionnaireItem => ({
  id,
  kind: "scale",
  prompt: { nl, en },
  rater: { nl: raterNl, en: raterEn },
});

export const DEFAULT_QUESTIONNAIRE: Questionnaire = {
  schema: 1,
  title: { nl: "Beginsituatie- en eindsituatieanalyse", en: "Baseline and end analysis" },
  intro: {
    nl: "Schat in hoe je vandaag als schoolleider handelt. Er zijn geen goede of foute antwoorden: je antwoorden zijn het vertrekpunt van je actieplan en alleen voor jou, tenzij je ze met je coach deelt. Je kunt tussendoor stoppen en later verdergaan.",
    en: "Rate how you act as a school leader today. There are no right or wrong answers: your answers are the starting point of your action plan and for you only, unless you share them with your coach. You can stop at any time and continue later.",
  },
  anchors: [
    { nl: "Klopt helemaal niet", en: "Not at all true" },
    { nl: "Klopt eerder niet", en: "Rather not true" },
    { nl: "Deels", en: "Partly" },
    { nl: "Klopt eerder wel", en: "Rather true" },
    { nl: "Klopt helemaal", en: "Completely true" },
  ],
  sections: [
    {
      id: "vision",
      title: { nl: "Visie en richting", en: "Vision and direction" },
      items: [
        scale(
          "vision-shared",
          "Ik formuleer samen met het team een gedeelde visie op goed onderwijs voor onze leerlingen.",
          "I formulate a shared vision of good education for our pupils together with the team.",
          "De schoolleider formuleert samen met het team een gedeelde visie op goed onderwijs voor de leerlingen.",
          "The school leader formulates a shared vision of good education for the pupils together with the team.",
        ),
        scale(
          "vision-goals",
          "Ik vertaal die visie in enkele duidelijke, haalbare doelen voor de school.",
          "I translate that vision into a few clear, achievable goals for the school.",
          "De schoolleider vertaalt de visie in enkele duidelijke, haalbare doelen voor de school.",
          "The school leader translates the vision into a few clear, achievable goals for the school.",
        ),
        scale(
          "vision-expectations",
          "Ik spreek hoge verwachtingen uit over het leren van leerlingen en van leraren.",
          "I express high expectations of the learning of pupils and of teachers.",
          "De schoolleider spreekt hoge verwachtingen uit over het leren van leerlingen en van leraren.",
          "The school leader expresses high expectations of the learning of pupils and of teachers.",
        ),
        scale(
          "vision-choices",
          "Ik maak keuzes vanuit de visie, ook wanneer dat betekent dat we iets niet doen.",
          "I make choices based on the vision, also when that means we do not do something.",
          "De schoolleider maakt keuzes vanuit de visie, ook wanneer dat betekent dat de school iets niet doet.",
          "The school leader makes choices based on the vision, also when that means the school does not do something.",
        ),
      ],
    },
    {
      id: "learning",
      title: { nl: "Onderwijskundig leiderschap", en: "Leading learning" },
      intro: {
        nl: "Het leren van leerlingen en leraren centraal zetten.",
        en: "Putting the learning of pupils and teachers first.",
      },
      items: [
        scale(
          "learning-data",
          "Ik breng met een kernteam op een onderzoekende manier in kaart hoe effectief ons onderwijs is.",
          "With a core team, I map how effective our teaching is in an inquiring way.",
          "De schoolleider brengt met een kernteam op een onderzoekende manier in kaart hoe effectief het onderwijs is.",
          "With a core team, the school leader maps how effective the teaching is in an inquiring way.",
        ),
        scale(
          "learning-classroom",
          "Ik ben zichtbaar aanwezig in de klassen en praat met leraren over hun lespraktijk.",
          "I am visibly present in classrooms and talk with teachers about their teaching.",
          "De schoolleider is zichtbaar aanwezig in de klassen en praat met leraren over hun lespraktijk.",
          "The school leader is visibly present in classrooms and talks with teachers about their teaching.",
        ),
        scale(
          "learning-coaching",
          "Ik coach en begeleid leraren in hun professionele ontwikkeling.",
          "I coach and guide teachers in their professional development.",
          "De schoolleider coacht en begeleidt leraren in hun professionele ontwikkeling.",
          "The school leader coaches and guides teachers in their professional development.",
        ),
        scale(
          "learning-strategies",
          "Ik zet in op leer- en motivatiestrategieën waarvan we weten dat ze werken, en op remediëring.",
          "I invest in learning and motivation strategies we know to work, and in remediation.",
          "De schoolleider zet in op leer- en motivatiestrategieën waarvan bekend is dat ze werken, en op remediëring.",
          "The school leader invests in learning and motivation strategies known to work, and in remediation.",
        ),
      ],
    },
    {
      id: "team",
      title: { nl: "Samenwerken met het team", en: "Working with the team" },
      items: [
        scale(
          "team-shared",
          "Ik deel leiderschap: leraren en middenkader nemen verantwoordelijkheid voor schoolbrede doelen.",
          "I share leadership: teachers and middle leaders take responsibility for school-wide goals.",
          "De schoolleider deelt leiderschap: leraren en middenkader nemen verantwoordelijkheid voor schoolbrede doelen.",
          "The school leader shares leadership: teachers and middle leaders take responsibility for school-wide goals.",
        ),
        scale(
          "team-collaboration",
          "Ik stimuleer leraren om samen te leren, bijvoorbeeld in een professionele leergemeenschap.",
          "I encourage teachers to learn together, for instance in a professional learning community.",
          "De schoolleider stimuleert leraren om samen te leren, bijvoorbeeld in een professionele leergemeenschap.",
          "The school leader encourages teachers to learn together, for instance in a professional learning community.",
        ),
        scale(
          "team-participation",
          "Ik betrek het team bij beslissingen die hen aangaan.",
          "I involve the team in decisions that concern them.",
          "De schoolleider betrekt het team bij beslissingen die hen aangaan.",
          "The school leader involves the team in decisions that concern them.",
        ),
        scale(
          "team-feedback",
          "Ik vraag leraren en collega's regelmatig om feedback op mijn eigen functioneren.",
          "I regularly ask teachers and colleagues for feedback on how I work.",
          "De schoolleider vraagt leraren en collega's regelmatig om feedback op het eigen functioneren.",
          "The school leader regularly asks teachers and colleagues for feedback on how they work.",
        ),
      ],
    },
    {
      id: "organisation",
      title: { nl: "Organisatie en verandering", en: "Organisation and change" },
      items: [
        scale(
          "organisation-structure",
          "Ik richt de schoolorganisatie zo in dat ze het leren ondersteunt (tijd, ruimte, taken).",
          "I shape the school organisation so that it supports learning (time, space, tasks).",
          "De schoolleider richt de schoolorganisatie zo in dat ze het leren ondersteunt (tijd, ruimte, taken).",
          "The school leader shapes the school organisation so that it supports learning (time, space, tasks).",
        ),
        scale(
          "organisation-policy",
          "Ik voer een professionaliseringsbeleid dat aansluit bij de noden van het team en de doelen van de school.",
          "I run a professional development policy that fits the team's needs and the school's goals.",
          "De schoolleider voert een professionaliseringsbeleid dat aansluit bij de noden van het team en de doelen van de school.",
          "The school leader runs a professional development policy that fits the team's needs and the school's goals.",
        ),
        scale(
          "organisation-change",
          "Ik stuur veranderingen stap voor stap bij en volg op wat ze opleveren.",
          "I steer changes step by step and follow up on what they bring.",
          "De schoolleider stuurt veranderingen stap voor stap bij en volgt op wat ze opleveren.",
          "The school leader steers changes step by step and follows up on what they bring.",
        ),
        scale(
          "organisation-partners",
          "Ik werk samen met partners buiten de school (bestuur, andere scholen, ouders) rond gedeelde doelen.",
          "I work with partners outside the school (board, other schools, parents) on shared goals.",
          "De schoolleider werkt samen met partners buiten de school (bestuur, andere scholen, ouders) rond gedeelde doelen.",
          "The school leader works with partners outside the school (board, other schools, parents) on shared goals.",
        ),
      ],
    },
    {
      id: "personal",
      title: { nl: "Persoonlijk leiderschap", en: "Personal leadership" },
      items: [
        scale(
          "personal-reflection",
          "Ik sta geregeld stil bij mijn eigen handelen als schoolleider en leer eruit.",
          "I regularly reflect on how I act as a school leader and learn from it.",
          "De schoolleider staat geregeld stil bij het eigen handelen en leert eruit.",
          "The school leader regularly reflects on how they act and learns from it.",
        ),
        scale(
          "personal-communication",
          "Ik communiceer helder en open, ook over moeilijke onderwerpen.",
          "I communicate clearly and openly, also about difficult subjects.",
          "De schoolleider communiceert helder en open, ook over moeilijke onderwerpen.",
          "The school leader communicates clearly and openly, also about difficult subjects.",
        ),
        scale(
          "personal-efficacy",
          "Ik heb er vertrouwen in dat ik als schoolleider het verschil kan maken voor leerlingen.",
          "I am confident that as a school leader I can make a difference for pupils.",
          "De schoolleider toont vertrouwen dat hij of zij het verschil kan maken voor leerlingen.",
          "The school leader shows confidence in making a difference for pupils.",
        ),
        scale(
          "personal-balance",
          "Ik bewaak mijn eigen welbevinden en een werkbare balans in mijn taak.",
          "I look after my own well-being and a workable balance in my job.",
          "De schoolleider bewaakt het eigen welbevinden en een werkbare balans in de taak.",
          "The school leader looks after their own well-being and a workable balance in the job.",
        ),
      ],
    },
    {
      id: "needs",
      title: { nl: "Leernoden", en: "Learning needs" },
      intro: {
        nl: "Waar wil je in dit traject aan werken? Dit vormt de basis van je prioritaire leervragen.",
        en: "What do you want to work on in this programme? This is the basis of your priority learning questions.",
      },
      items: [
        {
          id: "needs-themes",
          kind: "choice",
          prompt: {
            nl: "Kies hoogstens drie thema's waar je het meest over wilt leren.",
            en: "Choose at most three themes you most want to learn about.",
          },
          max: 3,
          options: [
            { id: "shared-leadership", label: { nl: "Gedeeld leiderschap", en: "Shared leadership" } },
            { id: "coaching-teachers", label: { nl: "Leraren coachen en begeleiden", en: "Coaching and guiding teachers" } },
            { id: "collaboration", label: { nl: "Effectieve samenwerking stimuleren", en: "Encouraging effective collaboration" } },
            { id: "participation", label: { nl: "Participatieve besluitvorming", en: "Participative decision-making" } },
            { id: "organisation", label: { nl: "De schoolorganisatie vormgeven", en: "Shaping the school organisation" } },
            { id: "quality", label: { nl: "Kwaliteit van onderwijs ontwikkelen", en: "Developing the quality of education" } },
            { id: "inquiry", label: { nl: "Een onderzoekende houding", en: "An inquiring attitude" } },
            { id: "self-reflection", label: { nl: "Zelfreflectie als schoolleider", en: "Self-reflection as a school leader" } },
          ],
        },
        {
          id: "needs-activities",
          kind: "choice",
          prompt: { nl: "Hoe leer je het liefst? Kies er hoogstens twee.", en: "How do you prefer to learn? Choose at most two." },
          max: 2,
          options: [
            { id: "theory", label: { nl: "Theorie en onderzoek", en: "Theory and research" } },
            { id: "cases", label: { nl: "Casusbesprekingen en intervisie", en: "Case discussions and intervision" } },
            { id: "skills", label: { nl: "Vaardigheidstraining", en: "Skills training" } },
            { id: "visits", label: { nl: "Schoolbezoeken en jobshadowing", en: "School visits and job shadowing" } },
            { id: "coaching", label: { nl: "Individuele coaching", en: "Individual coaching" } },
          ],
        },
        {
          id: "needs-prior",
          kind: "text",
          prompt: {
            nl: "Welke opleiding of ervaring breng je al mee (bijvoorbeeld een directeursopleiding)?",
            en: "What training or experience do you already bring (for instance a school leadership course)?",
          },
        },
        {
          id: "needs-question",
          kind: "text",
          prompt: {
            nl: "Welke vraag uit je eigen praktijk wil je in dit traject beantwoorden?",
            en: "Which question from your own practice do you want to answer in this programme?",
          },
        },
      ],
    },
  ],
};
