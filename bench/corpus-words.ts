// The Dutch building blocks of the generated corpus (bench/corpus.ts): what school leaders in a
// learning group write about, as themes of clauses that compose into sentences. Several forms of
// one word occur on purpose (leerkracht / leerkrachten, bespreken / besproken / bespreking, ideeën
// with its diaeresis), so a search that matches word forms and folds accents has something to do.

export interface Theme {
  key: string;
  /** Thread, document and case titles. */
  titles: string[];
  /** Clauses that follow an opener ("Bij ons merk ik dat ..."). */
  clauses: string[];
  /** Advice and experience in a reply. */
  tips: string[];
  /** A learning question of an action plan on this theme. */
  question: string;
}

export const THEMES: Theme[] = [
  {
    key: "ouderraad",
    titles: [
      "Ouderraad: nieuwe voorzitter",
      "Samenwerking met de ouderraad",
      "Ouderraad wil meepraten over het schoolreglement",
      "Jaarplanning van de ouderraad",
    ],
    clauses: [
      "de ouderraad een nieuwe voorzitter zoekt en niemand zich kandidaat stelt",
      "de voorzitter van de ouderraad meer inspraak vraagt in het beleid",
      "de ouderraden van onze scholen nauwelijks samenwerken",
      "ouders in de ouderraad het schoolreglement opnieuw willen bespreken",
      "de ouderraad het schoolfeest volledig zelf wil organiseren",
      "de vergaderingen van de ouderraad vaak over het budget gaan",
    ],
    tips: [
      "wij nodigen de voorzitter van de ouderraad uit op de eerste personeelsvergadering",
      "een vaste agenda met de ouderraad helpt om verwachtingen helder te houden",
      "laat de ouderraad zelf een kandidaat-voorzitter voorstellen",
      "wij maken met de ouderraad afspraken over wat wel en niet ter bespreking komt",
    ],
    question: "Hoe betrek ik de ouderraad als partner bij het schoolbeleid?",
  },
  {
    key: "lerarentekort",
    titles: [
      "Lerarentekort en interimmers",
      "Vacatures die niet ingevuld raken",
      "Lerarentekort: wat doen jullie met zijonstromers?",
      "Klassen samenzetten bij afwezigheden",
    ],
    clauses: [
      "het lerarentekort zich nu ook in de kleuterklassen laat voelen",
      "we al drie weken geen interimmer vinden voor het vijfde leerjaar",
      "zijinstromers veel begeleiding nodig hebben in hun eerste maanden",
      "vacatures voor leerkrachten wekenlang openstaan",
      "we klassen moeten samenzetten omdat er geen vervanging is",
      "interimmers vaak na een paar weken alweer vertrekken",
    ],
    tips: [
      "wij werken samen met de scholengemeenschap aan een vervangingspool",
      "een mentor voor elke zijinstromer maakt het verschil",
      "we hebben de vacature ook via de lerarenopleiding verspreid",
      "laat interimmers op hun eerste dag meedraaien met een ervaren collega",
    ],
    question: "Hoe houd ik het team overeind tijdens het lerarentekort?",
  },
  {
    key: "nascholing",
    titles: [
      "Nascholing volgend schooljaar",
      "Nascholingsplan en professionalisering",
      "Welke nascholing raden jullie aan?",
      "Teamnascholing over taalbeleid",
    ],
    clauses: [
      "het nascholingsbudget al in februari op is",
      "leerkrachten liever nascholing volgen in kleine groepen",
      "de teamnascholing over begrijpend lezen weinig opleverde",
      "we een nascholingsplan willen koppelen aan ons schoolwerkplan",
      "collega's na een nascholing weinig tijd hebben om iets toe te passen",
      "de pedagogische begeleidingsdienst een nieuwe reeks nascholingen aanbiedt",
    ],
    tips: [
      "wij laten collega's na elke nascholing kort delen op de personeelsvergadering",
      "kies één thema per jaar en volg het op in de klasbezoeken",
      "nascholing op de school zelf werkt bij ons beter dan externe sessies",
      "vraag de begeleidingsdienst om een traject op maat",
    ],
    question: "Hoe zorg ik dat nascholing echt in de klas terechtkomt?",
  },
  {
    key: "zorgbeleid",
    titles: ["Zorgbeleid herzien", "Beleidsplan zorg", "Zorgcoördinator en het zorgcontinuüm", "Verslag zorgoverleg"],
    clauses: [
      "ons zorgbeleid niet meer past bij de vragen van de leerlingen",
      "de zorgcoördinator overbevraagd raakt door alle verslagen",
      "het zorgcontinuüm op papier beter werkt dan in de praktijk",
      "het multidisciplinair overleg met het CLB te weinig oplevert",
      "leerkrachten zich alleen voelen met leerlingen met specifieke onderwijsbehoeften",
      "we de zorgbegeleiding anders willen organiseren",
    ],
    tips: [
      "wij houden elke maand een kort zorgoverleg per graad",
      "het zorgcontinuüm hangt bij ons in elke klas, met namen van wie je kan aanspreken",
      "de zorgcoördinator heeft bij ons vaste uren zonder klas",
      "betrek het CLB vroeger, niet pas als het vastloopt",
    ],
    question: "Hoe maak ik ons zorgbeleid haalbaar voor het hele team?",
  },
  {
    key: "leerlingenbegeleiding",
    titles: [
      "Leerlingenbegeleiding in de tweede graad",
      "Leerlingenbegeleiding en het CLB",
      "Begeleidingsplan voor een leerling",
      "Spijbelen en schoolverzuim",
    ],
    clauses: [
      "de leerlingenbegeleiding versnipperd is over te veel mensen",
      "een leerling steeds vaker spijbelt en de ouders moeilijk bereikbaar zijn",
      "het begeleidingsplan van een leerling niet wordt opgevolgd",
      "leerlingen met faalangst meer ondersteuning vragen",
      "de klassenraad te laat signalen oppikt",
      "het onthaal van nieuwe leerlingen beter kan",
    ],
    tips: [
      "wij werken met één aanspreekpunt per leerling",
      "een begeleidingsplan evalueren we elke zes weken met leerling en ouders",
      "de klassenraad bespreekt bij ons eerst de leerlingen over wie zorgen zijn",
      "kleine gesprekjes in de gang zeggen vaak meer dan een formeel gesprek",
    ],
    question: "Hoe bouw ik een leerlingenbegeleiding die signalen vroeg opvangt?",
  },
  {
    key: "conflict",
    titles: [
      "Conflict met een leerkracht",
      "Moeilijk gesprek met een collega",
      "Spanningen in het team",
      "Een klacht van ouders over een leerkracht",
    ],
    clauses: [
      "een conflict met een ervaren leerkracht al maanden aansleept",
      "een leerkracht afspraken uit het functioneringsgesprek niet nakomt",
      "er spanningen zijn tussen twee collega's van het derde leerjaar",
      "ouders een klacht indienen over de aanpak van een leerkracht",
      "een collega zich gepasseerd voelt bij een benoeming",
      "het moeilijke gesprek steeds wordt uitgesteld",
    ],
    tips: [
      "ik bereid zo'n gesprek voor met drie feiten en één vraag",
      "laat het conflict niet alleen bij jou liggen: betrek je bovenschoolse directeur",
      "wij spreken na een conflict altijd een vervolgmoment af",
      "een externe bemiddelaar heeft bij ons veel opgelost",
    ],
    question: "Hoe voer ik moeilijke gesprekken met leerkrachten zonder ze uit te stellen?",
  },
  {
    key: "inspectie",
    titles: [
      "Inspectiebezoek in maart",
      "Voorbereiding van de doorlichting",
      "Verslag van het inspectiebezoek",
      "Wat vroeg de inspectie bij jullie?",
    ],
    clauses: [
      "de onderwijsinspectie in maart langskomt voor een doorlichting",
      "het inspectiebezoek vooral over kwaliteitszorg ging",
      "de inspecteurs veel vragen stelden over differentiatie",
      "we ons voorbereiden op het inspectiebezoek met het hele team",
      "het verslag van de inspectie positiever was dan verwacht",
      "de inspectie ons zorgbeleid kritisch bekeek",
    ],
    tips: [
      "wij hebben het inspectiebezoek samen met het team voorbereid, niet alleen met het beleidsteam",
      "toon wat je doet, geen map met plannen",
      "vraag na de doorlichting een gesprek met de inspecteur over de aandachtspunten",
      "laat leerlingen zelf vertellen hoe ze leren",
    ],
    question: "Hoe maak ik van kwaliteitszorg iets van het hele team?",
  },
  {
    key: "beleidsplan",
    titles: ["Beleidsplan 2026-2028", "Schoolwerkplan actualiseren", "Visietekst van de school", "Meerjarenplan en prioriteiten"],
    clauses: [
      "het beleidsplan te veel prioriteiten tegelijk heeft",
      "we de visietekst van de school samen met het team willen herschrijven",
      "het schoolwerkplan niet meer klopt met wat we echt doen",
      "het meerjarenplan te weinig ruimte laat voor onverwachte vragen",
      "de schoolraad het beleidsplan wil bespreken",
      "doelen in het beleidsplan moeilijk meetbaar zijn",
    ],
    tips: [
      "wij kiezen per jaar drie prioriteiten en schrappen de rest",
      "schrijf het beleidsplan met het team, niet voor het team",
      "koppel elke prioriteit aan één zichtbare verandering in de klas",
      "bespreek het beleidsplan elk trimester op de personeelsvergadering",
    ],
    question: "Hoe maak ik ons beleidsplan richtinggevend in plaats van een papieren plan?",
  },
  {
    key: "werkdruk",
    titles: ["Werkdruk in het team", "Werkdruk bij de directie", "Planlast verminderen", "Ziekteverzuim en werkdruk"],
    clauses: [
      "de werkdruk in het team na de herfstvakantie sterk oploopt",
      "ik zelf elke avond mails zit te beantwoorden",
      "de planlast voor leerkrachten blijft groeien",
      "het ziekteverzuim stijgt en de werkdruk voor wie blijft nog hoger wordt",
      "vergaderingen te veel tijd innemen",
      "leerkrachten klagen over de administratie rond evaluaties",
    ],
    tips: [
      "wij hebben de helft van de vergaderingen vervangen door korte teamoverleggen",
      "ik beantwoord geen mails na zes uur en zeg dat ook tegen het team",
      "schrap eerst wat niemand mist",
      "een werkdrukbevraging maakt zichtbaar waar het echt knelt",
    ],
    question: "Hoe verminder ik werkdruk zonder de kwaliteit te verliezen?",
  },
  {
    key: "starters",
    titles: [
      "Onboarding van starters",
      "Aanvangsbegeleiding van beginnende leerkrachten",
      "Mentoren voor starters",
      "Starters die na een jaar vertrekken",
    ],
    clauses: [
      "starters zich in hun eerste weken verloren voelen",
      "de aanvangsbegeleiding van beginnende leerkrachten te weinig structuur heeft",
      "mentoren geen tijd krijgen om starters te begeleiden",
      "een starter na één jaar het onderwijs alweer verlaat",
      "beginnende leerkrachten vooral met klasmanagement worstelen",
      "het onthaalbrochure voor starters verouderd is",
    ],
    tips: [
      "wij geven elke starter een mentor en een vast moment per week",
      "een startersdag voor het schooljaar begint maakt veel verschil",
      "laat starters eerst bij elkaar in de klas kijken",
      "vraag starters na drie maanden wat ze gemist hebben",
    ],
    question: "Hoe zorg ik dat starters na hun eerste jaar willen blijven?",
  },
  {
    key: "digitalisering",
    titles: [
      "Digitalisering en laptops voor leerlingen",
      "Nieuw leerplatform kiezen",
      "Gebruik van AI door leerlingen",
      "ICT-coördinator en digitale vaardigheden",
    ],
    clauses: [
      "het nieuwe leerplatform meer tijd kost dan het oplevert",
      "leerlingen AI gebruiken voor hun taken",
      "de ICT-coördinator alleen nog problemen met laptops oplost",
      "leerkrachten verschillen in digitale vaardigheden",
      "de digitalisering van de rapporten veel vragen oproept",
      "ouders klagen over de schermtijd op school",
    ],
    tips: [
      "wij hebben afspraken over AI opgenomen in het schoolreglement",
      "kies één platform en houd het drie jaar vol",
      "laat de ICT-coördinator ook pedagogisch meedenken",
      "een korte nascholing per vakgroep werkte beter dan één grote sessie",
    ],
    question: "Hoe zet ik digitalisering in voor beter leren in plaats van meer schermtijd?",
  },
  {
    key: "schoolreglement",
    titles: [
      "Schoolreglement aanpassen",
      "Smartphoneverbod in het schoolreglement",
      "Orde- en tuchtmaatregelen",
      "Schoolreglement en de schoolraad",
    ],
    clauses: [
      "het schoolreglement niets zegt over smartphones op de speelplaats",
      "een tuchtmaatregel door ouders wordt aangevochten",
      "het schoolreglement te lang is om nog door iemand gelezen te worden",
      "de schoolraad een wijziging van het schoolreglement moet goedkeuren",
      "leerlingen inspraak willen in de afspraken over kledij",
      "orde- en tuchtmaatregelen niet overal hetzelfde worden toegepast",
    ],
    tips: [
      "wij hebben het schoolreglement samengevat op één pagina voor ouders",
      "betrek de leerlingenraad bij elke wijziging",
      "laat de schoolraad vroeg meelezen, niet pas bij de stemming",
      "leg tuchtmaatregelen altijd schriftelijk vast",
    ],
    question: "Hoe maak ik afspraken in het schoolreglement die iedereen draagt?",
  },
  {
    key: "welzijn",
    titles: ["Welbevinden van leerlingen", "Pesten op de speelplaats", "Anti-pestbeleid", "Leerlingenraad en welzijn"],
    clauses: [
      "er opnieuw meldingen van pesten op de speelplaats zijn",
      "het welbevinden van leerlingen na de vakantie daalt",
      "de leerlingenraad vraagt om meer groen op de speelplaats",
      "cyberpesten buiten de schooluren toch op school terechtkomt",
      "leerkrachten handelingsverlegen zijn bij pestgedrag",
      "de bevraging over welbevinden zorgwekkende resultaten gaf",
    ],
    tips: [
      "wij werken met de No Blame-aanpak en dat helpt",
      "laat de leerlingenraad mee toezicht doen op de speelplaats",
      "bespreek de bevraging met de leerlingen zelf",
      "een vertrouwenspersoon per graad maakt het makkelijker om iets te melden",
    ],
    question: "Hoe pak ik pesten aan met het hele team en de leerlingen?",
  },
  {
    key: "gelijke-kansen",
    titles: ["Gelijke onderwijskansen", "Anderstalige nieuwkomers", "Taalbeleid en meertaligheid", "Schoolkosten en kansarmoede"],
    clauses: [
      "we steeds meer anderstalige nieuwkomers opvangen zonder extra uren",
      "het taalbeleid op papier staat maar niet leeft",
      "de schoolkosten voor sommige gezinnen te hoog worden",
      "ouders die geen Nederlands spreken moeilijk bereikt worden",
      "meertaligheid vooral als probleem wordt gezien",
      "kinderen in armoede minder deelnemen aan uitstappen",
    ],
    tips: [
      "wij zetten een brugfiguur in voor het contact met ouders",
      "laat thuistalen zichtbaar zijn in de klas",
      "een maximumfactuur per graad houdt de kosten in de hand",
      "werk samen met het OCMW voor gezinnen die het moeilijk hebben",
    ],
    question: "Hoe maak ik van gelijke kansen meer dan een paragraaf in het beleidsplan?",
  },
  {
    key: "evaluatie",
    titles: ["Breed evalueren", "Rapporten zonder punten", "Functioneringsgesprekken plannen", "Evaluatiebeleid herzien"],
    clauses: [
      "we willen overstappen naar een rapport zonder punten",
      "het breed evalueren veel extra werk vraagt van leerkrachten",
      "de functioneringsgesprekken dit jaar weer achterop raken",
      "ouders het nieuwe rapport moeilijk te lezen vinden",
      "de evaluatie van het team te weinig feedback oplevert",
      "toetsen en taken niet op elkaar afgestemd zijn",
    ],
    tips: [
      "wij hebben het nieuwe rapport eerst met een klein groepje ouders getest",
      "plan functioneringsgesprekken in blokken, niet verspreid",
      "laat leerkrachten per vakgroep hun evaluaties vergelijken",
      "begin met één graad en leer van hun ervaringen",
    ],
    question: "Hoe voer ik breed evalueren in zonder de werkdruk te verhogen?",
  },
  {
    key: "infrastructuur",
    titles: ["Nieuwbouw en verhuis", "Speelplaats vergroenen", "Verwarming en energiekosten", "Renovatie van de sporthal"],
    clauses: [
      "de nieuwbouw een jaar vertraging oploopt",
      "de energiekosten het werkingsbudget opeten",
      "de verhuis naar de noodunits veel onrust geeft",
      "het plan om de speelplaats te vergroenen subsidie krijgt",
      "de sporthal al maanden gesloten is voor renovatie",
      "de verwarming in de oude vleugel telkens uitvalt",
    ],
    tips: [
      "wij hebben leerlingen mee laten tekenen aan de nieuwe speelplaats",
      "communiceer wekelijks over de nieuwbouw, ook als er niets nieuws is",
      "een energiescan van de scholengemeenschap leverde snelle winsten op",
      "vraag bij de renovatie een vaste contactpersoon van de aannemer",
    ],
    question: "Hoe houd ik onderwijs voorop tijdens een lange verbouwing?",
  },
];

export const OPENERS = [
  "Bij ons op school merk ik dat",
  "In ons team zie ik dat",
  "Sinds september stel ik vast dat",
  "Na het laatste overleg bleek dat",
  "Op de personeelsvergadering kwam naar boven dat",
  "Tijdens het oudercontact hoorde ik dat",
  "Ik vraag me af hoe jullie omgaan met het feit dat",
  "Vorige week werd duidelijk dat",
  "Ook in onze scholengemeenschap speelt het dat",
  "Wat me bezighoudt, is dat",
  "Mijn adjunct signaleert dat",
  "Eerlijk gezegd zit ik ermee dat",
];

export const QUESTIONS = [
  "Hoe pakken jullie dat aan?",
  "Wie heeft hier ervaring mee?",
  "Ik hoor graag jullie ideeën.",
  "Hebben jullie tips?",
  "Herkennen jullie dit?",
  "Wat zou jij doen?",
  "Kunnen we dit op de volgende contactdag bespreken?",
  "Ik ben benieuwd naar jullie aanpak.",
];

export const REPLY_OPENERS = [
  "Herkenbaar!",
  "Dat hebben wij vorig jaar ook gehad.",
  "Goede vraag.",
  "Bij ons speelt dat ook.",
  "Interessant, dank om dit te delen.",
  "Ik zou het zo aanpakken:",
  "Wat bij ons werkte:",
  "Dat ken ik.",
  "Misschien helpt dit:",
];

export const REPLY_CLOSERS = [
  "Succes ermee!",
  "Laat je weten hoe het afloopt?",
  "Ik stuur je ons document door.",
  "We kunnen het er op de contactdag over hebben.",
  "Bel me gerust als je wil sparren.",
  "",
  "",
];

/** Words that occur rarely on purpose: a query for one of them finds a handful of places. */
export const RARE = [
  "Ook de kangoeroeklas voor hoogbegaafde leerlingen kwam ter sprake.",
  "De inspecteur verwees naar het referentiekader voor onderwijskwaliteit.",
  "Iemand stelde voor om een time-outklas in te richten.",
];

export const AGENDA_ITEMS = [
  "Welkom en incheckronde",
  "Terugblik op de vorige contactdag",
  "Intervisie: casus van een lid",
  "Inspiratie: gastspreker",
  "Stand van de actieplannen",
  "Afspraken en volgende stappen",
  "Evaluatie van de dag",
];

/** Openers of a minutes paragraph, followed by a theme's clause. */
export const MINUTE_LINES = [
  "We spraken over hoe het komt dat",
  "De groep deelde ervaringen met het feit dat",
  "Er was veel herkenning voor het gegeven dat",
  "Twee leden gaan na hoe ze aanpakken dat",
  "De procescoach vatte samen wat we leerden over het feit dat",
];

/** Details that make sentences differ: where, who and when. */
export const DETAILS = [
  "Het gaat vooral om het eerste leerjaar.",
  "Het speelt het sterkst in het zesde leerjaar.",
  "Vooral de kleuterschool voelt het.",
  "In de eerste graad is het het duidelijkst.",
  "De vakgroep wiskunde kaartte het aan.",
  "De leerkrachten Frans merkten het eerst.",
  "Het kwam op tafel bij de lessen lichamelijke opvoeding.",
  "De collega's van STEM zien het ook.",
  "Dat bleek bij de oudercontacten in januari.",
  "Het werd duidelijk na de paasvakantie.",
  "Sinds de krokusvakantie is het erger.",
  "De schoolraad vroeg er in mei naar.",
  "Het pedagogisch team bespreekt het in juni.",
  "Ook de beleidsmedewerker van de koepel volgt het op.",
  "Het secretariaat kreeg er telefoons over.",
  "De busbegeleiders signaleerden het als eersten.",
  "Het staat op de agenda van het directieoverleg.",
  "We namen het mee in de zelfevaluatie.",
];
export const ACTION_VERBS = [
  "Gesprek plannen met",
  "Bevraging afnemen bij",
  "Voorstel uitwerken voor",
  "Klasbezoeken doen rond",
  "Terugkoppelen aan",
];

export const ACTION_OBJECTS = [
  "het team",
  "de ouderraad",
  "de schoolraad",
  "de zorgcoördinator",
  "het beleidsteam",
  "de leerlingenraad",
  "de starters",
];

export const CHECKIN_NOTES = [
  "Eerste stappen gezet, het team reageert positief.",
  "Minder gedaan dan gepland door het lerarentekort.",
  "Het gesprek met de ouderraad was een keerpunt.",
  "Ik merk dat ik terugval in oude gewoontes.",
  "De feedback van de groep hielp om scherper te kiezen.",
  "Klaar voor de volgende stap: het hele team betrekken.",
];
