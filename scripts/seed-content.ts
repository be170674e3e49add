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
  charterDraft?: When & { by: Who; text: string };
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
// The demo trajectory is in its second school year (issue 14, demo data; decision 050): what
// happened in the first year is dated from the trajectory's start, `s` days before the seed runs
// (at least a year); what happened in the last weeks stays dated in days before now.

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
  /** Oldest first, spread over the year, the self-rating rising as the leader gets on. */
  checkIns: SeedCheckIn[];
}
export interface SeedPlans {
  plans: (When & { leader: Who; questions: SeedQuestion[] })[];
  /** Shared goals: proposed by `by`; agreed by `agreedBy` (every leader and the coach: fixed). */
  goals: (When & { by: Who; title: string; criteria: string[]; agreedBy: Who[] })[];
  coachNotes: (When & { about: Who; text: string })[];
}

const everyone = [0, 1, 2, 3, 4, 5, 6];

/** The groups' plans, goals and notes; `s`: days since the trajectory started (365 or more). */
export const plansByGroup = (s: number): SeedPlans[] => [
  // Leergroep Gent
  {
    plans: [
      {
        leader: 1,
        days: s - 40,
        hour: 20,
        questions: [
          {
            text: "Hoe geef ik mijn team feedback die echt landt, ook als het moeilijk is?",
            bsaSectionId: "learning",
            shared: true,
            actions: [
              { text: "Twee klasbezoeken per maand met een kort nagesprek", inDays: -20, done: true },
              { text: "Het feedbackmodel van de contactdag voorstellen op de personeelsvergadering", inDays: 10, done: false },
            ],
            evidence: [
              { text: "Verslag van het nagesprek met de leerkrachten van het vierde leerjaar" },
              { text: "Kijkwijzer klasbezoek, samen met de leerkrachten herwerkt in het voorjaar" },
            ],
            checkIns: [
              {
                days: s - 55,
                hour: 21,
                rating: 1,
                note: "Eerste klasbezoek gedaan. Het nagesprek werd een preek: ik praatte 80% van de tijd.",
              },
              {
                days: s - 110,
                hour: 20,
                rating: 2,
                note: "Ik bereid nu drie vragen voor. Het lukt nog niet altijd om mijn advies in te slikken.",
              },
              {
                days: s - 190,
                hour: 21,
                rating: 2,
                note: "Moeilijk gesprek met een ervaren leerkracht die zich gecontroleerd voelde. Ik heb het bezoek uitgesteld in plaats van het uit te praten.",
              },
              {
                days: s - 260,
                hour: 20,
                rating: 3,
                note: "Na het rollenspel op de contactdag het gesprek alsnog gevoerd. Het ging beter dan gevreesd.",
              },
              {
                days: 35,
                hour: 21,
                rating: 3,
                note: "Nieuw schooljaar: de klasbezoeken staan nu in de jaarplanning, niemand schrok ervan.",
              },
              {
                days: 12,
                hour: 20,
                rating: 4,
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
            actions: [
              { text: "Taakverdeling met de zorgcoördinator op papier zetten", inDays: 5, done: false },
              { text: "De zorgcoördinator zit het zorgoverleg voor, ik schuif aan als lid", inDays: -90, done: true },
            ],
            evidence: [],
            checkIns: [
              { days: s - 70, hour: 21, rating: 1, note: "Ik zit bij elk oudergesprek. Mijn agenda is vol en het zorgteam wacht op mij." },
              { days: s - 200, hour: 22, rating: 2, note: "Het zorgoverleg loopt ook zonder mij. Dat was even slikken." },
              { days: 20, hour: 21, rating: 2, note: "Ik houd nog te veel zelf vast, vooral bij oudergesprekken." },
            ],
          },
        ],
      },
      {
        leader: 2,
        days: s - 38,
        hour: 19,
        questions: [
          {
            text: "Hoe betrek ik ouders met weinig schoolervaring bij het leren van hun kind?",
            shared: true,
            actions: [
              { text: "Een koffiemoment na schooltijd in de eerste graad", inDays: -7, done: true },
              { text: "Het rapport samen met een tolk toelichten bij de oudercontacten", inDays: -150, done: true },
            ],
            evidence: [{ text: "Aanwezigheidslijst koffiemoment: 14 ouders" }],
            checkIns: [
              {
                days: s - 120,
                hour: 20,
                rating: 1,
                note: "Op het oudercontact kwam een derde van de ouders van de eerste graad. Altijd dezelfde.",
              },
              { days: s - 230, hour: 21, rating: 2, note: "Met een tolk erbij kwamen vier gezinnen die we nooit eerder zagen." },
              { days: 6, hour: 20, rating: 3, note: "Meer ouders dan verwacht op het koffiemoment. Volgende keer opnieuw met een tolk." },
            ],
          },
          {
            text: "Hoe houd ik mijn eigen werkdruk haalbaar in een schooljaar met een verbouwing?",
            shared: false,
            actions: [{ text: "Elke vrijdagnamiddag een uur zonder afspraken", inDays: null, done: false }],
            evidence: [],
            checkIns: [
              { days: s - 80, hour: 22, rating: 1, note: "Drie avonden per week tot negen uur op school. Zo houd ik het geen jaar vol." },
              {
                days: s - 210,
                hour: 22,
                rating: 2,
                note: "De aannemer overleggen nu via de preventieadviseur. Dat scheelt een avond per week.",
              },
              { days: 15, hour: 22, rating: 2, note: "Het vrije uur op vrijdag lukt nog niet: het wordt telkens opgeslokt." },
            ],
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
        days: s - 18,
        hour: 16,
        minute: 30,
        title: "Elke school bouwt aan een feedbackcultuur",
        criteria: [
          "Elk lid voert elk schooljaar minstens vier klasbezoeken uit met een nagesprek",
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
      {
        about: 1,
        days: s - 60,
        hour: 17,
        text: "Eerste coachingsgesprek met An: sterk in visie, geeft snel oplossingen. Doorvragen oefenen.",
      },
      {
        about: 5,
        days: s - 150,
        hour: 17,
        text: "Els worstelt met de overstap van leerkracht naar directeur in dezelfde school. Rolverwarring bespreken.",
      },
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
        days: s - 36,
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
              {
                days: s - 75,
                hour: 21,
                rating: 1,
                note: "Het leesbeleid ligt er, maar het is mijn plan. Niemand vroeg ernaar op de personeelsvergadering.",
              },
              {
                days: s - 180,
                hour: 20,
                rating: 2,
                note: "Twee kleuterjuffen lezen nu elke dag voor in de lagere school. Dat werkt aanstekelijk.",
              },
              {
                days: 28,
                hour: 21,
                rating: 3,
                note: "Weerstand bij twee ervaren collega's, maar ze zeggen het nu in de werkgroep en niet meer op de gang.",
              },
              { days: 5, hour: 20, rating: 4, note: "Eén van hen trekt nu mee de werkgroep. Dat helpt." },
            ],
          },
        ],
      },
      {
        leader: 3,
        days: s - 34,
        hour: 19,
        questions: [
          {
            text: "Hoe begeleid ik startende leerkrachten zodat ze blijven?",
            shared: false,
            actions: [{ text: "Maandelijks intervisiemoment voor starters", inDays: 3, done: false }],
            evidence: [],
            checkIns: [
              { days: s - 130, hour: 20, rating: 2, note: "Twee van de vier starters denken aan stoppen. De mentor heeft geen uren." },
              {
                days: s - 250,
                hour: 21,
                rating: 2,
                note: "Eén starter vertrekt in juni. Met de andere drie een gesprek over volgend jaar gehad.",
              },
              { days: 10, hour: 20, rating: 3, note: "Eerste intervisiemoment voor starters gehad, goede sfeer." },
            ],
          },
        ],
      },
    ],
    goals: [
      {
        by: 2,
        days: s - 19,
        hour: 16,
        title: "Samen een onthaalbeleid voor nieuwe leerkrachten",
        criteria: ["Elk lid deelt zijn huidige onthaalbeleid", "We schrijven samen een gedeelde kijkwijzer"],
        agreedBy: everyone,
      },
    ],
    coachNotes: [
      { about: 4, days: s - 100, hour: 17, text: "Jan: twee vacatures, geen kandidaten. Veel frustratie richting het bestuur." },
      { about: 1, days: 27, hour: 17, text: "Greet twijfelt of ze de werkgroep zelf moet voorzitten. Bespreken." },
    ],
  },
];

// ---- Meetings (issue 14 item 2): agenda, minutes, attendance, assignments ---------------------

/** What happened at one of a group's meetings (dated by the rhythm's plan), written through the services. */
export interface SeedMeeting {
  /** A leader the coach names to chair it (else the coach chairs). */
  chair?: Who;
  /** Items in order; a link names a case or thread of the group by its title (left out if it did not exist yet). */
  agenda: { by: Who; title: string; case?: string; thread?: string }[];
  /** Written by the scribe right after the meeting: the minutes document. */
  minutes?: { by: Who; blocks: Block[] };
  attendance?: { present: Who[]; excused: Who[]; absent: Who[] };
  /** Given at the meeting, due `dueAfter` days after it; answers `daysAfter` the meeting. */
  assignments?: {
    title: string;
    description: string;
    dueAfter: number;
    responses: { by: Who; daysAfter: number; text: string; done: boolean }[];
  }[];
  /** The group's progress note on its goal (by place in the group's goals) for this meeting. */
  progress?: { goal: number; by: Who; text: string }[];
}

export interface SeedMeetings {
  /** Where the contact days are (the coach sets it on the generated plan); the next one may be online. */
  place: string;
  /** Contact days from the first one on, in order; those after them up to the last one held get attendance only. */
  history: SeedMeeting[];
  /** The last contact day held. */
  recent: SeedMeeting;
  /** The next contact day, and its online link if it is held online. */
  next: SeedMeeting & { onlineUrl?: string };
}

const m = (minutes: Who, decisions: string[], agreements: string[], intro?: string): SeedMeeting["minutes"] => ({
  by: minutes,
  blocks: [...(intro ? [{ p: intro }] : []), { h: "Besluiten" }, { ul: decisions }, { h: "Afspraken" }, { ul: agreements }],
});

export const meetings: SeedMeetings[] = [
  // Leergroep Gent
  {
    place: "Vergaderzaal scholengroep, Kortrijksesteenweg 14, Gent",
    history: [
      {
        agenda: [
          { by: 0, title: "Kennismaking: wie ben je als schoolleider?" },
          { by: 0, title: "Het groepscharter: hoe willen we samen leren?" },
          { by: 0, title: "Uitleg bij de beginsituatieanalyse en de 360-gradenfeedback" },
        ],
        attendance: { present: [1, 2, 3, 4, 5, 6], excused: [], absent: [] },
        minutes: m(
          3,
          ["Het groepscharter is aanvaard door alle leden.", "We werken met de incidentmethode en het consultancyprotocol."],
          [
            "Iedereen vult de beginsituatieanalyse in voor half oktober.",
            "Wie 360-gradenfeedback vraagt, nodigt minstens vijf collega's uit.",
            "Koen stuurt de data van alle contactdagen rond.",
          ],
          "Eerste contactdag. In een rondje vertelde iedereen over zijn school, zijn team en wat hem 's nachts wakker houdt. Terugkerende thema's: het lerarentekort, ouders die mondiger worden, en de eenzaamheid van de functie.",
        ),
        assignments: [
          {
            title: "Vul de beginsituatieanalyse in",
            description: "Neem er een uur voor, op een rustig moment. Er zijn geen goede of foute antwoorden.",
            dueAfter: 28,
            responses: [
              { by: 1, daysAfter: 5, text: "Ingevuld. Confronterend bij 'gedeeld leiderschap'.", done: true },
              { by: 3, daysAfter: 9, text: "Klaar.", done: true },
              { by: 6, daysAfter: 20, text: "Ingevuld, en vijf collega's uitgenodigd voor de feedback.", done: true },
              { by: 2, daysAfter: 26, text: "Gelukt, op het nippertje.", done: true },
            ],
          },
        ],
      },
      {
        agenda: [
          { by: 0, title: "Terugkoppeling beginsituatieanalyse" },
          { by: 0, title: "Van analyse naar leervragen" },
          { by: 5, title: "Oefenen met de incidentmethode" },
        ],
        attendance: { present: [1, 2, 3, 5, 6], excused: [4], absent: [] },
        minutes: m(
          1,
          [
            "Elk lid kiest twee of drie prioritaire leervragen; minstens één deelt hij met de groep.",
            "De groepsdoelstelling rond feedbackcultuur blijft zoals voorgesteld.",
          ],
          ["Dirk krijgt de uitleg over de leervragen van Koen in een kort telefoongesprek.", "Els brengt de volgende keer een casus in."],
          "De scores liggen het laagst op 'gegevens gebruiken om het leren te volgen' en 'feedback in het team'. Herkenbaar voor iedereen.",
        ),
        progress: [{ goal: 0, by: 0, text: "Iedereen koos een leervraag die aansluit bij het doel. Nog geen klasbezoeken gedaan." }],
      },
      {
        chair: 3,
        agenda: [
          { by: 5, title: "Intervisie: een leerkracht die ziek thuis blijft na een klacht van ouders" },
          { by: 0, title: "Rollenspel: een slechtnieuwsgesprek voeren" },
        ],
        attendance: { present: [1, 2, 3, 4, 5, 6], excused: [], absent: [] },
        minutes: m(
          4,
          ["Klachten van ouders gaan bij alle leden eerst naar de directie, niet rechtstreeks naar de leerkracht."],
          [
            "Els neemt contact op met de preventieadviseur psychosociale aspecten.",
            "Iedereen probeert het slechtnieuwsgesprek: het nieuws in de eerste zin, dan stilte.",
          ],
          "Els bracht haar casus in. De groep stelde vooral vragen over de rol van het schoolbestuur en over wat de leerkracht zelf nodig heeft om terug te komen.",
        ),
        assignments: [
          {
            title: "Voer een gesprek volgens het model van vandaag",
            description: "Kies een moeilijk gesprek dat je toch al moest voeren. Noteer wat je anders deed en hoe de ander reageerde.",
            dueAfter: 30,
            responses: [
              {
                by: 5,
                daysAfter: 12,
                text: "Het gesprek met de ouders ging rustiger dan ik vreesde. De stilte was het moeilijkste.",
                done: true,
              },
              {
                by: 2,
                daysAfter: 20,
                text: "Een leerkracht meegedeeld dat haar tijdelijke opdracht niet verlengd wordt. Eerlijk en kort.",
                done: true,
              },
              { by: 4, daysAfter: 28, text: "Nog niet gelukt.", done: false },
            ],
          },
        ],
        progress: [{ goal: 0, by: 3, text: "Vijf leden deden hun eerste klasbezoek. Het nagesprek blijkt het moeilijkste deel." }],
      },
      {
        agenda: [
          { by: 6, title: "Personeelsplanning voor volgend schooljaar met een krimpende lestijdenpot" },
          { by: 0, title: "Consultancyprotocol: eerste keer" },
        ],
        attendance: { present: [1, 3, 4, 5, 6], excused: [2], absent: [] },
        minutes: m(
          6,
          ["We delen onze planningsfiches voor het volgende schooljaar, zonder namen."],
          [
            "Frank bespreekt de scenario's eerst met zijn coördinatoren en pas daarna met het bestuur.",
            "Bart was verontschuldigd (bouwvergadering); Charlotte praat hem bij.",
          ],
        ),
        progress: [{ goal: 0, by: 0, text: "Feedbackronde: twee leden lieten hun nagesprek door een collega observeren." }],
      },
      {
        chair: 6,
        agenda: [
          { by: 1, title: "Schoolplan: hoe kies je maar drie prioriteiten?" },
          { by: 4, title: "Een team dat niet wil veranderen: intervisie" },
          { by: 0, title: "Tussentijdse evaluatie van ons groepsdoel" },
        ],
        attendance: { present: [1, 2, 3, 4, 6], excused: [], absent: [5] },
        minutes: m(
          2,
          ["Het groepsdoel blijft; we voegen een klasbezoek bij elkaar toe in het tweede jaar."],
          [
            "An deelt haar aanpak om prioriteiten te kiezen met het hele team (een middag met post-its).",
            "Dirk probeert met één vakgroep te starten in plaats van met het hele team.",
          ],
        ),
        assignments: [
          {
            title: "Vraag feedback aan drie teamleden",
            description: "Vraag drie mensen van je team: wat moet ik blijven doen, wat minder, wat meer? Breng de antwoorden mee.",
            dueAfter: 25,
            responses: [
              { by: 1, daysAfter: 10, text: "'Meer zichtbaar zijn op de speelplaats.' Die had ik niet verwacht.", done: true },
              { by: 6, daysAfter: 14, text: "Gedaan bij drie coördinatoren. Eensgezind: minder mails na achten.", done: true },
              { by: 3, daysAfter: 22, text: "Twee van de drie geantwoord.", done: false },
            ],
          },
        ],
        progress: [{ goal: 0, by: 6, text: "Halfweg: iedereen zit op twee of drie klasbezoeken. Nagesprekken gaan vlotter." }],
      },
      {
        agenda: [
          { by: 0, title: "Terugblik op het eerste jaar" },
          { by: 0, title: "Leervragen bijstellen" },
          { by: 2, title: "Tussentijdse 360-gradenfeedback: wie doet mee?" },
        ],
        attendance: { present: [1, 2, 3, 4, 5, 6], excused: [], absent: [] },
        minutes: m(
          5,
          ["We behouden dezelfde groep en dezelfde coach voor het tweede jaar.", "Contactdagen blijven op donderdag."],
          [
            "Iedereen schrijft in juni één verandering in zijn team op (criterium van het groepsdoel).",
            "Bart start in september met een nieuwe leervraag.",
          ],
          "Laatste contactdag van het schooljaar. Iedereen noemde één ding dat hij het afgelopen jaar anders is gaan doen.",
        ),
        progress: [
          { goal: 0, by: 1, text: "Alle leden deden minstens vier klasbezoeken. Vijf van de zes beschreven een verandering in hun team." },
        ],
      },
      {
        agenda: [
          { by: 0, title: "Start van het tweede jaar: wat nemen we mee?" },
          { by: 4, title: "De nieuwe evaluatiecyclus in de praktijk" },
        ],
        attendance: { present: [1, 2, 3, 4, 5, 6], excused: [], absent: [] },
        minutes: m(
          2,
          ["In het tweede jaar brengt elk lid minstens één casus in."],
          ["Dirk formuleert zijn leervraag opnieuw, rond functioneringsgesprekken.", "Frank organiseert een schoolbezoek in zijn centrum."],
        ),
        progress: [{ goal: 0, by: 0, text: "Doel loopt door in het tweede jaar, nu met de nadruk op feedback tussen collega's." }],
      },
    ],
    recent: {
      agenda: [
        { by: 0, title: "Welkom en terugblik op de vorige contactdag" },
        { by: 0, title: "Prioritaire leervragen voor het tweede jaar", thread: "Contactdag 3: afspraken en voorbereiding" },
        { by: 0, title: "Intervisie volgens de incidentmethode" },
        { by: 3, title: "Overgang eerste naar tweede graad: hoe pakken jullie de oriëntering aan?" },
        { by: 0, title: "Afspraken voor de volgende contactdag" },
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
              "Iedereen legde zijn leervragen naast de check-ins van vorig jaar en stelde ze in duo's bij.",
              "Drie van ons kiezen voor 'gesprekken over kwaliteit met ervaren leerkrachten'; daar bouwen we de volgende contactdag rond.",
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
              "Bart brengt op de volgende contactdag zijn casus in (conflict in een vakgroep), anoniem.",
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
          dueAfter: 28,
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
          dueAfter: 28,
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
      progress: [
        {
          goal: 0,
          by: 4,
          text: "Twee leden vroegen een collega om mee te kijken bij een nagesprek. Volgende stap: elkaars school bezoeken.",
        },
      ],
    },
    next: {
      chair: 1,
      agenda: [
        { by: 1, title: "Terugblik op de observatieopdracht" },
        { by: 2, title: "Intervisie: conflict in de vakgroep", case: "Conflict in de vakgroep wiskunde" },
        { by: 4, title: "De nieuwe evaluatiecyclus: ervaringen delen", thread: "Nieuwe evaluatiecyclus: wie heeft al ervaring?" },
        { by: 0, title: "Vooruitblik op het netwerkmoment" },
      ],
    },
  },
  // Leergroep Antwerpen
  {
    place: "Vrije Basisschool Sint-Jozef, Berchem (refter)",
    history: [
      {
        agenda: [
          { by: 0, title: "Kennismaking en verwachtingen" },
          { by: 0, title: "Het groepscharter" },
        ],
        attendance: { present: [1, 2, 3, 4, 5, 6], excused: [], absent: [] },
        minutes: m(
          5,
          ["Het groepscharter is aanvaard.", "We wisselen af tussen Berchem en online."],
          ["Iedereen vult de beginsituatieanalyse in voor de volgende contactdag.", "Greet zorgt voor de zaal en de koffie."],
          "Kennismaking. Opvallend veel verschillende scholen: basis, secundair, kunstonderwijs en een Europese school.",
        ),
      },
      {
        agenda: [
          { by: 0, title: "Leervragen formuleren" },
          { by: 4, title: "Casus: twee vacatures en geen kandidaten" },
        ],
        attendance: { present: [1, 2, 3, 4, 6], excused: [5], absent: [] },
        minutes: m(
          6,
          ["We stellen samen een groepsdoel op rond het onthaal van nieuwe leerkrachten."],
          [
            "Jan vraagt bij de scholengemeenschap of een gedeelde vacature mogelijk is.",
            "Hans zoekt uit hoe zij zij-instromers begeleiden.",
          ],
        ),
        progress: [{ goal: 0, by: 0, text: "Doel afgesproken. Iedereen brengt de volgende keer zijn onthaalbrochure mee." }],
      },
      {
        chair: 4,
        agenda: [
          { by: 6, title: "Leiding geven aan een team van deeltijdse leerkrachten" },
          { by: 0, title: "Onthaalbrochures naast elkaar leggen" },
        ],
        attendance: { present: [1, 2, 3, 4, 5, 6], excused: [], absent: [] },
        minutes: m(
          3,
          ["We maken één gedeelde kijkwijzer voor het onthaal, elk lid past hem aan zijn school aan."],
          [
            "Inge en Karen schrijven een eerste versie van de kijkwijzer.",
            "Luc deelt zijn rooster voor overleg met deeltijdse leerkrachten.",
          ],
        ),
        assignments: [
          {
            title: "Vraag een starter wat het onthaal hem bracht",
            description: "Een kort gesprek van tien minuten: wat hielp, wat miste je? Noteer de antwoorden zonder naam.",
            dueAfter: 30,
            responses: [
              { by: 3, daysAfter: 7, text: "Ze miste vooral iemand om 'domme vragen' aan te stellen.", done: true },
              { by: 5, daysAfter: 11, text: "The buddy system worked, the welcome day did not: too much information at once.", done: true },
              { by: 2, daysAfter: 25, text: "Gesprek gehad met twee starters. Allebei: meer tijd in de eerste week.", done: true },
            ],
          },
        ],
        progress: [{ goal: 0, by: 4, text: "Vijf van de zes onthaalbrochures gedeeld. Een eerste versie van de kijkwijzer staat klaar." }],
      },
      {
        agenda: [
          { by: 0, title: "Intervisie: een ouder die blijft mailen naar het hele team" },
          { by: 0, title: "Terugblik op het eerste jaar" },
        ],
        attendance: { present: [1, 3, 4, 5, 6], excused: [], absent: [2] },
        minutes: m(
          1,
          ["Mails van ouders aan het hele team gaan voortaan naar één adres."],
          ["Hans krijgt de samenvatting van Greet.", "In september starten we met de kijkwijzer in alle scholen."],
        ),
        progress: [{ goal: 0, by: 0, text: "Kijkwijzer klaar. Elk lid gebruikt hem bij de starters van september." }],
      },
    ],
    recent: {
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
            p: "Greet zat voor. Iedereen vertelde kort wat er veranderd is. Het lerarentekort komt bij bijna iedereen terug; Jan heeft sinds de zomer twee vacatures die niet ingevuld raken.",
          },
          { h: "Netwerkmoment" },
          { p: "Karen gaat naar de breakout voor starters, de anderen kiezen het thema lerarentekort." },
          { h: "Co-teaching" },
          {
            p: "Hans was er niet; we hebben zijn casus verschoven naar de volgende contactdag. Wel alvast verzameld wat bij anderen werkte: starten met vrijwilligers, en co-teaching eerst in één vak proberen.",
          },
        ],
      },
      assignments: [
        {
          title: "Bereid een planningsgesprek voor",
          description:
            "Kies een collega met wie je binnenkort een planningsgesprek hebt. Schrijf op hoe je het gesprek opent en welke vraag je stelt om het over zijn of haar eigen doelen te laten gaan.",
          dueAfter: 25,
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
      progress: [{ goal: 0, by: 0, text: "Drie scholen gebruikten de kijkwijzer bij hun starters. Alle zes starters zijn gebleven." }],
    },
    next: {
      onlineUrl: "https://meet.jit.si/leergroep-antwerpen-contactdag",
      agenda: [
        { by: 2, title: "Intervisie: weerstand tegen co-teaching", case: "Weerstand tegen co-teaching in de eerste graad" },
        { by: 0, title: "Terugblik op het netwerkmoment" },
      ],
    },
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

/** An Peeters (Leergroep Gent, leader 1): a submitted BSA at the start of the trajectory (`s` days
 *  ago), four raters of her school (one item rated by only two of them, so it stays hidden), and an
 *  ESA she is halfway through. */
export const analysisDemo = (s: number) => ({
  group: 0,
  leader: 1,
  bsa: {
    started: { days: s - 25, hour: 20, minute: 10 } satisfies When,
    submitted: { days: s - 26, hour: 21, minute: 35 } satisfies When,
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
    invited: { days: s - 27, hour: 12, minute: 30 } satisfies When,
    emails: [
      "sara.deprez@deregenboog.test",
      "tom.verbeke@deregenboog.test",
      "nadia.elamrani@deregenboog.test",
      "coordinator@scholengemeenschap-gent.test",
    ],
    answered: [
      {
        when: { days: s - 28, hour: 16, minute: 5 } satisfies When,
        answers: rating([4, 4, 3, 3, 3, 2, 3, 3, 4, 4, 4, 3, 3, 3, 2, 0, 4, 3, 4, 3]),
      },
      {
        when: { days: s - 29, hour: 20, minute: 40 } satisfies When,
        answers: rating([5, 4, 4, 4, 2, 3, 2, 3, 4, 3, 4, 2, 3, 4, 3, 3, 4, 4, 4, 0]),
      },
      {
        when: { days: s - 31, hour: 7, minute: 55 } satisfies When,
        answers: rating([4, 3, 4, 3, 3, 2, 3, 4, 3, 4, 3, 2, 4, 3, 3, 3, 5, 4, 4, 3]),
      },
      {
        when: { days: s - 34, hour: 13, minute: 15 } satisfies When,
        answers: rating([4, 4, 3, 4, 2, 3, 3, 3, 4, 4, 3, 3, 3, 3, 3, 0, 4, 3, 4, 3]),
      },
    ],
  },
  esa: {
    started: { days: 1, hour: 21, minute: 0 } satisfies When,
    /** Halfway: the first ten statements. */
    answers: points([4, 4, 4, 4, 3, 4, 3, 4, 4, 4]),
  },
});

/** The other leaders' BSAs, submitted in the first weeks of the trajectory: [group, leader, days after the start, points]. */
export const otherBaselines = (s: number): { group: number; leader: Who; when: When; answers: Record<string, string> }[] =>
  [0, 1].flatMap((group) =>
    [1, 2, 3, 4, 5, 6]
      .filter((leader) => !(group === 0 && leader === 1))
      .map((leader) => ({
        group,
        leader,
        when: { days: s - 10 - ((leader * 5 + group * 3) % 30), hour: 20 + (leader % 3), minute: leader * 7 },
        // Each leader's own profile: strong and weak items differ (points 2 to 5, a few 1s).
        answers: points(SCALE_ITEMS.map((_, i) => ((i * 3 + leader * 7 + group * 5) % 11 === 0 ? 1 : 2 + ((i + leader * 2 + group) % 4)))),
      })),
  );

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

// ---- network moments (issue 16 item 1, decision 066) -------------------------------------------

/** A network moment of the demo trajectory: when (days from today, a local hour in Brussels) and its plan. */
export interface SeedMoment {
  inDays: number;
  hour: number;
  title: string;
  place: string;
  agenda: string;
  blocks: {
    kind: "plenary" | "breakouts" | "break";
    title: string;
    minutes: number;
    rule?: "mixed" | "career_phase" | "school_level" | "theme" | "manual";
    size?: number;
    themes?: string[];
    protocolId?: "troika" | "consultancy";
  }[];
}

/** The planned network moment, a few weeks ahead, for all groups of the trajectory. */
export const plannedMoment: SeedMoment = {
  inDays: 24,
  hour: 13,
  title: "Netwerkmoment Leersprongen: wat werkt in onze scholen",
  place: "Gent, De Krook, zaal De Wolk (en online via de link in Leerkring)",
  agenda: [
    "We komen met alle leergroepen van Leersprongen samen voor een namiddag.",
    "",
    "Neem mee: één praktijk uit je school die werkt (of net niet), en je leervraag van dit jaar.",
    "",
    "13.00 Welkom en terugblik op het netwerkmoment van de zomer",
    "13.30 Tafelgesprekken in gemengde groepjes: niemand zit bij iemand uit de eigen leergroep",
    "14.15 Pauze met koffie",
    "14.30 Verdieping per thema: je kiest zelf een tafel",
    "15.20 Oogst en afsluiting: wat neem je mee naar je eigen leergroep?",
    "",
    "Wat in de tafelgesprekken gezegd wordt, blijft aan tafel. Je kiest achteraf zelf of je iets meeneemt naar je leergroep.",
  ].join("\n"),
  blocks: [
    { kind: "plenary", title: "Welkom en terugblik", minutes: 30 },
    {
      kind: "breakouts",
      title: "Tafelgesprekken: wat werkt in onze scholen",
      minutes: 45,
      rule: "mixed",
      size: 4,
      protocolId: "troika",
    },
    { kind: "break", title: "Pauze", minutes: 15 },
    {
      kind: "breakouts",
      title: "Verdieping per thema",
      minutes: 50,
      rule: "theme",
      size: 5,
      themes: ["Lerarentekort en aanvangsbegeleiding", "Welzijn van leerlingen en team", "Ouderbetrokkenheid"],
      protocolId: "consultancy",
    },
    { kind: "plenary", title: "Oogst en afsluiting", minutes: 30 },
  ],
};

// ---- Search (issue 20, the search demo, decision 087): content that searching for a few obvious ----
// Dutch words finds (ouderraad, lerarentekort, interimmers, nascholing, zorgbeleid, inspectie, werkdruk),
// in word forms and with accents, beside what the groups above already say. Threads and cases go
// through the same steps as the groups' own; a document of the group; a paragraph the scribe adds to
// the minutes of the last contact day held.

export interface SeedDocument extends When {
  by: Who;
  title: string;
  blocks: Block[];
}
export interface SeedSearchable extends Pick<SeedGroup, "threads" | "cases"> {
  documents: SeedDocument[];
  minutes?: When & { by: Who; blocks: Block[] };
}

export const searchable: SeedSearchable[] = [
  // Leergroep Gent: 0 Koen De Smet (coach), 1 An Peeters, 2 Bart Janssens, 3 Charlotte Maes,
  // 4 Dirk Willems, 5 Els Claes, 6 Frank Goossens.
  {
    threads: [
      {
        title: "Ouderraad: nieuwe voorzitter",
        messages: [
          {
            by: 3,
            days: 48,
            hour: 20,
            text: "Onze ouderraad zoekt een nieuwe voorzitter. De huidige voorzitter stopt na zes jaar en niemand stelt zich kandidaat. Op de laatste vergadering van de ouderraad kwam zelfs de vraag of de school het dan maar moet overnemen. Hoe betrekken jullie ouders bij de ouderraad?",
          },
          {
            by: 5,
            days: 48,
            hour: 21,
            minute: 40,
            text: "Herkenbaar. Bij ons werkt het om het voorzitterschap te delen: twee ouders, elk voor een jaar, en ik zit als directeur enkel op uitnodiging in de vergaderingen.",
          },
          {
            by: 1,
            days: 47,
            hour: 7,
            minute: 50,
            text: "Wij hebben de ouderraden van onze twee vestigingen samengevoegd. Minder vergaderingen, meer ouders die willen meedoen. De nieuwe voorzitter komt nu uit de kleuterschool.",
          },
          {
            by: 0,
            days: 46,
            hour: 9,
            text: "Goede vraag voor een volgende contactdag: de ouderraad als partner in het beleid, niet enkel voor het schoolfeest. Charlotte, wil je het dan inbrengen?",
          },
          { by: 3, days: 46, hour: 12, text: "Graag. Ik vraag de voorzitter van de ouderraad ook wat zij verwacht van de school." },
        ],
      },
      {
        title: "Nascholing volgend schooljaar: wat kiezen jullie?",
        messages: [
          {
            by: 4,
            days: 36,
            hour: 16,
            text: "Het nascholingsbudget voor volgend schooljaar moet tegen eind deze maand vastliggen. Ik twijfel tussen een teamnascholing over begrijpend lezen en kleinere nascholingen per graad. Wat leverde bij jullie het meest op?",
          },
          {
            by: 6,
            days: 36,
            hour: 19,
            text: "Eén thema voor het hele team, en dat het hele jaar opvolgen in de klasbezoeken. Losse nascholingen verdwijnen bij ons in een map.",
          },
          {
            by: 2,
            days: 35,
            hour: 8,
            text: "Wij vragen de pedagogische begeleidingsdienst een traject op maat. Duurder, maar de ideeën komen echt in de klas terecht.",
          },
        ],
      },
    ],
    cases: [
      {
        title: "Lerarentekort en interimmers",
        bringer: 6,
        edits: [
          {
            by: 6,
            days: 41,
            hour: 20,
            blocks: [
              { h: "De situatie" },
              {
                p: "Door het lerarentekort staat het vijfde leerjaar sinds de herfstvakantie zonder vaste leerkracht. We hadden drie interimmers op zes weken; de laatste interimmer stopte na vier dagen. Ouders vragen wanneer er weer rust komt, en de collega's van het vierde en zesde leerjaar vangen telkens leerlingen op.",
              },
              { h: "Mijn vraag" },
              {
                p: "Hoe houd ik een klas en een team overeind als er geen vervanging te vinden is, zonder dat de collega's die blijven eraan onderdoor gaan?",
              },
            ],
          },
          {
            by: 4,
            days: 40,
            hour: 9,
            blocks: [
              { h: "Wat wij probeerden" },
              {
                ul: [
                  "Een vervangingspool met de andere scholen van de scholengemeenschap.",
                  "Elke interimmer draait de eerste dag mee met een ervaren collega.",
                  "Zijinstromers krijgen een mentor en een vast moment per week.",
                ],
              },
            ],
          },
        ],
        versions: [],
        comments: [],
      },
    ],
    documents: [
      {
        by: 1,
        days: 33,
        hour: 14,
        title: "Beleidsplan zorg 2026-2028",
        blocks: [
          { h: "Waarom een nieuw zorgbeleid" },
          {
            p: "Ons zorgbeleid paste niet meer bij de vragen van onze leerlingen. De zorgcoördinator raakte overbevraagd en leerkrachten voelden zich alleen met leerlingen met specifieke onderwijsbehoeften. Dit beleidsplan zorg legt vast hoe we het zorgcontinuüm de komende twee schooljaren waarmaken.",
          },
          { h: "Prioriteiten" },
          {
            ul: [
              "Brede basiszorg in elke klas: differentiatie en een vast aanspreekpunt per leerling.",
              "Een maandelijks zorgoverleg per graad, met het CLB erbij wanneer het nodig is.",
              "Vaste uren zonder klas voor de zorgcoördinator.",
              "Nascholing over handelingsgericht werken voor het hele team.",
            ],
          },
          { h: "Opvolging" },
          {
            p: "We evalueren het beleidsplan elk trimester op de personeelsvergadering en passen het aan na de bevraging van ouders en leerlingen.",
          },
        ],
      },
    ],
    minutes: {
      by: 0,
      days: 1,
      hour: 21,
      blocks: [
        { h: "Nascholing" },
        {
          p: "Na de middag wisselden we uit over nascholing: één thema voor het hele team werkt beter dan losse nascholingen. Dirk en Frank vragen de begeleidingsdienst samen een traject over begrijpend lezen.",
        },
      ],
    },
  },
  // Leergroep Antwerpen: 0 Sofie Wouters (coach), 1 Greet Mertens, 2 Hans Jacobs, 3 Inge Dubois,
  // 4 Jan Lambrechts, 5 Karen Hermans, 6 Luc Aerts.
  {
    threads: [
      {
        title: "Inspectiebezoek in maart: wat vroegen ze bij jullie?",
        messages: [
          {
            by: 2,
            days: 44,
            hour: 18,
            text: "De onderwijsinspectie komt in maart langs voor een doorlichting. Het team is ongerust, de werkdruk is nu al hoog. Wat vroeg de inspectie bij jullie en hoe hebben jullie het inspectiebezoek voorbereid?",
          },
          {
            by: 5,
            days: 44,
            hour: 20,
            text: "Bij ons vroegen de inspecteurs vooral naar kwaliteitszorg en differentiatie. Toon wat je doet in de klas, geen map met plannen.",
          },
          {
            by: 0,
            days: 43,
            hour: 8,
            minute: 30,
            text: "Bereid het samen met het team voor, niet enkel met het beleidsteam. Zo blijft de werkdruk ook gedeeld.",
          },
        ],
      },
    ],
    cases: [],
    documents: [],
  },
];
