// What the demo groups have lived through (scripts/seed.ts writes it through the services).
// Members are named by their place in the group: 0 is the coach, 1..6 the school leaders in the
// order of scripts/seed.ts's people. Times are days (and hours) before the seed runs.

/** A member by place: 0 the coach, 1..6 the leaders. */
export type Who = number;
export interface When {
  days: number;
  hour: number;
  minute?: number;
}
export interface SeedMessage extends When {
  by: Who;
  text: string;
  /** Members named in the text as "@Voornaam Achternaam" (the UI's names; the server resolves them). */
  mentions?: Who[];
}
export interface SeedThread {
  title: string;
  pinned?: boolean;
  messages: SeedMessage[];
}
/** A block of the notes document: a heading, a paragraph or a bullet list. */
export type Block = { h: string } | { p: string } | { ul: string[] };
export interface SeedCase {
  title: string;
  bringer: Who;
  /** Who writes which blocks, in this order (appended at the end of the document). */
  edits: (When & { by: Who; blocks: Block[] })[];
  /** Named versions, each after the edits before its time. */
  versions: (When & { by: Who; name: string })[];
  /** Comments on a phrase of the text, with replies. */
  comments: (When & { by: Who; on: string; body: string; replies: (When & { by: Who; body: string })[] })[];
}
export interface SeedGroup {
  threads: SeedThread[];
  cases: SeedCase[];
  /** A member's addition to the co-edited charter draft (the next version, not proposed yet). */
  charterDraft: When & { by: Who; text: string };
  /** How far members read: "all" but these, who read nothing after `days` ago. */
  readers: { stale: Who[]; upToDays: number };
}

/** The charter every group accepted (version 1). */
export const CHARTER = `1. Wat in de groep gedeeld wordt, blijft in de groep. Ook namen van collega's, leerlingen en ouders.
2. We brengen echte casussen en spreken vanuit onze eigen praktijk, niet over "de scholen" in het algemeen.
3. We luisteren eerst, vragen door en oordelen niet. Advies geven we pas als de inbrenger erom vraagt.
4. Een casus deel je buiten de groep alleen geanonimiseerd en met toestemming van wie ze inbracht.
5. Een gast (bovenschools leidinggevende, teamlid) komt alleen binnen als iedereen instemt, en is zichtbaar als gast.
6. Wat een gast hoort, wordt nooit gebruikt in een evaluatie of functioneringsgesprek.
7. We zijn er op elke contactdag, van begin tot einde; wie niet kan, laat het vooraf weten.
8. De procescoach bewaakt deze afspraken; iedereen mag ze ter sprake brengen.`;

export const groups: SeedGroup[] = [
  // Leergroep Gent: 0 Koen De Smet (coach), 1 An Peeters, 2 Bart Janssens, 3 Charlotte Maes,
  // 4 Dirk Willems, 5 Els Claes, 6 Frank Goossens. An (the first demo login) has unread threads
  // and is mentioned.
  {
    threads: [
      {
        title: "Contactdag 3: afspraken en voorbereiding",
        pinned: true,
        messages: [
          {
            by: 0,
            days: 27,
            hour: 9,
            text: "Dag allemaal. Onze derde contactdag is op donderdag in de vergaderzaal van de scholengroep, van 9u tot 16u. In de voormiddag werken we aan jullie prioritaire leervragen uit de beginsituatieanalyse, in de namiddag doen we een eerste intervisie volgens de incidentmethode.\n\nWil iedereen tegen maandag één situatie uit de eigen school meebrengen die je graag in de groep zou bespreken? Kort, een paar zinnen volstaat.",
          },
          { by: 3, days: 27, hour: 12, text: "Top. Ik breng iets mee rond de overgang van de eerste naar de tweede graad." },
          { by: 2, days: 26, hour: 20, minute: 15, text: "Ik heb er één, maar die is nogal gevoelig. Ik stuur ze liever eerst naar Koen." },
          {
            by: 0,
            days: 26,
            hour: 21,
            text: "@Bart Janssens dat kan zeker. En denk eraan: wat in de groep gedeeld wordt, blijft in de groep. We kunnen de casus ook anoniem inbrengen.",
            mentions: [2],
          },
        ],
      },
      {
        title: "Conflict tussen twee collega's in de vakgroep (anoniem)",
        messages: [
          {
            by: 2,
            days: 20,
            hour: 19,
            text: "Ik breng het hier anoniem in, zonder namen. Twee ervaren leerkrachten in een vakgroep spreken al maanden niet meer met elkaar. De vakgroepvergaderingen zijn een koude oorlog geworden en de jongere collega's kiezen kamp. Ouders beginnen het te merken aan de toetsen, die niet meer op elkaar afgestemd zijn.\n\nIk heb met elk apart gepraat. Allebei willen ze dat ik de ander 'aanpak'. Hoe zouden jullie dit aanpakken zonder zelf partij te worden?",
          },
          {
            by: 5,
            days: 20,
            hour: 21,
            text: "Herkenbaar. Bij ons hielp het om het gesprek niet over de relatie te voeren maar over een gedeelde opdracht: samen één toets herwerken, met een duidelijk eindpunt en mij als voorzitter.",
          },
          {
            by: 0,
            days: 19,
            hour: 8,
            minute: 30,
            text: "Goede casus voor de intervisie. Zullen we ze op de contactdag bespreken met de incidentmethode? Dan stel je eerst enkel je vraag, de anderen stellen informatieve vragen, en pas daarna vertelt ieder hoe hij of zij zou handelen.",
          },
          { by: 2, days: 19, hour: 12, text: "Graag. Ik maak een casus aan bij de documenten, dan kunnen we samen notities nemen." },
          {
            by: 6,
            days: 18,
            hour: 17,
            text: "Eén vraag alvast: weet het schoolbestuur ervan? Bij ons werd het pas beter toen de CLB-medewerker een bemiddelingsgesprek leidde, iemand van buiten de school.",
          },
        ],
      },
      {
        title: "Nieuwe evaluatiecyclus: wie heeft al ervaring?",
        messages: [
          {
            by: 4,
            days: 9,
            hour: 16,
            text: "Vanaf september werken we met de nieuwe evaluatiecyclus: een planningsgesprek, tussentijdse functioneringsgesprekken en pas daarna een evaluatie. Ik vind het op papier helder, maar hoe krijg je dat gedaan met 70 personeelsleden en twee adjuncten?",
          },
          {
            by: 5,
            days: 9,
            hour: 18,
            text: "Wij verdelen de personeelsleden over de directeur, de adjunct en de coördinatoren. Elk heeft ongeveer 20 mensen. De planningsgesprekken zijn kort (een half uur), de functioneringsgesprekken koppelen we aan een klasbezoek.",
          },
          {
            by: 6,
            days: 8,
            hour: 10,
            text: "@An Peeters jij werkte vorig jaar al met een proefversie van die cyclus, toch? Zou je op de volgende contactdag kunnen vertellen wat werkte en wat niet?",
            mentions: [1],
          },
          {
            by: 3,
            days: 7,
            hour: 21,
            text: "Goed idee. Ik zou vooral willen weten hoe je het gesprek voert met iemand die al twintig jaar lesgeeft en een planningsgesprek 'een controle' vindt.",
          },
          { by: 0, days: 7, hour: 22, text: "Ik zet het op de agenda van de volgende contactdag. Neem gerust jullie eigen sjablonen mee." },
        ],
      },
      {
        title: "Ons schoolplan 2026-2029 ter inspiratie",
        messages: [
          {
            by: 1,
            days: 14,
            hour: 20,
            text: "Zoals beloofd: de hoofdlijnen van ons nieuwe schoolplan. We kozen drie prioriteiten:\n\n1. Begrijpend lezen in alle vakken, niet alleen in Nederlands.\n2. Feedback die leerlingen vooruit helpt (minder punten, meer feedback op het proces).\n3. Een werkplek waar startende leerkrachten blijven: elke starter krijgt een mentor en twee observaties per trimester.\n\nHet volledige plan deel ik op de contactdag op papier; het staat vol namen.",
          },
          {
            by: 4,
            days: 14,
            hour: 21,
            text: "Sterk dat je zo weinig prioriteiten kiest. Wij hadden er negen en deden er uiteindelijk geen enkele goed.",
          },
          {
            by: 3,
            days: 5,
            hour: 19,
            text: "Hoe meet je of het begrijpend lezen vooruitgaat? Gebruiken jullie de genormeerde toetsen of iets eigens?",
          },
          {
            by: 2,
            days: 2,
            hour: 8,
            text: "Ik heb jullie aanpak voor starters voorgelegd aan ons kernteam. Mogen we jullie mentorfiche gebruiken?",
          },
          {
            by: 0,
            days: 1,
            hour: 18,
            text: "Mooi dat dit zo rondgaat. @An Peeters wil jij op de volgende contactdag tien minuten toelichten hoe jullie tot die drie keuzes kwamen?",
            mentions: [1],
          },
        ],
      },
    ],
    cases: [
      {
        title: "Conflict in de vakgroep wiskunde",
        bringer: 2,
        edits: [
          {
            by: 2,
            days: 19,
            hour: 13,
            blocks: [
              { h: "De situatie" },
              {
                p: "Twee ervaren leerkrachten in de vakgroep spreken al sinds september niet meer met elkaar. Aanleiding was een discussie over de verdeling van de uren in de derde graad.",
              },
              {
                p: "De vakgroepvergaderingen verlopen stroef; jongere collega's kiezen kamp. De toetsen van parallelklassen zijn niet meer op elkaar afgestemd en ouders stellen vragen.",
              },
              { h: "Mijn vraag" },
              { p: "Hoe breng ik de twee opnieuw aan tafel zonder zelf partij te worden?" },
            ],
          },
          {
            by: 0,
            days: 16,
            hour: 10,
            blocks: [
              { h: "Intervisie (incidentmethode)" },
              {
                ul: [
                  "Voorzitter: Koen. Tijdsbewaker: Els. Verslag: Charlotte.",
                  "Informatieve vragen: 15 minuten, één vraag per persoon per beurt.",
                  "Ieder zegt hoe hij of zij zou handelen; Bart luistert en reageert pas daarna.",
                ],
              },
            ],
          },
          {
            by: 3,
            days: 16,
            hour: 15,
            blocks: [
              { h: "Wat de groep zou doen" },
              {
                ul: [
                  "Een gedeelde opdracht geven met een eindpunt: samen één toets herwerken, met de directeur als voorzitter.",
                  "Een bemiddelaar van buiten de school vragen (CLB of de scholengroep).",
                  "Afspraken over de vakgroep op papier zetten en in de volgende personeelsvergadering bekendmaken.",
                ],
              },
            ],
          },
          {
            by: 2,
            days: 15,
            hour: 9,
            blocks: [
              { h: "Wat ik meeneem" },
              {
                p: "Ik start met de gedeelde opdracht en plan een gesprek met de twee samen, met een bemiddelaar erbij. Over zes weken vertel ik in de groep hoe het loopt.",
              },
            ],
          },
        ],
        versions: [
          { by: 2, days: 19, hour: 13, minute: 30, name: "Ingebracht voor de contactdag" },
          { by: 0, days: 16, hour: 16, name: "Na de intervisie" },
          { by: 2, days: 15, hour: 9, minute: 30, name: "Met mijn acties" },
        ],
        comments: [
          {
            by: 6,
            days: 16,
            hour: 17,
            on: "Een bemiddelaar van buiten de school",
            body: "Bij ons deed de CLB-medewerker dit. Ik kan je haar gegevens bezorgen.",
            replies: [{ by: 2, days: 15, hour: 8, body: "Graag, dank je Frank." }],
          },
          {
            by: 0,
            days: 15,
            hour: 11,
            on: "Over zes weken",
            body: "Zullen we dit op de agenda van contactdag 5 zetten?",
            replies: [],
          },
        ],
      },
    ],
    charterDraft: {
      by: 4,
      days: 6,
      hour: 20,
      text: "9. Wie een casus inbrengt, krijgt na zes weken de vraag hoe het verder ging.",
    },
    readers: { stale: [1], upToDays: 15 },
  },
  // Leergroep Antwerpen: 0 Sofie Wouters (coach), 1 Greet Mertens, 2 Hans Jacobs, 3 Inge Dubois,
  // 4 Jan Lambrechts, 5 Karen Hermans, 6 Luc Aerts.
  {
    threads: [
      {
        title: "Netwerkmoment in maart: welke breakout kiezen we?",
        pinned: true,
        messages: [
          {
            by: 0,
            days: 24,
            hour: 10,
            text: "Op het netwerkmoment van maart zitten we samen met de leergroepen van Gent en Brugge. In de namiddag zijn er drie breakouts: starters en ervaren directeurs apart, basis en secundair apart, of een thema (lerarentekort). Welke kiezen jullie?",
          },
          { by: 3, days: 24, hour: 13, text: "Lerarentekort. Daar heb ik dit jaar het meeste tijd aan verloren." },
          { by: 5, days: 23, hour: 9, text: "Ik ben nog maar twee jaar directeur: ik zou graag bij de starters zitten." },
          {
            by: 0,
            days: 23,
            hour: 17,
            text: "@Karen Hermans prima, je mag daar zeker heen. De anderen zet ik bij het thema, tenzij iemand nog iets anders wil.",
            mentions: [5],
          },
        ],
      },
      {
        title: "Hoe voer je een planningsgesprek met een ervaren leerkracht?",
        messages: [
          {
            by: 4,
            days: 12,
            hour: 19,
            text: "Met de nieuwe evaluatiecyclus moet ik dit jaar met iedereen een planningsgesprek voeren. Een collega met dertig jaar ervaring zei me: 'Wat wil je mij nog leren?' Hoe begin je zo'n gesprek zonder dat het een controle wordt?",
          },
          {
            by: 2,
            days: 12,
            hour: 21,
            text: "Ik begin altijd met wat zij zelf nog wil leren of doorgeven. Ervaren mensen worden vaak mentor van starters; dat wordt dan hun doel.",
          },
          {
            by: 6,
            days: 11,
            hour: 8,
            text: "@Jan Lambrechts bij ons werkte een klasbezoek in omgekeerde richting: ik ging leren in haar klas, niet beoordelen.",
            mentions: [4],
          },
          { by: 0, days: 10, hour: 16, text: "Mooi materiaal voor de volgende intervisie. Jan, wil je het als casus inbrengen?" },
        ],
      },
      {
        title: "Beleidsplan begrijpend lezen delen?",
        messages: [
          {
            by: 1,
            days: 6,
            hour: 20,
            text: "Wie heeft een beleidsplan rond begrijpend lezen dat hij of zij wil delen? Ons kernteam zoekt voorbeelden van hoe je het in alle vakken krijgt.",
          },
          { by: 3, days: 5, hour: 18, text: "Ik zet ons plan in de documenten, zonder namen." },
          {
            by: 0,
            days: 3,
            hour: 9,
            text: "@Greet Mertens kijk ook eens naar de spiegelkaart over het leren van professionals: daar staan goede vragen in.",
            mentions: [1],
          },
        ],
      },
    ],
    cases: [
      {
        title: "Weerstand tegen co-teaching in de eerste graad",
        bringer: 2,
        edits: [
          {
            by: 2,
            days: 17,
            hour: 14,
            blocks: [
              { h: "De situatie" },
              {
                p: "We willen in de eerste graad co-teaching invoeren om leerachterstanden op te vangen. Drie van de acht leerkrachten weigeren: ze vinden dat ze in hun eigen klas geen toeschouwer willen.",
              },
              { h: "Mijn vraag" },
              { p: "Moet ik dit opleggen, of laat ik het groeien met wie wil?" },
            ],
          },
          {
            by: 0,
            days: 14,
            hour: 11,
            blocks: [
              { h: "Intervisie (roddelmethode)" },
              { p: "Hans draait zich om en luistert. De groep bespreekt de casus in de derde persoon: hypotheses, dan adviezen." },
            ],
          },
          {
            by: 5,
            days: 14,
            hour: 15,
            blocks: [
              {
                ul: [
                  "Begin met de vijf die willen en laat hun klassen open voor bezoek.",
                  "Vraag de drie wat ze nodig hebben, niet waarom ze weigeren.",
                  "Koppel het aan de leervraag van je schoolplan, niet aan een nieuw project.",
                ],
              },
            ],
          },
        ],
        versions: [
          { by: 2, days: 17, hour: 14, minute: 30, name: "Ingebracht" },
          { by: 0, days: 14, hour: 16, name: "Na de intervisie" },
        ],
        comments: [
          {
            by: 3,
            days: 13,
            hour: 20,
            on: "Vraag de drie wat ze nodig hebben",
            body: "Dit vond ik de sterkste raad van de dag.",
            replies: [{ by: 2, days: 13, hour: 21, body: "Ik plan die gesprekken volgende week." }],
          },
        ],
      },
    ],
    charterDraft: {
      by: 6,
      days: 4,
      hour: 19,
      text: "9. We sturen in de groep geen berichten na 22 uur, behalve bij dringende zaken.",
    },
    readers: { stale: [1], upToDays: 8 },
  },
];

// ---- baseline/end analysis and 360-degree feedback (decision 036) --------------------------

const SCALE_ITEMS = [
  "vision-shared",
  "vision-goals",
  "vision-expectations",
  "vision-choices",
  "learning-data",
  "learning-classroom",
  "learning-coaching",
  "learning-strategies",
  "team-shared",
  "team-collaboration",
  "team-participation",
  "team-feedback",
  "organisation-structure",
  "organisation-policy",
  "organisation-change",
  "organisation-partners",
  "personal-reflection",
  "personal-communication",
  "personal-efficacy",
  "personal-balance",
] as const;

/** Form fields for scale points in the order of SCALE_ITEMS (as the analysis page posts them). */
const points = (ps: number[]) =>
  Object.fromEntries(
    ps.flatMap((p, i) => [
      [`seen:${SCALE_ITEMS[i]}`, "1"],
      [`a:${SCALE_ITEMS[i]}`, String(p)],
    ]),
  );

/** A rater's answers (0: "I cannot judge this"). */
const rating = (ps: number[]) => Object.fromEntries(ps.map((p, i) => [`a:${SCALE_ITEMS[i]}`, String(p)]));

/** An Peeters (Leergroep Gent, leader 1): a submitted BSA at the start, four raters of her school
 *  (one item rated by only two of them, so it stays hidden), and an ESA she is halfway through. */
export const analysisDemo = {
  group: 0,
  leader: 1,
  bsa: {
    started: { days: 41, hour: 20, minute: 10 } satisfies When,
    submitted: { days: 40, hour: 21, minute: 35 } satisfies When,
    answers: {
      ...points([4, 3, 4, 3, 2, 2, 3, 3, 3, 4, 3, 2, 3, 3, 2, 4, 4, 4, 3, 2]),
      "seen:needs-themes": "1",
      "a:needs-themes:shared-leadership": "on",
      "a:needs-themes:coaching-teachers": "on",
      "a:needs-themes:self-reflection": "on",
      "seen:needs-activities": "1",
      "a:needs-activities:cases": "on",
      "a:needs-activities:visits": "on",
      "seen:needs-prior": "1",
      "a:needs-prior":
        "Directeursopleiding bij de koepel (2019). Sinds twee jaar een lerend netwerk rond gedeeld leiderschap in onze scholengemeenschap.",
      "seen:needs-question": "1",
      "a:needs-question":
        "Hoe maak ik van klasbezoeken een vast en veilig onderdeel van hoe we samen leren, in plaats van iets wat leraren als controle ervaren?",
    },
  },
  raters: {
    invited: { days: 39, hour: 12, minute: 30 } satisfies When,
    emails: [
      "sara.deprez@deregenboog.test",
      "tom.verbeke@deregenboog.test",
      "nadia.elamrani@deregenboog.test",
      "coordinator@scholengemeenschap-gent.test",
    ],
    answered: [
      {
        when: { days: 38, hour: 16, minute: 5 } satisfies When,
        answers: rating([4, 4, 3, 3, 3, 2, 3, 3, 4, 4, 4, 3, 3, 3, 2, 0, 4, 3, 4, 3]),
      },
      {
        when: { days: 37, hour: 20, minute: 40 } satisfies When,
        answers: rating([5, 4, 4, 4, 2, 3, 2, 3, 4, 3, 4, 2, 3, 4, 3, 3, 4, 4, 4, 0]),
      },
      {
        when: { days: 36, hour: 7, minute: 55 } satisfies When,
        answers: rating([4, 3, 4, 3, 3, 2, 3, 4, 3, 4, 3, 2, 4, 3, 3, 3, 5, 4, 4, 3]),
      },
      {
        when: { days: 33, hour: 13, minute: 15 } satisfies When,
        answers: rating([4, 4, 3, 4, 2, 3, 3, 3, 4, 4, 3, 3, 3, 3, 3, 0, 4, 3, 4, 3]),
      },
    ],
  },
  esa: {
    started: { days: 1, hour: 21, minute: 0 } satisfies When,
    /** Halfway: the first ten statements. */
    answers: points([4, 4, 4, 4, 3, 4, 3, 4, 4, 4]),
  },
};
