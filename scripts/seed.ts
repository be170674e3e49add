// Demo data: one trajectory, two groups of six leaders with one coach each, one organiser, and
// what the groups did in the last weeks (scripts/seed-content.ts): threads with replies and
// @mentions, a case with its co-edited notes, comments and versions, the charter and its draft.
//
//   npm run seed              wipes the database and seeds it again (the dev services by default)
//   node --import tsx scripts/seed.ts --if-empty    seeds only a database without the demo (demo.sh, dev.sh)
//
// Everything after the accounts is written through the services, as the members (services built
// like server/services.ts does, on a node of its own), so it is valid and authorised. The services
// stamp "now"; each step runs in its own stretch of real time, and afterwards every date written
// in a stretch (and every ISO date inside the group log's facts) is moved to the step's day in
// the past, keeping the order within it (remapDates). A running app keeps per-node caches: restart
// it after reseeding.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import * as Y from "yjs";
import mongoose, { type Model } from "mongoose";
import { connectMongo } from "../server/db";
import { RateLimiterMemory } from "rate-limiter-flexible";
import { createLimits } from "../models/shared/limits";
import { createServices, type Services } from "../server/services";
import { User } from "../models/user/user.model";
import { Trajectory } from "../models/trajectory/trajectory.model";
import { Group, LeaderSeat } from "../models/group/group.model";
import { createMembership } from "../models/group/memberships";
import { CharterVersion } from "../models/charter/charter.model";
import { DocEditMark } from "../models/document/document.model";
import { hashPassword } from "../models/user/user.service";
import type { RoundAction } from "../models/intervision/round.inputs";
import { silentPublisher, type ServiceContext } from "../models/shared/context";
import { CONTENT_FIELD } from "../models/collab/doc-store";
import { blockNode } from "../models/collab/blocks";
// Second factor (decision 039): the demo's organiser and coaches sign in with a fixed, documented demo secret.
import { SecondFactor } from "../models/mfa/mfa.model";
import { sealSecret } from "../models/mfa/mfa.service";
import { DEMO_TOTP_SECRET } from "./demo-code";
import { CHARTER, groups as content, type Block, type SeedGroup, type When } from "./seed-content";
import { plansByGroup, type SeedPlans } from "./seed-content"; // action plans, goals, coaching notes
// Meetings (issue 14 item 2)
import { localFields } from "../models/i18n/dates";
import { meetings as meetingContent, type SeedMeeting, type SeedMeetings } from "./seed-content";
// The trajectory in its second year (decision 050): dated by the rhythm, the other leaders' BSAs
import { generatePlan } from "../models/meeting/rhythm";
import { RHYTHM } from "../models/meeting/rhythm.constants";
import { Meeting } from "../models/meeting/meeting.model";
// Demo files (issue 20 round two, files2)
import { Readable } from "node:stream";
import { demoPdf, demoWhiteboard } from "./demo-files";
import { otherBaselines } from "./seed-content";
// baseline/end analysis and 360-degree feedback (decision 036)
import { analysisDemo } from "./seed-content";
import type { OutgoingMail } from "../models/shared/context";
import { rounds as roundContent, type SeedRound } from "./seed-content"; // intervision rounds (decision 044)
import { searchable, type SeedSearchable } from "./seed-content"; // search (issue 20, decision 087)
import { MeetingMinutes } from "../models/meeting/meeting-content.model"; // search: the minutes to add to

export const DEMO_PASSWORD = "leerkring-demo";
export const DEMO_TRAJECTORY = "Leersprongen 2026-2028";
export { CHARTER };

const people = {
  organiser: { name: "Ilse Vermeulen", email: "organisator@leerkring.test" },
  groups: [
    {
      name: "Leergroep Gent",
      coach: { name: "Koen De Smet", email: "coach.gent@leerkring.test" },
      leaders: ["An Peeters", "Bart Janssens", "Charlotte Maes", "Dirk Willems", "Els Claes", "Frank Goossens"],
    },
    {
      name: "Leergroep Antwerpen",
      coach: { name: "Sofie Wouters", email: "coach.antwerpen@leerkring.test" },
      leaders: ["Greet Mertens", "Hans Jacobs", "Inge Dubois", "Jan Lambrechts", "Karen Hermans", "Luc Aerts"],
    },
  ],
};

// Practice stories and a group that continued on its own (issue 15 items 3, 7; decisions 055, 056).
const weeks = (n: number) => n * 7;
const brugge = {
  trajectory: "Leersprongen 2024-2026",
  name: "Leergroep Brugge",
  coach: { name: "Wim Van den Broeck", email: "coach.brugge@leerkring.test" },
  leaders: [
    { name: "Marleen Verhoeven", school: "Basisschool De Klimop, Sint-Kruis" },
    { name: "Nico Desmet", school: "Vrije Basisschool Sint-Lodewijk, Brugge" },
    { name: "Olivia Van Damme", school: "Stedelijke Basisschool Het Anker, Assebroek" },
    { name: "Pieter Bogaert", school: "Gemeentelijke Basisschool De Vlinder, Oostkamp" },
    { name: "Ruth Declercq", school: "Basisschool Sint-Andreas, Zedelgem" },
  ],
  /** The leaders' votes on the end, in order: the third "continue" is more than half of five and settles it. */
  votes: ["continue", "continue", "close", "continue"] as const,
  moments: [
    {
      key: "y1_mid" as const,
      written: { days: weeks(95), hour: 20 },
      voted: weeks(94),
      stories: [
        {
          author: 0,
          change:
            "Mijn personeelsvergaderingen waren een uur mededelingen. Sinds de kerstvakantie gaan de mededelingen op vrijdag per mail en openen we elke vergadering met één vraag uit een klas, die een leerkracht zelf meebrengt. De eerste keer bleef het stil; de derde keer liepen we tien minuten uit omdat iedereen iets wilde zeggen over de leesgroepen in het derde leerjaar.",
          intention: "Ik wil dat leerkrachten om beurten de vergadering voorzitten, te beginnen in maart.",
        },
        {
          author: 1,
          change:
            "Ik loop nu elke dinsdagochtend tien minuten mee in een klas, zonder lijstje. Vroeger kwam ik alleen bij problemen. Twee leerkrachten vroegen achteraf zelf om feedback.",
          intention: "Na elk bezoek één zin terugkoppeling geven, binnen de dag.",
        },
        {
          author: 3,
          change:
            "Ik heb mijn agenda op maandag leeggemaakt voor gesprekken met het zorgteam in plaats van administratie. De wachtlijst voor leerlingbesprekingen is gehalveerd.",
          intention: "De administratie naar de secretariaatsmedewerker delegeren met een duidelijke afspraak.",
        },
      ],
      votes: [
        [1, 0],
        [2, 0],
        [3, 0],
        [4, 1],
        [0, 2],
      ] as [number, number][],
      selected: 0,
      why: "Het verandert niet alleen wat Marleen doet maar hoe het hele team vergadert: leerkrachten brengen zelf de inhoud. Drie van ons willen het ook proberen.",
      consent: true,
    },
    {
      key: "y1_end" as const,
      written: { days: weeks(70), hour: 20 },
      voted: weeks(69),
      stories: [
        {
          author: 2,
          change:
            "Bij het conflict over de speelplaatsregels heb ik niet zelf beslist maar de twee kampen samen een voorstel laten schrijven, met mij als voorzitter. Het voorstel kwam er in twee weken, en niemand voelde zich overruled.",
          intention: "Bij het volgende meningsverschil eerst vragen wie er mee moet beslissen voor ik iets zeg.",
        },
        {
          author: 4,
          change: "Ik voer nu functioneringsgesprekken met de vragen uit onze intervisie: wat wil je leren, wat heb je van mij nodig.",
          intention: "Ook met het onderhoudspersoneel.",
        },
      ],
      votes: [
        [0, 0],
        [1, 0],
        [3, 1],
        [4, 0],
        [2, 1],
      ] as [number, number][],
      selected: 0,
      why: "Olivia liet een beslissing los die ze vroeger zelf nam, en het werkte beter. Dat is precies waar we als groep mee worstelen.",
      consent: true,
    },
    {
      key: "y2_mid" as const,
      written: { days: weeks(45), hour: 20 },
      voted: weeks(44),
      stories: [
        {
          author: 3,
          change:
            "Ik vraag ouders bij een klacht nu eerst wat ze al geprobeerd hebben en wat ze van de school verwachten, voor ik uitleg geef. De gesprekken zijn korter en ik moet minder vaak terugkomen op wat ik beloofd had.",
          intention: "Deze vragen doorgeven aan de leerkrachten van de eerste graad.",
        },
        {
          author: 1,
          change:
            "Ik schrijf na elke moeilijke week vijf regels reflectie. Ik merk dat ik rustiger reageer op mails van het schoolbestuur.",
          intention: "Eén keer per maand die notities bespreken met een collega uit de groep.",
        },
      ],
      votes: [
        [0, 0],
        [1, 0],
        [2, 0],
        [4, 1],
        [3, 1],
      ] as [number, number][],
      selected: 0,
      why: "Concreet, meteen toepasbaar en het raakt iets waar elke directeur mee te maken heeft.",
      consent: false,
    },
    {
      key: "y2_end" as const,
      written: { days: weeks(32), hour: 20 },
      voted: weeks(31),
      stories: [
        {
          author: 4,
          change:
            "Ons team heeft zelf een visietekst over feedback geschreven, in drie werksessies die ik begeleidde maar niet invulde. Het is de eerste tekst op school die de leerkrachten echt citeren.",
          intention: "De tekst volgend schooljaar gebruiken bij de klasbezoeken van nieuwe collega's.",
        },
        {
          author: 0,
          change: "Leerkrachten zitten nu om beurten de personeelsvergadering voor. Ik neem notities.",
          intention: "De agenda ook door het team laten opstellen.",
        },
      ],
      votes: [
        [0, 0],
        [1, 0],
        [2, 0],
        [3, 1],
        [4, 1],
      ] as [number, number][],
      selected: 0,
      why: "Het laat zien hoe gedeeld leiderschap groeit over twee jaar; Ruth gaf eigenaarschap aan het team.",
      consent: true,
    },
  ],
};

type Profile = Partial<Pick<InstanceType<typeof User>, "school" | "schoolLevel" | "careerPhase" | "yearsAsLeader" | "locale" | "timeZone">>;
const exp = (school: string, schoolLevel: Profile["schoolLevel"], years: number): Profile => ({
  school,
  schoolLevel,
  careerPhase: "experienced",
  yearsAsLeader: years,
});
const starter = (school: string, schoolLevel: Profile["schoolLevel"]): Profile => ({ school, schoolLevel, careerPhase: "starter" });
/** What the members filled in on their profile (the settings page), so lists show who is who. One
 *  leader reads in English and one works from another time zone: dates follow each reader. */
const profiles: Record<string, Profile> = {
  "An Peeters": exp("Basisschool De Regenboog, Gentbrugge", "primary", 7),
  "Bart Janssens": starter("Sint-Lievenscollege, Gent", "secondary"),
  "Charlotte Maes": exp("Stedelijke Basisschool De Wijze Boom, Ledeberg", "primary", 12),
  "Dirk Willems": exp("Atheneum Gent-Zuid", "secondary", 4),
  "Els Claes": starter("Buitengewoon Basisonderwijs Het Anker, Drongen", "special"),
  "Frank Goossens": exp("Centrum voor Volwassenenonderwijs Leie, Gent", "adult", 15),
  "Greet Mertens": exp("Vrije Basisschool Sint-Jozef, Berchem", "primary", 9),
  "Hans Jacobs": { ...starter("Koninklijk Atheneum Antwerpen", "secondary"), timeZone: "Europe/Lisbon" },
  "Inge Dubois": exp("Basisschool 't Klavertje, Wilrijk", "primary", 3),
  "Jan Lambrechts": exp("Technisch Instituut Sint-Vincentius, Antwerpen", "secondary", 18),
  "Karen Hermans": { ...starter("Europese School Antwerpen (basisschool)", "primary"), locale: "en" },
  "Luc Aerts": exp("Academie voor Muziek, Woord en Dans, Mortsel", "arts", 6),
};

export const emailOf = (name: string) => {
  const local = name
    .toLowerCase()
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/\s+/g, ".");
  return `${local}@leerkring.test`;
};

/** The first login README shows: a leader with unread threads and a mention waiting. */
export const FIRST_LOGIN = emailOf(people.groups[0].leaders[0]);

/** Empties every collection (indexes stay). */
export async function wipe() {
  const db = mongoose.connection.db;
  if (!db) throw new Error("mongoose is not connected");
  const collections = await db.listCollections({}, { nameOnly: true }).toArray();
  await Promise.all(collections.filter((c) => !c.name.startsWith("system.")).map((c) => db.collection(c.name).deleteMany({})));
}

// ---- time ----------------------------------------------------------------------------------

interface Stretch {
  from: number;
  to: number;
  target: number;
}

/** Runs steps each in its own stretch of real time, remembering which past moment it stands for. */
function timeline(now: number) {
  const stretches: Stretch[] = [];
  const at = (w: When) => {
    const d = new Date(now - w.days * 86_400_000);
    d.setHours(w.hour, w.minute ?? 0, 0, 0);
    return Math.min(d.getTime(), now - 60_000);
  };
  return {
    at,
    stretches,
    async run<T>(when: When | number, step: () => Promise<T>): Promise<T> {
      // Stretches never share a millisecond: a date then belongs to one step only.
      const last = stretches.at(-1)?.to ?? 0;
      while (Date.now() <= last) await new Promise((r) => setImmediate(r));
      const from = Date.now();
      const result = await step();
      stretches.push({ from, to: Date.now(), target: typeof when === "number" ? when : at(when) });
      return result;
    },
  };
}

/** Edit marks are one per editor, document and minute of real time: a step that ran across a
 *  minute's turn left two. Keyed by the minute they now stand for, one each, so every seed is the same. */
async function settleEditMarks() {
  const seen = new Set<string>();
  for (const m of await DocEditMark.find({}, { docId: 1, actorId: 1, at: 1 }).sort({ at: 1 }).lean()) {
    const minute = Math.floor(m.at.getTime() / 60_000);
    const key = `${m.docId}:${m.actorId}:${minute}`;
    if (seen.has(key)) await DocEditMark.deleteOne({ _id: m._id });
    else await DocEditMark.updateOne({ _id: m._id }, { $set: { minute } });
    seen.add(key);
  }
}

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/** Moves every stored date (and ISO date string inside mixed data) written during a stretch to its target. */
async function remapDates(stretches: Stretch[]) {
  const move = (t: number) => {
    const s = stretches.find((x) => t >= x.from && t <= x.to);
    return s ? s.target + (t - s.from) : null;
  };
  const walk = (v: unknown): { value: unknown; changed: boolean } => {
    if (v instanceof Date) {
      const m = move(v.getTime());
      return m === null ? { value: v, changed: false } : { value: new Date(m), changed: true };
    }
    if (typeof v === "string" && ISO.test(v)) {
      const m = move(Date.parse(v));
      return m === null ? { value: v, changed: false } : { value: new Date(m).toISOString(), changed: true };
    }
    if (Array.isArray(v)) {
      let changed = false;
      const value = v.map((x) => {
        const r = walk(x);
        changed ||= r.changed;
        return r.value;
      });
      return { value, changed };
    }
    if (v && typeof v === "object" && Object.getPrototypeOf(v) === Object.prototype) {
      let changed = false;
      const value: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) {
        const r = walk(x);
        changed ||= r.changed;
        value[k] = r.value;
      }
      return { value, changed };
    }
    return { value: v, changed: false };
  };
  for (const model of Object.values(mongoose.models) as Model<unknown>[]) {
    // Only the fields that hold dates or mixed data are read and written back.
    const fields: string[] = [];
    model.schema.eachPath((path, type) => {
      if (path !== "_id" && (type.instance === "Date" || type.instance === "Mixed")) fields.push(path.split(".")[0]);
    });
    if (fields.length === 0) continue;
    const projection = Object.fromEntries([...new Set(fields)].map((f) => [f, 1]));
    const rows = await model.collection.find({}, { projection }).toArray();
    for (const row of rows) {
      const set: Record<string, unknown> = {};
      for (const f of Object.keys(projection)) {
        const r = walk(row[f]);
        if (r.changed) set[f] = r.value;
      }
      if (Object.keys(set).length) await model.collection.updateOne({ _id: row._id }, { $set: set });
    }
  }
}

// ---- documents -----------------------------------------------------------------------------

/** A member's editor: loads the stored document, appends the blocks, stores the change as one batch. */
async function appendBlocks(ctx: ServiceContext, services: Services, groupId: string, docId: string, blocks: Block[], clientId: string) {
  const ydoc = new Y.Doc();
  const state = await services.collab.loadDocState(ctx, { groupId, docId, stateVector: Y.encodeStateVector(ydoc) });
  Y.applyUpdate(ydoc, state.update);
  const updates: Uint8Array[] = [];
  ydoc.on("update", (u: Uint8Array) => updates.push(u));
  const frag = ydoc.getXmlFragment(CONTENT_FIELD);
  frag.insert(frag.length, blocks.map(blockNode));
  ydoc.destroy();
  await services.collab.applyDocUpdate(ctx, { groupId, docId, clientId, update: Y.mergeUpdates(updates) });
}

/** A comment anchor (two encoded relative positions, as the browser makes them) around `phrase`. */
async function anchorOn(ctx: ServiceContext, services: Services, groupId: string, docId: string, phrase: string) {
  const ydoc = new Y.Doc();
  const state = await services.collab.loadDocState(ctx, { groupId, docId, stateVector: Y.encodeStateVector(ydoc) });
  Y.applyUpdate(ydoc, state.update);
  const find = (node: Y.XmlFragment | Y.XmlElement): { text: Y.XmlText; index: number } | null => {
    for (const c of node.toArray()) {
      if (c instanceof Y.XmlText) {
        const index = c.toString().indexOf(phrase);
        if (index >= 0) return { text: c, index };
      } else if (c instanceof Y.XmlElement) {
        const hit = find(c);
        if (hit) return hit;
      }
    }
    return null;
  };
  const hit = find(ydoc.getXmlFragment(CONTENT_FIELD));
  if (!hit) throw new Error(`seed: "${phrase}" is not in the document`);
  const enc = (i: number) => Buffer.from(Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(hit.text, i))).toString("base64");
  const anchor = { anchorStart: enc(hit.index), anchorEnd: enc(hit.index + phrase.length) };
  ydoc.destroy();
  return anchor;
}

// ---- the seed ------------------------------------------------------------------------------

/** The demo PDF's lines (issue 20 round two, files2): words a search for "zorg" or "ouderraad" finds. */
const DEMO_PDF_LINES = [
  "Scholengroep Leerkring - beleidsplan leerlingenzorg",
  "",
  "1. Visie: zorg op maat voor elke leerling, met het zorgcontinuum als kader.",
  "2. Het zorgteam komt tweewekelijks samen; de ouderraad wordt elk trimester betrokken.",
  "3. Brede basiszorg: differentiatie in de klas, co-teaching en een vaste leerlingbespreking.",
  "4. Verhoogde zorg: handelingsplannen, evaluatie na zes weken, overleg met het CLB.",
  "5. Professionalisering: twee pedagogische studiedagen per schooljaar over zorg.",
  "",
  "Opgesteld door het beleidsteam, te bespreken in de leergroep.",
];

export interface SeedResult {
  logins: string[];
}

/** Writes the demo into an empty database (wipe() first to start over). */
export async function seed(log: (s: string) => void = console.log, sessionSecret = localSessionSecret()): Promise<SeedResult> {
  const services = createServices({
    publisher: silentPublisher,
    sendMail: async () => undefined,
    appUrl: process.env.APP_URL ?? "http://localhost:3000",
    redis: null,
    // The seed writes a few weeks of a group's messages at once: the per-user send budget is for people.
    limits: { ...createLimits(null), send: new RateLimiterMemory({ points: 1_000_000, duration: 1 }) },
  });
  const t = timeline(Date.now());
  const readPositions: Sent[] = [];
  let closed = false;
  const close = async () => {
    if (!closed) await services.close();
    closed = true;
  };
  let n = 0;
  const cid = (prefix: string) => `seed-${prefix}-${(n++).toString().padStart(4, "0")}`;
  try {
    const passwordHash = await hashPassword(DEMO_PASSWORD);
    // The trajectory is in its second school year (decision 050): set up at the end of August, a year before last.
    const startDate = trajectoryStart(new Date());
    const s = daysBefore(startDate);
    const start = { days: s + 10, hour: 9 };
    const logins: string[] = [];
    const setup = await t.run(start, async () => {
      const mk = (p: { name: string; email: string }, isOrganiser = false) =>
        User.create({ ...p, passwordHash, isOrganiser, status: "active", locale: "nl", ...profiles[p.name] });
      // Second factor (decision 039): required for organisers and coaches; in the demo ONLY, enrolled
      // with the fixed secret README gives (npm run demo:code prints its current code).
      const enrol = (u: { _id: unknown }) =>
        SecondFactor.create({
          _id: String(u._id),
          secret: sealSecret(sessionSecret, String(u._id), DEMO_TOTP_SECRET),
          confirmedAt: new Date(),
        });
      const organiser = await mk(people.organiser, true);
      await enrol(organiser);
      const trajectory = await Trajectory.create({ name: DEMO_TRAJECTORY, startDate, organiserIds: [organiser._id] });
      logins.push(`organisator: ${people.organiser.email}`);
      const made = [];
      for (const g of people.groups) {
        const group = await Group.create({ trajectoryId: trajectory._id, name: g.name, charterVersion: 1 });
        await CharterVersion.create({ groupId: group._id, version: 1, text: CHARTER, createdBy: organiser._id });
        const coach = await mk(g.coach);
        await enrol(coach);
        await createMembership({ groupId: group._id, userId: coach._id, role: "coach", status: "active", acceptedCharterVersion: 1 });
        logins.push(`procescoach ${g.name}: ${g.coach.email}`);
        const members = [coach];
        for (const [i, name] of g.leaders.entries()) {
          const u = await mk({ name, email: emailOf(name) });
          await LeaderSeat.create({ _id: `${group._id}:${i + 1}`, groupId: group._id, userId: u._id });
          await createMembership({ groupId: group._id, userId: u._id, role: "leader", status: "active", acceptedCharterVersion: 1 });
          logins.push(`schoolleider ${g.name}: ${u.email}`);
          members.push(u);
        }
        made.push({ groupId: String(group._id), members });
      }
      return made;
    });

    // Every step of every group, in the order of its day: the group log's positions follow the dates.
    const steps: { when: When; run: () => Promise<unknown> }[] = [];
    for (const [gi, g] of content.entries()) {
      const { groupId, members } = setup[gi];
      const as = (who: number) => services.as({ id: String(members[who]._id), isOrganiser: false });
      steps.push(...groupSteps(services, t.at, readPositions, g, groupId, as, cid, members.length));
      const goalIds: string[] = []; // the group's goals by place, for the meetings' progress notes
      steps.push(...planSteps(services, plansByGroup(s)[gi], groupId, as, goalIds)); // action plans, goals, coaching notes
      // Meetings (issue 14 item 2): the rhythm's plan, then agenda, minutes, attendance, assignments, goal progress
      steps.push(...meetingSteps(services, meetingContent[gi], startDate, s, groupId, as, cid, goalIds));
      // Intervision rounds (issue 13 item 6, decision 044): two finished, one in silent writing
      steps.push(...roundSteps(services, roundContent[gi] ?? [], groupId, members, as, cid));
      // Search (issue 20, decision 087): threads, a case, a document and minutes that obvious Dutch words find
      steps.push(...searchSteps(services, t.at, readPositions, searchable[gi], groupId, as, cid, members.length));
    }
    steps.sort((a, b) => t.at(a.when) - t.at(b.when));
    for (const s of steps) await t.run(s.when, s.run);

    // baseline/end analysis and 360-degree feedback (decision 036): a demo leader's BSA, raters, a half ESA.
    {
      const a = analysisDemo(s);
      const leader = setup[a.group].members[a.leader];
      const mails: OutgoingMail[] = [];
      const ctx = {
        ...services.as({ id: String(leader._id), isOrganiser: false }),
        sendMail: async (m: OutgoingMail) => void mails.push(m),
      };
      const trajectoryId = String((await Group.findById(setup[a.group].groupId).lean())?.trajectoryId);
      const { id: bsa } = await t.run(a.bsa.started, async () => {
        const started = await services.analysis.startAnalysis(ctx, { trajectoryId, kind: "bsa" });
        await services.analysis.saveAnswers(ctx, started.id, a.bsa.answers);
        return started;
      });
      await t.run(a.bsa.submitted, () => services.analysis.submitAnalysis(ctx, { analysisId: bsa }));
      await t.run(a.raters.invited, () =>
        services.feedback360.inviteRaters(ctx, { analysisId: bsa, emails: a.raters.emails.join("\n"), locale: "nl" }),
      );
      for (const [i, r] of a.raters.answered.entries()) {
        const token = /\/feedback\/([A-Za-z0-9_-]+)/.exec(mails.find((m) => m.to === a.raters.emails[i])?.text ?? "")?.[1];
        await t.run(r.when, () => services.feedback360.submitRating(services.deps, token, r.answers, "seed"));
      }
      await t.run(a.esa.started, async () => {
        const { id: esa } = await services.analysis.startAnalysis(ctx, { trajectoryId, kind: "esa" });
        await services.analysis.saveAnswers(ctx, esa, a.esa.answers);
      });
      // Every other leader filled in the BSA in the first weeks too.
      const baselines = otherBaselines(s).sort((x, y) => t.at(x.when) - t.at(y.when));
      for (const b of baselines) {
        const who = services.as({ id: String(setup[b.group].members[b.leader]._id), isOrganiser: false });
        await t.run(b.when, async () => {
          const { id } = await services.analysis.startAnalysis(who, { trajectoryId, kind: "bsa" });
          await services.analysis.saveAnswers(who, id, b.answers);
          await services.analysis.submitAnalysis(who, { analysisId: id });
        });
      }
    }

    // Evaluation (issue 15, decisions 052-054): the trajectory began last school year; its contact
    // days of that year get the one-minute checks of those present (one with only four answers: no
    // figures), two learning-culture scans done and the third still ahead, the learning indicators of
    // year one; five of six leaders of the first group consent to share (so it does not share yet).
    // Written through the services at the moment each stands for (they take "now"), outside the
    // stretches above, so remapDates leaves these dates alone.
    {
      const { Meeting } = await import("../models/meeting/meeting.model");
      const { Attendance } = await import("../models/meeting/meeting-content.model");
      const { INSTRUMENTS } = await import("../models/evaluation/instruments.constants");
      const { itemsOf } = await import("../models/evaluation/instrument.inputs");
      const { datedMoments } = await import("../models/evaluation/moments");
      const now = new Date();
      // The trajectory's start (decision 050 puts it in its second school year).
      const startDate = (await Trajectory.findOne({ name: DEMO_TRAJECTORY }, { startDate: 1 }).lean())!.startDate!;
      const DAY = 86_400_000;
      /** A score that drifts from `base` by `slope` over `t` (0..1), with a fixed wobble per person and item. */
      const score = (base: number, slope: number, t: number, who: number, item: number) =>
        Math.max(
          1,
          Math.min(5, Math.round(base + [0, 0.4, -0.3, 0.2, -0.5, 0.3][item % 6] + slope * t + (((who * 7 + item * 3) % 3) - 1) * 0.6)),
        );
      for (const [gi, { groupId, members }] of setup.entries()) {
        const leaders = members.slice(1).map((u) => services.as({ id: String(u._id), isOrganiser: false }));
        // The contact days of the past year (the plan's, with their attendance), until two months ago.
        const past = await Meeting.find({ groupId, kind: "contact_day", endsAt: { $lt: new Date(now.getTime() - 60 * DAY) } })
          .sort({ startsAt: 1 })
          .lean();
        for (const [k, meeting] of past.entries()) {
          const endsAt = meeting.endsAt;
          const meetingId = String(meeting._id);
          const t = k / Math.max(1, past.length - 1);
          // Those present answer (on the fourth day only four: no figures).
          const present = new Set(
            (await Attendance.find({ meetingId: meeting._id, status: "present" }, { userId: 1 }).lean()).map((a) => String(a.userId)),
          );
          const here = leaders.filter((ctx) => present.has(ctx.actor.id));
          const items = itemsOf(INSTRUMENTS["reaction-meeting"]);
          for (const [who, ctx] of here.slice(0, k === 3 ? 4 : here.length).entries())
            await services.evaluation.submitCheck(
              ctx,
              {
                groupId,
                occasion: `meeting-${meetingId}`,
                scores: Object.fromEntries(items.map((it, i) => [it.id, score(gi === 0 ? 3.2 : 3.6, 1.2, t, who, i)])),
                line: "",
              },
              new Date(endsAt.getTime() + DAY),
            );
        }
        // The set moments that have closed: both scans of year one and its learning indicators.
        for (const d of datedMoments(startDate).filter((x) => x.closes < now)) {
          const items = itemsOf(INSTRUMENTS[d.instrument]);
          for (const [who, ctx] of leaders.entries())
            await services.evaluation.submitCheck(
              ctx,
              {
                groupId,
                occasion: `moment-${d.id}`,
                scores: Object.fromEntries(
                  items.map((it, i) => [it.id, score(2.8 + (it.indicator === "shared_goals" ? -0.6 : 0), 1.2, d.n - 1, who + gi, i)]),
                ),
                line: "",
              },
              new Date(d.opens.getTime() + 3 * DAY),
            );
        }
        if (gi === 0) for (const ctx of leaders.slice(0, 5)) await services.evaluation.setShareConsent(ctx, { groupId, consent: true });
      }
    }

    // Practice stories and a group that continued on its own (issue 15 items 3, 7; decisions 055, 056):
    // Leergroep Brugge of an earlier trajectory wrote stories at its four moments, selected the most
    // significant change of each (three authors let theirs leave the group), approved its end report,
    // voted to continue and now runs itself with a rotating chair; its coach left, its organiser sees nothing.
    {
      const d = brugge;
      const earlier = await t.run({ days: 820, hour: 9 }, async () => {
        const trajectory = await Trajectory.create({
          name: d.trajectory,
          startDate: new Date("2024-09-01T12:00:00Z"),
          organiserIds: [(await User.findOne({ email: people.organiser.email }).lean())!._id],
        });
        const group = await Group.create({ trajectoryId: trajectory._id, name: d.name, charterVersion: 1 });
        await CharterVersion.create({ groupId: group._id, version: 1, text: CHARTER, createdBy: trajectory.organiserIds[0] });
        const mk = (name: string, email: string, school?: string) =>
          User.create({ name, email, passwordHash, status: "active", locale: "nl", ...(school ? exp(school, "primary", 8) : {}) });
        const coach = await mk(d.coach.name, d.coach.email);
        await createMembership({ groupId: group._id, userId: coach._id, role: "coach", status: "active", acceptedCharterVersion: 1 });
        const leaders = [];
        for (const [i, l] of d.leaders.entries()) {
          const u = await mk(l.name, emailOf(l.name), l.school);
          await LeaderSeat.create({ _id: `${group._id}:${i + 1}`, groupId: group._id, userId: u._id });
          await createMembership({ groupId: group._id, userId: u._id, role: "leader", status: "active", acceptedCharterVersion: 1 });
          logins.push(`schoolleider ${d.name} (gaat zelf verder): ${u.email}`);
          leaders.push(u);
        }
        return { groupId: String(group._id), coach, leaders };
      });
      const as = (u: { _id: unknown }) => services.as({ id: String(u._id), isOrganiser: false });
      const { groupId, coach, leaders } = earlier;
      for (const m of d.moments) {
        const ids = await t.run(m.written, () =>
          Promise.all(
            m.stories.map(
              async (st) =>
                (
                  await services.story.writeStory(as(leaders[st.author]), {
                    groupId,
                    moment: m.key,
                    change: st.change,
                    intention: st.intention,
                  })
                ).id,
            ),
          ),
        );
        await t.run({ days: m.voted, hour: 20 }, async () => {
          for (const [voter, story] of m.votes)
            await services.story.voteStory(as(leaders[voter]), { groupId, moment: m.key, storyId: ids[story] });
        });
        await t.run({ days: m.voted, hour: 21 }, async () => {
          await services.story.selectStory(as(coach), { groupId, moment: m.key, storyId: ids[m.selected], why: m.why });
          if (m.consent)
            await services.story.setStoryConsent(as(leaders[m.stories[m.selected].author]), {
              groupId,
              storyId: ids[m.selected],
              consent: true,
            });
        });
      }
      await t.run({ days: 200, hour: 15 }, async () => {
        await services.continuation.compileReport(as(coach), { groupId });
        const { version } = await services.continuation.fixReport(as(leaders[0]), { groupId });
        for (const who of [...leaders.slice(1), coach]) await services.continuation.approveReport(as(who), { groupId, version });
      });
      await t.run({ days: 190, hour: 20 }, async () => {
        for (const [i, choice] of d.votes.entries()) await services.continuation.voteEnd(as(leaders[i]), { groupId, choice });
      });
      // The chair has passed twice since: the first in turn, then the next.
      for (const [i, days] of [120, 40].entries())
        await t.run({ days, hour: 19 }, async () => {
          const page = await services.continuation.getEndPage(as(leaders[0]), { groupId });
          const next = leaders.find((l) => String(l._id) === page.continued?.nextId) ?? leaders[i];
          await services.continuation.takeChair(as(next), { groupId });
        });
    }

    // Network moments (issue 16 item 1, decision 066): a planned one in a few weeks for all groups of
    // the trajectory (the past one comes with its harvest below).
    {
      const { seedNetworkMoments } = await import("./seed-moments");
      const organiser = (await User.findOne({ email: people.organiser.email }).lean())!;
      await seedNetworkMoments(services, {
        organiserId: String(organiser._id),
        coFacilitatorEmail: people.groups[1].coach.email,
        trajectoryId: String((await Group.findById(setup[0].groupId).lean())?.trajectoryId),
        groupIds: setup.map((g) => g.groupId),
      });
    }
    // Network moments: the harvest (issue 16 item 4, decision 074): the past moment ("Netwerkmoment
    // najaar", about four months ago) with its tables, boards, published outputs and what reached Gent.
    await pastMomentHarvest(services, t, setup, appendBlocks);

    // Reading: everyone has read everything, except the stale readers, who stopped some days ago.
    await t.run({ days: 0, hour: 0 }, async () => {
      for (const [gi, g] of content.entries()) {
        const { groupId, members } = setup[gi];
        for (const [who, m] of members.entries()) {
          const ctx = services.as({ id: String(m._id), isOrganiser: false });
          for (const th of await services.thread.listThreads(ctx, groupId)) {
            const upTo = g.readers.stale.includes(who) ? readUpTo(th.id, g.readers.upToDays) : th.lastSeq;
            if (upTo > 0) await services.thread.markRead(ctx, { groupId, threadId: th.id, seq: upTo });
          }
        }
      }
    });
    // Demo files (issue 20 round two, files2): a policy PDF on the first group's case and a photo of
    // the whiteboard on its last contact day held, uploaded and attached through the services (the
    // photo re-encoded, with its thumbnail), so the case and the meeting pages show them.
    {
      const { groupId, members } = setup[0];
      const by = services.as({ id: String(members[1]._id), isOrganiser: false });
      const [firstCase] = await services.document.listCases(by, { groupId });
      const pdf = await services.attachment.upload(by, {
        groupId,
        name: "Beleidsplan zorg 2026-2028.pdf",
        stream: Readable.from([demoPdf("Beleidsplan zorg 2026-2028", DEMO_PDF_LINES)]),
      });
      await services.document.attachCaseFile(by, { groupId, docId: firstCase.docId, fileId: pdf.id });
      const [lastHeld] = await Meeting.find({ groupId, kind: "contact_day", startsAt: { $lt: new Date() } })
        .sort({ startsAt: -1 })
        .limit(1)
        .lean();
      const photo = await services.attachment.upload(by, {
        groupId,
        name: "Whiteboard brainstorm.jpg",
        stream: Readable.from([await demoWhiteboard()]),
      });
      await services.meetingContent.attachMeetingFile(by, { groupId, meetingId: String(lastHeld._id), fileId: photo.id });
    }
    await close(); // its timers would write "last edited" again after the dates moved
    await remapDates(t.stretches);
    await settleEditMarks();
    log(`Demo data created. Every demo login uses the password "${DEMO_PASSWORD}":`);
    for (const l of logins) log(`  ${l}`);
    log(`Start with ${FIRST_LOGIN}: unread threads and a mention wait in the inbox.`);
    return { logins };
  } finally {
    await close();
  }

  /** The newest position of a thread a stale reader saw (what was sent before `days` ago). */
  function readUpTo(threadId: string, days: number) {
    return readPositions.filter((r) => r.threadId === threadId && r.at <= t.at({ days, hour: 23, minute: 59 })).at(-1)?.seq ?? 0;
  }
}

/** A message the seed sent: its thread, position and the time it stands for (for the stale readers). */
type Sent = { threadId: string; seq: number; at: number };

function groupSteps(
  services: Services,
  at: (w: When) => number,
  readPositions: Sent[],
  g: SeedGroup,
  groupId: string,
  as: (who: number) => ServiceContext,
  cid: (p: string) => string,
  size: number,
) {
  const steps: { when: When; run: () => Promise<unknown> }[] = [];
  for (const th of g.threads) {
    let threadId = "";
    const [first, ...replies] = th.messages;
    steps.push({
      when: first,
      run: async () => {
        const ev = await services.thread.startThread(as(first.by), {
          groupId,
          clientId: cid("thread"),
          title: th.title,
          text: first.text,
        });
        threadId = (ev.data as { thread: { id: string } }).thread.id;
        readPositions.push({ threadId, seq: ev.seq, at: at(first) });
        if (th.pinned) await services.thread.pinThread(as(0), { groupId, threadId, clientId: cid("pin"), pinned: true });
      },
    });
    for (const m of replies) {
      steps.push({
        when: m,
        run: async () => {
          const ev = await services.thread.sendMessage(as(m.by), {
            groupId,
            threadId,
            clientId: cid("msg"),
            text: m.text,
          });
          // Its documents and notifications follow the ack (decision 058): written at this step's moment.
          await services.thread.settled(as(m.by), groupId);
          readPositions.push({ threadId, seq: ev.seq, at: at(m) });
        },
      });
    }
  }
  for (const c of g.cases) {
    let docId = "";
    const first = c.edits[0];
    steps.push({
      when: { ...first, minute: (first.minute ?? 0) - 1 },
      run: async () => {
        const created = await services.document.createCase(as(c.bringer), { groupId, title: c.title });
        docId = created.docId;
      },
    });
    for (const e of c.edits) {
      steps.push({ when: e, run: () => appendBlocks(as(e.by), services, groupId, docId, e.blocks, cid("doc")) });
    }
    for (const v of c.versions) {
      steps.push({ when: v, run: () => services.version.createVersion(as(v.by), { groupId, docId, name: v.name }) });
    }
    for (const k of c.comments) {
      let commentId = "";
      steps.push({
        when: k,
        run: async () => {
          const anchor = await anchorOn(as(k.by), services, groupId, docId, k.on);
          const ev = await services.comment.addComment(as(k.by), { groupId, docId, clientId: cid("comment"), ...anchor, body: k.body });
          commentId = (ev.data as { comment: { id: string } }).comment.id;
        },
      });
      for (const r of k.replies) {
        steps.push({
          when: r,
          run: () => services.comment.replyToComment(as(r.by), { groupId, docId, commentId, clientId: cid("reply"), body: r.body }),
        });
      }
    }
  }
  const d = g.charterDraft;
  if (d)
    steps.push({
      when: d,
      run: async () => {
        const draft = await services.charter.getCharterDraft(as(d.by), groupId);
        if (draft) await appendBlocks(as(d.by), services, groupId, draft.docId, [{ p: d.text }], cid("charter"));
      },
    });
  if (size < 7) throw new Error("seed: a group needs its coach and six leaders");
  return steps;
}

// ---- Search (issue 20, decision 087): content that obvious Dutch words find ---------------------

/** The group's searchable threads and cases (as its own), a document, and a paragraph the scribe adds
 *  to the minutes of the last contact day held by then. */
function searchSteps(
  services: Services,
  at: (w: When) => number,
  readPositions: Sent[],
  s: SeedSearchable,
  groupId: string,
  as: (who: number) => ServiceContext,
  cid: (p: string) => string,
  size: number,
) {
  // The readers of the group are its own (seed-content.ts groups); these threads are read with the others.
  const steps = groupSteps(services, at, readPositions, { ...s, readers: { stale: [], upToDays: 0 } }, groupId, as, cid, size);
  for (const d of s.documents)
    steps.push({
      when: d,
      run: async () => {
        const doc = await services.document.createDocument(as(d.by), { groupId, title: d.title });
        await appendBlocks(as(d.by), services, groupId, doc.id, d.blocks, cid("doc"));
      },
    });
  const m = s.minutes;
  if (m)
    steps.push({
      when: m,
      run: async () => {
        const held = await Meeting.find({ groupId, kind: "contact_day", startsAt: { $lt: new Date() } }, { _id: 1 })
          .sort({ startsAt: -1 })
          .lean();
        const minutes = (await MeetingMinutes.find({ _id: { $in: held.map((h) => String(h._id)) } }).lean()).sort(
          (a, b) => held.findIndex((h) => String(h._id) === a._id) - held.findIndex((h) => String(h._id) === b._id),
        )[0];
        if (!minutes) throw new Error("seed: no contact day with minutes to add the search demo's paragraph to");
        await appendBlocks(as(m.by), services, groupId, String(minutes.docId), m.blocks, cid("minutes"));
      },
    });
  return steps;
}

// ---- Action plans, group goals, the coach's room (issue 14 items 5-7; decisions 037, 038) ------

/** A group's plans, goals and coaching notes as dated steps, through the services as their authors. */
function planSteps(services: Services, p: SeedPlans, groupId: string, as: (who: number) => ServiceContext, goalIds: string[]) {
  const steps: { when: When; run: () => Promise<unknown> }[] = [];
  const dayIn = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
  for (const plan of p.plans) {
    const ids: string[] = [];
    steps.push({
      when: plan,
      run: async () => {
        for (const q of plan.questions) {
          const { id } = await services.plan.addQuestion(as(plan.leader), { groupId, text: q.text, bsaSectionId: q.bsaSectionId });
          ids.push(id);
          for (const a of q.actions) {
            await services.plan.addAction(as(plan.leader), {
              groupId,
              questionId: id,
              text: a.text,
              date: a.inDays === null ? "" : dayIn(a.inDays),
            });
          }
          const stored = (await services.plan.getPlan(as(plan.leader), { groupId })).mine?.questions.find((x) => x.id === id);
          for (const [i, a] of q.actions.entries()) {
            const actionId = stored?.actions[i]?.id;
            if (a.done && actionId) await services.plan.setActionDone(as(plan.leader), { groupId, questionId: id, actionId, done: true });
          }
          for (const e of q.evidence)
            await services.plan.addEvidence(as(plan.leader), { groupId, questionId: id, text: e.text, url: e.url ?? "" });
          if (q.shared) await services.plan.shareQuestion(as(plan.leader), { groupId, questionId: id, shared: true });
        }
      },
    });
    for (const [qi, q] of plan.questions.entries()) {
      for (const c of q.checkIns) {
        let checkInId = "";
        steps.push({
          when: c,
          run: async () => {
            const input = { groupId, questionId: ids[qi], rating: c.rating, note: c.note, askFeedback: !!c.feedback };
            checkInId = (await services.plan.addCheckIn(as(plan.leader), input)).id;
          },
        });
        for (const f of c.feedback ?? []) {
          steps.push({ when: f, run: () => services.plan.giveFeedback(as(f.by), { groupId, checkInId, text: f.text }) });
        }
      }
    }
  }
  for (const [gi, g] of p.goals.entries()) {
    steps.push({
      when: g,
      run: async () => {
        const { id } = await services.goal.proposeGoal(as(g.by), { groupId, title: g.title, criteria: g.criteria });
        goalIds[gi] = id;
        for (const who of g.agreedBy.filter((w) => w !== g.by)) await services.goal.agreeGoal(as(who), { groupId, goalId: id, version: 1 });
      },
    });
  }
  for (const n of p.coachNotes) {
    steps.push({
      when: n,
      run: () => services.coach.addCoachNote(as(0), { groupId, memberId: as(n.about).actor.id, text: n.text }),
    });
  }
  return steps;
}

// ---- meetings (issue 14 item 2; the second year: decision 050) -----------------------------

const DAY = 86_400_000;

/** 1 September of the school year before the current one (from July on, the coming school year
 *  counts as the current one), at 12:00 UTC as the trajectory stores a start date. */
export function trajectoryStart(now: Date): Date {
  const current = now.getUTCMonth() >= 6 ? now.getUTCFullYear() : now.getUTCFullYear() - 1;
  return new Date(Date.UTC(current - 1, 8, 1, 12));
}

/** Whole calendar days from `d` to today (this machine's days, as the timeline's `When`). */
function daysBefore(d: Date): number {
  const midnight = (x: Date) => new Date(x.getFullYear(), x.getMonth(), x.getDate()).getTime();
  return Math.round((midnight(new Date()) - midnight(d)) / DAY);
}

/** A group's meetings: the coach generates the rhythm's plan when the trajectory is set up and sets
 *  the place of the contact days; then each meeting is written by its people when it happened: members
 *  put items on the agenda a few days before, the chair marks attendance on the day, the scribe
 *  writes the minutes, the chair gives the assignments after it and notes the goals' progress, the
 *  leaders answer later. Contact days get the content in order; the last held gets `recent`, the
 *  next `next`; network moments and contact days without content get attendance only. */
function meetingSteps(
  services: Services,
  content: SeedMeetings,
  startDate: Date,
  s: number,
  groupId: string,
  as: (who: number) => ServiceContext,
  cid: (p: string) => string,
  goalIds: string[],
) {
  const steps: { when: When; run: () => Promise<unknown> }[] = [];
  const now = Date.now();
  const ids = new Map<number, string>(); // startsAt -> meeting id, once the plan is written
  const dayOf = (startsAt: Date) => daysBefore(startsAt);
  const tz = RHYTHM.timeZone;
  steps.push({
    when: { days: s + 9, hour: 10 },
    run: async () => {
      await services.meeting.generateGroupPlan(as(0), { groupId });
      const planned = await Meeting.find({ groupId }, { startsAt: 1, endsAt: 1, kind: 1 }).lean();
      for (const m of planned) ids.set(m.startsAt.getTime(), String(m._id));
      for (const m of planned.filter((x) => x.kind === "contact_day")) {
        // The coach sets the place of every contact day (the next one is held online in one group).
        const next = m.startsAt.getTime() === nextContact?.getTime() ? content.next.onlineUrl : undefined;
        await services.meeting.moveMeeting(as(0), {
          groupId,
          meetingId: String(m._id),
          date: localFields(m.startsAt, tz).date,
          start: localFields(m.startsAt, tz).time,
          end: localFields(m.endsAt, tz).time,
          place: next ? "" : content.place,
          onlineUrl: next ?? "",
        });
      }
    },
  });
  // The plan the service writes (coaching talks aside), computed here to date the steps.
  const plan = generatePlan(startDate, []).filter((p) => p.kind !== "coaching_talk");
  const contactDays = plan.filter((p) => p.kind === "contact_day").map((p) => p.startsAt);
  const held = contactDays.filter((d) => d.getTime() < now);
  const nextContact = contactDays.find((d) => d.getTime() >= now);
  const contentOf = new Map<number, SeedMeeting>();
  held.slice(0, -1).forEach((d, i) => {
    const c = content.history[i];
    if (c) contentOf.set(d.getTime(), c);
  });
  if (held.length) contentOf.set(held[held.length - 1].getTime(), content.recent);
  if (nextContact) contentOf.set(nextContact.getTime(), content.next);

  for (const [k, p] of plan.entries()) {
    const at = p.startsAt.getTime();
    const m = contentOf.get(at);
    if (!m && at >= now) continue;
    const day = dayOf(p.startsAt);
    const on = (daysAfter: number, hour: number, minute = 0): When | null =>
      day - daysAfter < 0 || (day - daysAfter === 0 && at > now) ? null : { days: day - daysAfter, hour, minute };
    const target = () => {
      const id = ids.get(at);
      if (!id) throw new Error("seed: the plan has no meeting at the rhythm's date");
      return { groupId, meetingId: id };
    };
    const push = (when: When | null, run: () => Promise<unknown>) => when && steps.push({ when, run });
    for (const [i, item] of (m?.agenda ?? []).entries()) {
      push(on(-2, 20, i) ?? { days: 0, hour: 0, minute: i }, async () => {
        const ctx = as(item.by);
        let link = "";
        // A case or thread that did not exist yet stays out of the item.
        if (item.case) {
          const c = (await services.document.listCases(ctx, { groupId })).find((x) => x.title === item.case);
          if (c) link = `case:${c.id}`;
        }
        if (item.thread) {
          const th = (await services.thread.listThreads(ctx, groupId)).find((x) => x.title === item.thread);
          if (th) link = `thread:${th.id}`;
        }
        await services.meetingContent.addAgendaItem(ctx, { ...target(), title: item.title, link });
      });
    }
    const chair = m?.chair;
    if (chair !== undefined) {
      push(on(-1, 9) ?? { days: 0, hour: 0, minute: 30 }, () =>
        services.meetingContent.setMeetingChair(as(0), { ...target(), userId: as(chair).actor.id }),
      );
    }
    if (at >= now) continue; // what follows happens at or after the meeting
    const chairOf = () => as(chair ?? 0);
    // Mostly present; now and then someone excused (or, rarely, absent without word).
    const a = m?.attendance ?? {
      present: [1, 2, 3, 4, 5, 6].filter((w) => (w + k) % 5 !== 0),
      excused: [1, 2, 3, 4, 5, 6].filter((w) => (w + k) % 5 === 0 && k % 4 !== 3),
      absent: [1, 2, 3, 4, 5, 6].filter((w) => (w + k) % 5 === 0 && k % 4 === 3),
    };
    push(on(0, 9, 15), async () => {
      for (const status of ["present", "excused", "absent"] as const) {
        for (const who of a[status]) {
          await services.meetingContent.setAttendance(chairOf(), { ...target(), userId: as(who).actor.id, status });
        }
      }
    });
    if (m?.minutes) {
      const { by, blocks } = m.minutes;
      push(on(0, 17), async () => {
        const { docId } = await services.meetingContent.openMinutes(as(by), target());
        await appendBlocks(as(by), services, groupId, docId, blocks, cid("minutes"));
      });
    }
    // Answers that would lie ahead come sooner, in the same order (the last meeting held may be days ago only).
    const latest = Math.max(0, ...(m?.assignments ?? []).flatMap((x) => x.responses.map((r) => r.daysAfter)));
    const answered = (daysAfter: number) => (latest <= day ? daysAfter : Math.floor((daysAfter * day) / latest));
    for (const [j, task] of (m?.assignments ?? []).entries()) {
      let assignmentId = "";
      push(on(0, 17, 30 + j), async () => {
        const due = localFields(new Date(at + task.dueAfter * DAY), tz).date;
        const { id } = await services.meetingContent.addAssignment(chairOf(), {
          ...target(),
          title: task.title,
          description: task.description,
          due,
        });
        assignmentId = id;
      });
      for (const r of task.responses) {
        push(on(answered(r.daysAfter), 20, 45 + j), () =>
          services.meetingContent.respondToAssignment(as(r.by), { ...target(), assignmentId, text: r.text, done: r.done }),
        );
      }
    }
    for (const n of m?.progress ?? []) {
      push(on(0, 17, 45), async () => {
        // A goal agreed after this meeting has no progress to note here.
        if (goalIds[n.goal]) await services.goal.noteGoalProgress(as(n.by), { ...target(), goalId: goalIds[n.goal], text: n.text });
      });
    }
  }
  return steps;
}

// ---- Network moments: the harvest (issue 16 item 4, decision 074) --------------------------------
// PART E (moment-harvest). A past network moment about four months ago for both groups of the demo
// trajectory: a plenary, a block of mixed tables (one leader of each group per table: no two of the
// same group together), their boards, three published outputs, table 1's offered to Leergroep Gent
// by An Peeters (the first login finds it among the group's documents, with its origin), and one
// anonymised case copy Inge Dubois brought to table 3. MERGE NOTE for the lead: the Moment, Breakouts
// and BreakoutSeats are written directly (part A's planning and part B's composition services are
// not in this branch); the boards are documents of kind "note" with _id = groupId = breakoutId (part D
// may give boards their own kind). Keep one past moment titled "Netwerkmoment najaar".

const PAST_MOMENT = {
  title: "Netwerkmoment najaar",
  place: "Provinciehuis Antwerpen, zaal 3",
  agenda:
    "13.00 Welkom en terugblik op het eerste jaar\n13.30 Tafelgesprekken in gemengde duo's: een feedbackcultuur op school\n14.30 Pauze\n14.45 Oogst in de plenaire\n15.30 Afsluiting",
  /** Index in each group's members (1..6 leaders, 0 the coach): table n seats Gent's and Antwerpen's member n. */
  tables: [1, 2, 3, 4, 5, 6, 0],
  boards: [
    [
      "Klasbezoeken zonder lijstje",
      "Wat werkt: kort (tien minuten), vaak (elke week), en zonder beoordelingsformulier.",
      "Wat schuurt: leerkrachten denken dat het toch een evaluatie is zolang de directeur een map meedraagt.",
      "- Vooraf zeggen waar je op let, en het daarna ook alleen daarover hebben",
      "- Binnen de dag één zin terugkoppeling",
      "- De leerkracht kiest zelf één bezoek per trimester",
    ],
    [
      "Zelf feedback vragen als directeur",
      "We vragen feedback aan ons team, maar krijgen vooral beleefde antwoorden.",
      "- Een concrete vraag werkt beter dan 'hoe doe ik het?'",
      "- Anoniem via een kort formulier de eerste keer, daarna in het teamoverleg",
      "- Laten zien wat je met de feedback deed, binnen de maand",
    ],
    [
      "Starters begeleiden zonder ze te verliezen",
      "Beide scholen verloren vorig jaar een starter voor de krokusvakantie.",
      "- Een vaste mentor met tijd in het lessenrooster, niet 'als het past'",
      "- De eerste zes weken geen klasbezoek van de directeur, wel een wekelijks gesprek",
      "- Starters samen laten intervisie doen over de scholen heen",
    ],
    ["Feedback tussen collega's", "Nog uit te werken: wie begint, en hoe voorkom je dat het roddelen wordt?"],
  ],
  /** Tables that publish their board (table 4 did not get to it). */
  published: [0, 1, 2],
  /** Inge Dubois (Antwerpen, member 3) brings her case to table 3. */
  inbrenger: { group: 1, member: 3, table: 2 },
  case: {
    title: "Starter wil stoppen na drie maanden",
    blocks: [
      { h: "De situatie" },
      {
        p: "Lotte, leerkracht van het tweede leerjaar bij ons op De Regenboog, is sinds september in dienst. Na drie maanden zegt ze dat ze na de kerstvakantie stopt: de klas is zwaar, de ouders mailen 's avonds en haar mentor heeft geen tijd.",
      },
      { h: "Mijn vraag" },
      { p: "Hoe houd ik een starter aan boord als ik haar mentor geen uren kan geven?" },
    ] as Block[],
    copyTitle: "Een starter die na drie maanden wil stoppen",
    copy: "Een leerkracht in haar eerste jaar, in een zware klas van het tweede leerjaar, wil na drie maanden stoppen. Ouders mailen 's avonds, de mentor heeft geen uren. Mijn vraag: hoe houd ik een starter aan boord als ik de mentor geen tijd kan geven?",
  },
};

async function pastMomentHarvest(
  services: Services,
  t: ReturnType<typeof timeline>,
  setup: { groupId: string; members: { _id: unknown }[] }[],
  append: typeof appendBlocks,
) {
  const { Moment, Breakout, BreakoutSeat, seatId } = await import("../models/moment/moment.model");
  const { blocksToContent } = await import("../models/collab/blocks");
  const { oid } = await import("../models/shared/oid");
  const m = PAST_MOMENT;
  const as = (u: { _id: unknown }) => services.as({ id: String(u._id), isOrganiser: false });
  const organiser = (await User.findOne({ email: people.organiser.email }).lean())!;
  const trajectoryId = (await Group.findById(setup[0].groupId, { trajectoryId: 1 }).lean())!.trajectoryId;
  // About four months ago, on a weekday, at 13.00.
  let days = 120;
  while ([0, 6].includes(new Date(t.at({ days, hour: 13 })).getDay())) days++;
  const startsAt = new Date(t.at({ days, hour: 13 }));
  const member = (group: number, n: number) => setup[group].members[n];

  const { group: ig, member: im, table: it } = m.inbrenger;
  const inbrenger = member(ig, im);
  const theCase = await t.run({ days: days + 20, hour: 16 }, async () => {
    const c = await services.document.createCase(as(inbrenger), { groupId: setup[ig].groupId, title: m.case.title });
    await append(as(inbrenger), services, setup[ig].groupId, c.docId, m.case.blocks, `seed-moment-case-${c.id}`);
    return c;
  });

  const { momentId, tables } = await t.run({ days: days + 30, hour: 10 }, async () => {
    const moment = await Moment.create({
      trajectoryId,
      title: m.title,
      startsAt,
      place: m.place,
      agenda: m.agenda,
      groupIds: setup.map((g) => oid(g.groupId)),
      facilitatorIds: [],
      blocks: [
        { _id: "opening", kind: "plenary", title: "Welkom en terugblik", minutes: 30 },
        { _id: "tafels", kind: "breakouts", title: "Tafelgesprekken: een feedbackcultuur op school", minutes: 60, rule: "mixed", size: 2 },
        { _id: "pauze", kind: "break", title: "Pauze", minutes: 15 },
        { _id: "oogst", kind: "plenary", title: "Oogst", minutes: 45 },
      ],
      createdBy: organiser._id,
    });
    return { momentId: String(moment._id), tables: [] as string[] };
  });

  // The tables open at the start of the block: mixed duos, each a leader of Gent with one of Antwerpen.
  await t.run({ days, hour: 13, minute: 30 }, async () => {
    for (const [i, n] of m.tables.entries()) {
      const b = await Breakout.create({ momentId: oid(momentId), blockId: "tafels", index: i + 1 });
      tables.push(String(b._id));
      for (const g of setup.keys()) {
        const u = member(g, n);
        await BreakoutSeat.create({
          _id: seatId(momentId, "tafels", u._id),
          momentId: oid(momentId),
          blockId: "tafels",
          userId: u._id,
          breakoutId: b._id,
        });
      }
    }
  });

  // Inge brings the anonymised copy of her case to her table; every table writes its board.
  await t.run({ days, hour: 13, minute: 40 }, async () => {
    const draft = await services.harvest.getCaseDraft(as(inbrenger), { momentId, breakoutId: tables[it], caseId: theCase.id });
    await services.harvest.bringCase(as(inbrenger), {
      momentId,
      breakoutId: tables[it],
      caseId: draft.caseId,
      clientId: "seed-moment-case-copy",
      title: m.case.copyTitle,
      text: m.case.copy,
    });
  });
  await t.run({ days, hour: 14, minute: 15 }, async () => {
    for (const [i, lines] of m.boards.entries()) {
      const writer = member(0, m.tables[i]);
      const [title, ...rest] = lines;
      await services.document.insertDocument(
        as(writer),
        tables[i],
        "note",
        title,
        blocksToContent([{ h: title }, ...rest.map((l) => (l.startsWith("- ") ? { ul: [l.slice(2)] } : { p: l }))]),
        oid(tables[i]),
      );
    }
  });

  // In the harvest each table publishes its board as it stands; the next evening An offers table 1's to Gent.
  await t.run({ days, hour: 14, minute: 50 }, async () => {
    for (const i of m.published) {
      const who = as(member(1, m.tables[i]));
      const draft = await services.harvest.getOutputDraft(who, { momentId, breakoutId: tables[i] });
      const [title, ...text] = draft.text.split("\n");
      await services.harvest.publishOutput(who, {
        momentId,
        breakoutId: tables[i],
        clientId: `seed-moment-publish-${i}`,
        title,
        text: text.join("\n"),
      });
    }
  });
  await t.run({ days: days - 1, hour: 20 }, () =>
    services.harvest.offerOutput(as(member(0, m.tables[0])), { momentId, breakoutId: tables[0] }),
  );
}

// ---- command line --------------------------------------------------------------------------

/** The session secret the local app runs with (demo.sh, dev.sh and cluster.sh take it from
 *  scripts/secret.sh unless SESSION_SECRET is set): the demo's second factors are sealed with it. */
// ---- intervision rounds (issue 13 item 6, decision 044) --------------------------------------

/** A group's rounds, each run through the round service as its members would: the chair starts it
 *  and moves from phase to phase, members write (silent writing revealed by the chair), the
 *  inbrenger marks what the group wrote and notes action points; the scribe's notes document; the
 *  finish hands the action points to the inbrenger's plan and compiles the summary; closing checks. */
function roundSteps(
  services: Services,
  list: SeedRound[],
  groupId: string,
  members: { _id: unknown }[],
  as: (who: number) => ServiceContext,
  cid: (p: string) => string,
) {
  const dayIn = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
  const idOf = (who: number) => String(members[who]._id);
  return list.map((r) => ({
    when: r as When,
    run: async () => {
      const { id: roundId } = await services.round.createRound(as(r.chair), {
        groupId,
        protocol: r.protocol,
        inbrengerId: idOf(r.inbrenger),
        chairId: idOf(r.chair),
        memberIds: r.members.map(idOf),
        caseQuestion: r.caseQuestion,
        ...(r.whatIDid ? { whatIDid: r.whatIDid } : {}),
      });
      const ref = { groupId, roundId };
      const act = (who: number, action: RoundAction) => services.round.actOnRound(as(who), { ...ref, action });
      if (r.scribe !== undefined) await act(r.chair, { type: "assign", roles: { scribe: idOf(r.scribe) } });
      let view = await act(r.chair, { type: "start" });
      for (const p of r.phases) {
        while (view.step && view.step.phaseId !== p.phase) view = await act(r.chair, { type: "next", seen: view.version });
        for (const c of p.write ?? [])
          await act(c.by, {
            type: "contribute",
            id: c.id,
            text: c.text,
            ...(c.kind ? { kind: c.kind } : {}),
            ...(c.dueInDays !== undefined ? { due: dayIn(c.dueInDays) } : {}),
          });
        for (const who of p.done ?? []) await act(who, { type: "done" });
        if (p.reveal) await act(r.chair, { type: "reveal" });
        for (const [contribution, rating] of p.rate ?? []) await act(r.inbrenger, { type: "rate", contribution, rating });
        if (p.order) await act(r.inbrenger, { type: "order", contributions: p.order });
        if (p.pick) await act(r.inbrenger, { type: "pick", contribution: p.pick });
        for (const contribution of p.take ?? []) await act(r.inbrenger, { type: "take", contribution, taken: true });
        view = await services.round.getRoundView(as(r.chair), ref);
      }
      if (r.notes) {
        const { docId } = await services.roundRecord.openRoundNotes(as(r.notes.by), ref);
        await appendBlocks(as(r.notes.by), services, groupId, docId, r.notes.blocks, cid("round-notes"));
      }
      if (!r.finish) return;
      await act(r.chair, { type: "finish" });
      for (const c of r.checks ?? [])
        await services.roundRecord.submitClosingCheck(as(c.by), { ...ref, safety: c.safety, usefulness: c.usefulness, line: c.line });
    },
  }));
}

function localSessionSecret(): string {
  return process.env.SESSION_SECRET || execFileSync("bash", ["scripts/secret.sh"], { encoding: "utf8" }).trim();
}

/** The dev services' settings (started when they are not running), unless MONGODB_URI is given. */
function devDatabase(): string {
  if (process.env.MONGODB_URI) return process.env.MONGODB_URI;
  execFileSync("bash", ["scripts/services.sh", "start", "dev"], { stdio: "inherit" });
  const file = ".run/dev/services.env";
  if (!existsSync(file)) throw new Error(`${file} is missing after scripts/services.sh start dev`);
  for (const line of readFileSync(file, "utf8").split("\n")) {
    const m = /^([A-Z_]+)=(.*)$/.exec(line);
    if (m && !process.env[m[1]]) process.env[m[1]] = m[2];
  }
  if (!process.env.MONGODB_URI) throw new Error(`no MONGODB_URI in ${file}`);
  return process.env.MONGODB_URI;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const ifEmpty = process.argv.includes("--if-empty");
  await connectMongo(devDatabase());
  if (ifEmpty && (await Trajectory.exists({ name: DEMO_TRAJECTORY }))) {
    console.log("Demo data already present (npm run seed starts it afresh).");
  } else {
    if (!ifEmpty) {
      if (process.env.NODE_ENV === "production" && !process.argv.includes("--force")) {
        console.error("NODE_ENV is production: the seed wipes the database only with --force.");
        process.exit(1);
      }
      console.log("Wiping the database…");
      await wipe();
    }
    await seed();
  }
  await mongoose.disconnect();
}
