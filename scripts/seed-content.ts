// What the demo groups have lived through (scripts/seed.ts writes it through the services).
// Members are named by their place in the group: 0 is the coach, 1..6 the school leaders in the
// order of scripts/seed.ts's people. Times are days (and hours) before the seed runs.

import type { Block } from "../models/collab/blocks";

export type { Block };

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

// ---- Action plans, group goals, the coach's room (issue 14 items 5-7; decisions 037, 038) ------

export interface SeedCheckIn extends When {
  rating: number;
  note: string;
  /** Asked the peers for feedback (the question is shared), and what they answered. */
  feedback?: (When & { by: Who; text: string })[];
}
export interface SeedQuestion {
  text: string;
  bsaSectionId?: string;
  shared: boolean;
  actions: { text: string; inDays: number | null; done: boolean }[];
  evidence: { text: string; url?: string }[];
  checkIns: SeedCheckIn[];
}
export interface SeedPlans {
  plans: (When & { leader: Who; questions: SeedQuestion[] })[];
  /** Shared goals: proposed by `by`; agreed by `agreedBy` (every leader and the coach: fixed). */
  goals: (When & { by: Who; title: string; criteria: string[]; agreedBy: Who[] })[];
  coachNotes: (When & { about: Who; text: string })[];
}

const everyone = [0, 1, 2, 3, 4, 5, 6];

export const plansByGroup: SeedPlans[] = [
  // Leergroep Gent
  {
    plans: [
      {
        leader: 1,
        days: 40,
        hour: 20,
        questions: [
          {
            text: "Hoe geef ik mijn team feedback die echt landt, ook als het moeilijk is?",
            bsaSectionId: "learning",
            shared: true,
            actions: [
              { text: "Twee klasbezoeken per maand met een kort nagesprek", inDays: -20, done: true },
              { text: "Het feedbackmodel uit contactdag 3 voorstellen op de personeelsvergadering", inDays: 10, done: false },
            ],
            evidence: [{ text: "Verslag van het nagesprek met de leerkrachten van het vierde leerjaar" }],
            checkIns: [
              { days: 35, hour: 21, rating: 2, note: "Eerste klasbezoeken gedaan. Ik merk dat ik te snel advies geef." },
              {
                days: 12,
                hour: 20,
                rating: 3,
                note: "Ik stel nu eerst vragen. Twee collega's vroegen zelf om een tweede bezoek.",
                feedback: [
                  { by: 3, days: 11, hour: 19, text: "Mooi dat ze er zelf om vragen. Hoe heb je dat eerste gesprek geopend?" },
                  { by: 0, days: 10, hour: 8, text: "Sterke stap. Neem dit mee naar ons coachingsgesprek." },
                ],
              },
            ],
          },
          {
            text: "Hoe verdeel ik het leiderschap met mijn middenkader zonder de grip te verliezen?",
            bsaSectionId: "team",
            shared: false,
            actions: [{ text: "Taakverdeling met de zorgcoördinator op papier zetten", inDays: 5, done: false }],
            evidence: [],
            checkIns: [{ days: 20, hour: 21, rating: 2, note: "Ik houd nog te veel zelf vast, vooral bij oudergesprekken." }],
          },
        ],
      },
      {
        leader: 2,
        days: 38,
        hour: 19,
        questions: [
          {
            text: "Hoe betrek ik ouders met weinig schoolervaring bij het leren van hun kind?",
            shared: true,
            actions: [{ text: "Een koffiemoment na schooltijd in de eerste graad", inDays: -7, done: true }],
            evidence: [{ text: "Aanwezigheidslijst koffiemoment: 14 ouders" }],
            checkIns: [{ days: 6, hour: 20, rating: 3, note: "Meer ouders dan verwacht. Volgende keer met een tolk." }],
          },
          {
            text: "Hoe houd ik mijn eigen werkdruk haalbaar in een schooljaar met een verbouwing?",
            shared: false,
            actions: [{ text: "Elke vrijdagnamiddag een uur zonder afspraken", inDays: null, done: false }],
            evidence: [],
            checkIns: [{ days: 15, hour: 22, rating: 2, note: "Lukt nog niet: het uur wordt telkens opgeslokt." }],
          },
        ],
      },
      {
        leader: 4,
        days: 30,
        hour: 20,
        questions: [
          {
            text: "Hoe voer ik een functioneringsgesprek dat over groei gaat en niet over controle?",
            shared: false,
            actions: [{ text: "Gespreksleidraad herschrijven met open vragen", inDays: 14, done: false }],
            evidence: [],
            checkIns: [],
          },
        ],
      },
    ],
    goals: [
      {
        by: 1,
        days: 41,
        hour: 10,
        title: "Elke school bouwt dit schooljaar aan een feedbackcultuur",
        criteria: [
          "Elk lid voert minstens vier klasbezoeken uit met een nagesprek",
          "We bespreken op elke contactdag één ervaring met feedback",
          "In juni beschrijft elk lid één verandering in zijn team",
        ],
        agreedBy: everyone,
      },
      {
        by: 0,
        days: 9,
        hour: 9,
        title: "We bezoeken elkaars school minstens één keer",
        criteria: ["Elk lid ontvangt één collega voor een schoolbezoek", "Na elk bezoek deelt de bezoeker één vraag in de groep"],
        agreedBy: [0, 2, 3, 5],
      },
    ],
    coachNotes: [
      { about: 1, days: 33, hour: 17, text: "An wil minder snel oplossingen aanreiken. Volgende keer: oefenen met doorvragen." },
      {
        about: 2,
        days: 25,
        hour: 17,
        text: "Bart zit krap in tijd door de verbouwing. Werkdruk bespreken in het tweede coachingsgesprek.",
      },
      { about: 4, days: 14, hour: 16, text: "Dirk heeft nog geen check-in gedaan. Even polsen of de leervraag nog klopt." },
    ],
  },
  // Leergroep Antwerpen
  {
    plans: [
      {
        leader: 1,
        days: 36,
        hour: 20,
        questions: [
          {
            text: "Hoe krijg ik het nieuwe leesbeleid gedragen door het hele team?",
            bsaSectionId: "learning",
            shared: true,
            actions: [
              { text: "Werkgroep lezen samenstellen met een leerkracht per graad", inDays: -14, done: true },
              { text: "Eerste evaluatie met de werkgroep", inDays: 8, done: false },
            ],
            evidence: [{ text: "Planning van de werkgroep", url: "https://example.org/leesbeleid-planning" }],
            checkIns: [
              { days: 28, hour: 21, rating: 2, note: "Weerstand bij twee ervaren collega's." },
              { days: 5, hour: 20, rating: 3, note: "Eén van hen trekt nu mee de werkgroep. Dat helpt." },
            ],
          },
        ],
      },
      {
        leader: 3,
        days: 34,
        hour: 19,
        questions: [
          {
            text: "Hoe begeleid ik startende leerkrachten zodat ze blijven?",
            shared: false,
            actions: [{ text: "Maandelijks intervisiemoment voor starters", inDays: 3, done: false }],
            evidence: [],
            checkIns: [{ days: 10, hour: 20, rating: 3, note: "Eerste moment gehad, goede sfeer." }],
          },
        ],
      },
    ],
    goals: [
      {
        by: 2,
        days: 30,
        hour: 11,
        title: "Samen een onthaalbeleid voor nieuwe leerkrachten",
        criteria: ["Elk lid deelt zijn huidige onthaalbeleid", "We schrijven samen een gedeelde kijkwijzer"],
        agreedBy: everyone,
      },
    ],
    coachNotes: [{ about: 1, days: 27, hour: 17, text: "Greet twijfelt of ze de werkgroep zelf moet voorzitten. Bespreken." }],
  },
];

// ---- Meetings (issue 14 item 2): agenda, minutes, attendance, assignments ---------------------

/** A meeting of a group, `inDays` from the seed run (negative: past), written through the services. */
export interface SeedMeeting {
  inDays: number;
  kind: "contact_day" | "network_moment";
  title: string;
  place: string;
  onlineUrl?: string;
  /** Hours in Brussels time. */
  start: string;
  end: string;
  /** A leader the coach names to chair it (else the coach chairs). */
  chair?: Who;
  /** Items in order; a link names a case or thread of the group by its title. */
  agenda: { by: Who; title: string; case?: string; thread?: string }[];
  /** Written by the scribe right after a past meeting: the minutes document. */
  minutes?: { by: Who; blocks: Block[] };
  attendance?: { present: Who[]; excused: Who[]; absent: Who[] };
  /** Given at the meeting; due `dueInDays` from the seed run; answers `daysAfter` the meeting. */
  assignments?: {
    title: string;
    description: string;
    dueInDays: number;
    responses: { by: Who; daysAfter: number; text: string; done: boolean }[];
  }[];
}

export const meetings: SeedMeeting[][] = [
  // Leergroep Gent: contact day 3 was three weeks ago, contact day 4 is next week.
  [
    {
      inDays: -22,
      kind: "contact_day",
      title: "Contactdag 3: leervragen en een eerste intervisie",
      place: "Vergaderzaal scholengroep, Kortrijksesteenweg 14, Gent",
      start: "09:00",
      end: "16:00",
      agenda: [
        { by: 0, title: "Welkom en terugblik op contactdag 2" },
        { by: 0, title: "Prioritaire leervragen uit de beginsituatieanalyse", thread: "Contactdag 3: afspraken en voorbereiding" },
        { by: 0, title: "Intervisie volgens de incidentmethode" },
        { by: 3, title: "Overgang eerste naar tweede graad: hoe pakken jullie de oriëntering aan?" },
        { by: 0, title: "Afspraken voor contactdag 4" },
      ],
      attendance: { present: [1, 2, 3, 4, 6], excused: [5], absent: [] },
      minutes: {
        by: 4,
        blocks: [
          { h: "Aanwezig" },
          { p: "An, Bart, Charlotte, Dirk, Frank en Koen (coach). Els was verontschuldigd (inspectiebezoek op school)." },
          { h: "Prioritaire leervragen" },
          {
            ul: [
              "Iedereen formuleerde twee leervragen uit de beginsituatieanalyse en lichtte ze in duo's toe.",
              "Drie van ons kiezen voor 'gesprekken over kwaliteit met ervaren leerkrachten'; daar bouwen we contactdag 4 rond.",
              "Charlotte en Frank werken aan het delen van leiderschap met hun middenkader.",
            ],
          },
          { h: "Intervisie" },
          {
            p: "Charlotte bracht een situatie in over de oriëntering na de eerste graad. Na de informatieve vragen gaf elk van ons in één beurt aan hoe hij of zij zou handelen. Charlotte neemt mee: eerst met de klassenraad de criteria expliciet maken, pas dan met ouders spreken.",
          },
          { h: "Afspraken" },
          {
            ul: [
              "Bart brengt op contactdag 4 zijn casus in (conflict in een vakgroep), anoniem.",
              "Opdracht voor iedereen: observeer een teamvergadering (zie de opdracht bij deze bijeenkomst).",
              "Volgende keer starten we om 9u stipt: de koffie staat er vanaf 8u30.",
            ],
          },
        ],
      },
      assignments: [
        {
          title: "Observeer een teamvergadering",
          description:
            "Vraag een collega om een teamvergadering voor te zitten en observeer zelf: wie neemt het woord, wie zwijgt, wanneer valt er een beslissing? Noteer drie dingen die je opvallen en één vraag die je aan de groep wilt stellen.",
          dueInDays: 7,
          responses: [
            {
              by: 1,
              daysAfter: 8,
              text: "Gedaan op maandag. Opvallend: de drie jongste collega's zeiden niets tot ik de tafel rondging. Mijn vraag aan jullie: hoe doorbreek je dat zonder het te forceren?",
              done: true,
            },
            {
              by: 4,
              daysAfter: 12,
              text: "Mijn adjunct zat voor. Er werd veel gepraat over roosters en weinig over leren. Ik breng dat mee naar de volgende keer.",
              done: true,
            },
            { by: 3, daysAfter: 15, text: "Gepland voor donderdag, dan vertel ik meer.", done: false },
          ],
        },
        {
          title: "Lees het artikel over professionele leergemeenschappen",
          description: "Het artikel staat bij de documenten. Noteer één idee dat je op je eigen school wilt proberen.",
          dueInDays: 7,
          responses: [
            {
              by: 6,
              daysAfter: 5,
              text: "Het idee van 'gedeelde verantwoordelijkheid voor het leren van alle leerlingen' spreekt me aan. Ik probeer het met de coördinatoren van het volwassenenonderwijs.",
              done: true,
            },
          ],
        },
      ],
    },
    {
      inDays: 9,
      kind: "contact_day",
      title: "Contactdag 4: gesprekken over kwaliteit",
      place: "Vergaderzaal scholengroep, Kortrijksesteenweg 14, Gent",
      start: "09:00",
      end: "16:00",
      chair: 1,
      agenda: [
        { by: 1, title: "Terugblik op de observatieopdracht" },
        { by: 2, title: "Intervisie: conflict in de vakgroep", case: "Conflict in de vakgroep wiskunde" },
        { by: 4, title: "De nieuwe evaluatiecyclus: ervaringen delen", thread: "Nieuwe evaluatiecyclus: wie heeft al ervaring?" },
        { by: 0, title: "Vooruitblik op het netwerkmoment" },
      ],
    },
  ],
  // Leergroep Antwerpen: contact day 3 was two weeks ago, contact day 4 is online in twelve days.
  [
    {
      inDays: -15,
      kind: "contact_day",
      title: "Contactdag 3",
      place: "Vrije Basisschool Sint-Jozef, Berchem (refter)",
      start: "09:00",
      end: "16:00",
      chair: 1,
      agenda: [
        { by: 1, title: "Check-in: wat is er sinds de vorige keer veranderd op school?" },
        { by: 0, title: "Breakouts voor het netwerkmoment kiezen", thread: "Netwerkmoment in maart: welke breakout kiezen we?" },
        { by: 2, title: "Co-teaching in de eerste graad", case: "Weerstand tegen co-teaching in de eerste graad" },
        { by: 0, title: "Leervragen in duo's bespreken" },
      ],
      attendance: { present: [1, 3, 4, 5, 6], excused: [], absent: [2] },
      minutes: {
        by: 3,
        blocks: [
          { h: "Check-in" },
          {
            p: "Greet zat voor. Iedereen vertelde kort wat er veranderd is. Het lerarentekort komt bij bijna iedereen terug; Jan heeft sinds januari twee vacatures die niet ingevuld raken.",
          },
          { h: "Netwerkmoment" },
          { p: "Karen gaat naar de breakout voor starters, de anderen kiezen het thema lerarentekort." },
          { h: "Co-teaching" },
          {
            p: "Hans was er niet; we hebben zijn casus verschoven naar contactdag 4. Wel alvast verzameld wat bij anderen werkte: starten met vrijwilligers, en co-teaching eerst in één vak proberen.",
          },
        ],
      },
      assignments: [
        {
          title: "Bereid een planningsgesprek voor",
          description:
            "Kies een collega met wie je binnenkort een planningsgesprek hebt. Schrijf op hoe je het gesprek opent en welke vraag je stelt om het over zijn of haar eigen doelen te laten gaan.",
          dueInDays: 10,
          responses: [
            {
              by: 4,
              daysAfter: 6,
              text: "Ik open met: 'Waar ben je dit jaar trots op in je klas?' en vraag daarna wat die collega volgend jaar anders wil doen. Het gesprek is volgende week.",
              done: true,
            },
            { by: 3, daysAfter: 9, text: "Eerste versie klaar, ik wil ze nog bespreken met mijn adjunct.", done: false },
          ],
        },
      ],
    },
    {
      inDays: 12,
      kind: "contact_day",
      title: "Contactdag 4 (online)",
      place: "",
      onlineUrl: "https://meet.jit.si/leergroep-antwerpen-contactdag-4",
      start: "13:00",
      end: "16:30",
      agenda: [
        { by: 2, title: "Intervisie: weerstand tegen co-teaching", case: "Weerstand tegen co-teaching in de eerste graad" },
        { by: 0, title: "Terugblik op het netwerkmoment" },
      ],
    },
  ],
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

// ---- Intervision rounds (issue 13 item 6, decision 044): two finished, one in silent writing -----

/** One contribution (`id`: its client id, for the inbrenger's marks) written in the phase it is listed under. */
export interface SeedContribution {
  id: string;
  by: Who;
  text: string;
  kind?: "notes" | "questions" | "problem_formulations" | "positions" | "advice_cards" | "action_points" | "insights";
  /** An action point's date, in days from the seed run. */
  dueInDays?: number;
}
/** What happens in one phase (by its id), in order: contributions, the reveal, the inbrenger's marks, who is done. */
export interface SeedPhase {
  phase: string;
  write?: SeedContribution[];
  reveal?: boolean;
  done?: Who[];
  rate?: [string, "++" | "+" | "-"][];
  order?: string[];
  pick?: string;
  take?: string[];
}
export interface SeedRound extends When {
  protocol: "incident" | "consultancy";
  inbrenger: Who;
  chair: Who;
  scribe?: Who;
  /** In seat order; the inbrenger and the chair among them. */
  members: Who[];
  caseQuestion: string;
  whatIDid?: string;
  phases: SeedPhase[];
  /** Written by the scribe in the round's notes document. */
  notes?: { by: Who; blocks: Block[] };
  finish: boolean;
  checks?: { by: Who; safety: number; usefulness: number; line: string }[];
}

export const rounds: SeedRound[][] = [
  // Leergroep Gent
  [
    {
      days: 21,
      hour: 13,
      protocol: "incident",
      inbrenger: 1,
      chair: 0,
      scribe: 4,
      members: [1, 0, 2, 3, 4, 5],
      caseQuestion:
        "Hoe spreek ik een ervaren leerkracht van het vijfde leerjaar aan die al weken te laat in de klas staat, zonder dat ons goede contact verloren gaat?",
      whatIDid:
        "Ik heb het in de personeelsvergadering algemeen benoemd ('we starten allemaal om 8u25 in de klas') en gehoopt dat ze zich aangesproken zou voelen. Daarna heb ik niets meer gezegd.",
      phases: [
        {
          phase: "look-back",
          write: [{ id: "seed-r1-n1", by: 4, kind: "notes", text: "Geen vorige adviezen: dit is de eerste ronde van de groep." }],
        },
        { phase: "choose", write: [] },
        {
          phase: "sketch",
          write: [
            {
              id: "seed-r1-n2",
              by: 4,
              kind: "notes",
              text: "Leerkracht met 25 jaar ervaring, sterk bij ouders. Sinds de herfstvakantie staat ze drie à vier keer per week pas om 8u35 in de klas; de kinderen wachten op de speelplaats. Een collega klaagde erover bij An.",
            },
          ],
        },
        {
          phase: "write-questions",
          write: [
            { id: "seed-r1-q1", by: 2, kind: "questions", text: "Weet je of er thuis iets veranderd is sinds de herfstvakantie?" },
            { id: "seed-r1-q2", by: 3, kind: "questions", text: "Wat gebeurt er concreet met de klas in die tien minuten?" },
            { id: "seed-r1-q3", by: 5, kind: "questions", text: "Heb je haar al eens alleen gesproken, los van de personeelsvergadering?" },
            { id: "seed-r1-q4", by: 2, kind: "questions", text: "Wat maakt het voor jou moeilijk om dit rechtstreeks te zeggen?" },
          ],
          done: [2, 3, 5],
          reveal: true,
        },
        {
          phase: "information",
          rate: [
            ["seed-r1-q3", "++"],
            ["seed-r1-q4", "++"],
            ["seed-r1-q1", "+"],
            ["seed-r1-q2", "-"],
          ],
          order: ["seed-r1-q3", "seed-r1-q4", "seed-r1-q1", "seed-r1-q2"],
          write: [
            {
              id: "seed-r1-n3",
              by: 4,
              kind: "notes",
              text: "Nee, nog niet alleen gesproken. An vreest dat ze het persoonlijk neemt: ze was An's mentor toen An startte op deze school.",
            },
          ],
        },
        {
          phase: "analysis",
          write: [{ id: "seed-r1-n4", by: 4, kind: "notes", text: "Kern: loyaliteit aan een oud-mentor botst met de rol van directeur." }],
        },
        {
          phase: "write-positions",
          write: [
            {
              id: "seed-r1-p1",
              by: 2,
              kind: "positions",
              text: "Plan deze week een kort gesprek onder vier ogen en begin met wat je ziet: de kinderen die wachten.",
            },
            {
              id: "seed-r1-p2",
              by: 3,
              kind: "positions",
              text: "Vraag eerst hoe het met haar gaat; het te laat komen is misschien een signaal.",
            },
            {
              id: "seed-r1-p3",
              by: 5,
              kind: "positions",
              text: "Een algemene oproep in de personeelsvergadering werkt niet: wie bedoeld is, voelt zich zelden aangesproken.",
            },
            {
              id: "seed-r1-p4",
              by: 5,
              kind: "positions",
              text: "Benoem je eigen ongemak: 'ik vind dit lastig omdat jij mijn mentor was'.",
            },
          ],
          done: [2, 3, 5],
          reveal: true,
        },
        { phase: "read-positions" },
        {
          phase: "what-i-did",
          write: [{ id: "seed-r1-n5", by: 4, kind: "notes", text: "An vertelt over de algemene oproep; de groep herkent het uitstellen." }],
        },
        {
          phase: "closing",
          take: ["seed-r1-p1", "seed-r1-p2", "seed-r1-p4"],
          write: [
            { id: "seed-r1-i1", by: 4, kind: "insights", text: "Uitstellen voelt veilig, maar laat de collega die klaagde in de steek." },
            {
              id: "seed-r1-a1",
              by: 1,
              kind: "action_points",
              text: "Gesprek onder vier ogen met de leerkracht van het vijfde leerjaar",
              dueInDays: -14,
            },
            {
              id: "seed-r1-a2",
              by: 1,
              kind: "action_points",
              text: "Afspraak over de start om 8u25 op papier en samen evalueren",
              dueInDays: 7,
            },
          ],
        },
        { phase: "evaluation" },
      ],
      notes: {
        by: 4,
        blocks: [
          { h: "Aantekeningen incidentmethode" },
          { p: "An brengt een casus in over een ervaren leerkracht die te laat in de klas staat." },
          { ul: ["Loyaliteit aan een oud-mentor", "De klagende collega wacht op een reactie", "Eerst vragen hoe het gaat"] },
        ],
      },
      finish: true,
      checks: [
        { by: 1, safety: 5, usefulness: 5, line: "Eindelijk durf ik het gesprek aan." },
        { by: 0, safety: 4, usefulness: 4, line: "Goede vragen, de tijd liep wat uit." },
        { by: 2, safety: 5, usefulness: 4, line: "Herkenbaar." },
        { by: 3, safety: 4, usefulness: 4, line: "" },
        { by: 4, safety: 5, usefulness: 3, line: "Notuleren en meedenken tegelijk is veel." },
        { by: 5, safety: 4, usefulness: 5, line: "Ik neem zelf ook iets mee." },
      ],
    },
    {
      days: 7,
      hour: 14,
      protocol: "consultancy",
      inbrenger: 5,
      chair: 2,
      scribe: 6,
      members: [5, 2, 1, 3, 4, 6],
      caseQuestion:
        "Hoe krijg ik het team mee in de overstap naar co-teaching in de eerste graad, nu twee leerkrachten openlijk zeggen dat ze 'liever alleen voor hun klas staan'?",
      phases: [
        {
          phase: "overview",
          write: [
            {
              id: "seed-r2-n1",
              by: 6,
              kind: "notes",
              text: "Els leidt een basisschool met 14 klassen. Het schoolbestuur wil co-teaching in het eerste en tweede leerjaar vanaf september. Twee ervaren leerkrachten zijn tegen.",
            },
          ],
        },
        {
          phase: "clarifying",
          write: [
            { id: "seed-r2-q1", by: 6, kind: "questions", text: "Wie heeft de keuze voor co-teaching gemaakt: het bestuur of het team?" },
            { id: "seed-r2-q2", by: 6, kind: "questions", text: "Hoeveel uur overleg is er per week voor de duo's?" },
          ],
        },
        {
          phase: "probing",
          rate: [
            ["seed-r2-q3", "++"],
            ["seed-r2-q4", "+"],
          ],
          write: [
            { id: "seed-r2-q3", by: 6, kind: "questions", text: "Wat zou er voor jou goed genoeg zijn in september?" },
            {
              id: "seed-r2-q4",
              by: 6,
              kind: "questions",
              text: "Wat weten de twee leerkrachten al over hoe co-teaching er bij jullie uit zou zien?",
            },
            {
              id: "seed-r2-f1",
              by: 6,
              kind: "problem_formulations",
              text: "Ik wil een verandering die van bovenaf komt tot iets van het team maken.",
            },
            {
              id: "seed-r2-f2",
              by: 6,
              kind: "problem_formulations",
              text: "Ik wil de twee tegenstanders niet verliezen als sterke leerkrachten.",
            },
          ],
        },
        {
          phase: "discussion",
          write: [
            { id: "seed-r2-c1", by: 6, kind: "notes", text: "Bart: start met één vrijwillig duo en laat het team gaan kijken." },
            {
              id: "seed-r2-c2",
              by: 6,
              kind: "notes",
              text: "Charlotte: maak samen met de twee leerkrachten de afspraken over taakverdeling.",
            },
          ],
        },
        {
          phase: "response",
          pick: "seed-r2-f1",
          write: [
            {
              id: "seed-r2-a1",
              by: 5,
              kind: "action_points",
              text: "Een vrijwillig duo zoeken dat in het voorjaar een proefperiode van vier weken draait",
              dueInDays: 21,
            },
            {
              id: "seed-r2-a2",
              by: 5,
              kind: "action_points",
              text: "Met de twee leerkrachten apart in gesprek over wat zij nodig hebben",
              dueInDays: 10,
            },
          ],
        },
        { phase: "debrief" },
      ],
      notes: {
        by: 6,
        blocks: [{ h: "Aantekeningen consultancy" }, { p: "Els: co-teaching in de eerste graad, weerstand bij twee leerkrachten." }],
      },
      finish: true,
      checks: [
        { by: 5, safety: 5, usefulness: 4, line: "Fijn om mijn vraag scherper te krijgen." },
        { by: 2, safety: 4, usefulness: 4, line: "" },
        { by: 1, safety: 5, usefulness: 4, line: "Het proefduo is een goed idee." },
      ],
    },
    {
      days: 0,
      hour: 9,
      protocol: "incident",
      inbrenger: 6,
      chair: 1,
      members: [6, 1, 0, 2, 3, 4],
      caseQuestion: "Hoe reageer ik op een ouder die op sociale media een leerkracht van onze school met naam bekritiseert?",
      whatIDid: "Ik heb de ouder gebeld en gevraagd het bericht te verwijderen; dat deed ze, maar ze is nu boos op mij.",
      phases: [
        { phase: "look-back" },
        { phase: "choose" },
        { phase: "sketch" },
        {
          phase: "write-questions",
          write: [
            { id: "seed-r3-q1", by: 2, kind: "questions", text: "Wat stond er precies in het bericht?" },
            { id: "seed-r3-q2", by: 3, kind: "questions", text: "Hoe heeft de leerkracht zelf gereageerd?" },
          ],
          done: [2],
        },
      ],
      finish: false,
    },
  ],
  // Leergroep Antwerpen: no rounds yet
  [],
];
