// What an agenda item may link to, as data (docs/decisions/034): per kind, the group action that
// lets a reader see it, how to find one (its group, title and path under the group) and how to
// list a group's for the agenda form.
import { CollabDocument, Case } from "../document/document.model";
import type { GroupAction } from "../group/group.policy";
import { isObjectId } from "../shared/ids";
import { oid } from "../shared/oid";
import { Thread } from "../thread/thread.model";
import { Goal } from "../goal/goal.model";
import { Round } from "../intervision/round.model";
import type { AgendaLinkKind } from "./meeting-content.constants";
import { EvaluationResponse } from "../evaluation/evaluation.model";

export interface LinkTarget {
  groupId: string;
  title: string;
  /** Under /groups/<groupId>/. */
  path: string;
}

interface LinkKind {
  /** What the reader must be allowed in the group to see the linked thing (and that it exists). */
  action: GroupAction;
  /** The thing by id (an exact _id read), or null. */
  find(id: string): Promise<LinkTarget | null>;
  /** The group's things of this kind, newest first, for the agenda form. */
  list(groupId: string): Promise<{ id: string; title: string }[]>;
}

const LIST_MAX = 100;

export const AGENDA_LINKS: Record<AgendaLinkKind, LinkKind> = {
  case: {
    action: "doc.read",
    async find(id) {
      const c = isObjectId(id) ? await Case.findById(id, { groupId: 1, title: 1, docId: 1 }).lean() : null;
      return c && { groupId: String(c.groupId), title: c.title, path: `docs/${c.docId}` };
    },
    async list(groupId) {
      const cs = await Case.find({ groupId: oid(groupId) }, { title: 1 })
        .sort({ createdAt: -1 })
        .limit(LIST_MAX)
        .lean();
      return cs.map((c) => ({ id: String(c._id), title: c.title }));
    },
  },
  document: {
    action: "doc.read",
    async find(id) {
      const d = isObjectId(id) ? await CollabDocument.findById(id, { groupId: 1, title: 1, kind: 1 }).lean() : null;
      // Cases and the charter draft have their own doors: only notes are "documents" here.
      return d && d.kind === "note" ? { groupId: String(d.groupId), title: d.title, path: `docs/${d._id}` } : null;
    },
    async list(groupId) {
      const ds = await CollabDocument.find({ groupId: oid(groupId), kind: "note", archived: false }, { title: 1 })
        .sort({ updatedAt: -1 })
        .limit(LIST_MAX)
        .lean();
      return ds.map((d) => ({ id: String(d._id), title: d.title }));
    },
  },
  thread: {
    action: "thread.read",
    async find(id) {
      const t = isObjectId(id) ? await Thread.findById(id, { groupId: 1, title: 1 }).lean() : null;
      return t && { groupId: String(t.groupId), title: t.title, path: `threads/${t._id}` };
    },
    async list(groupId) {
      const ts = await Thread.find({ groupId: oid(groupId) }, { title: 1 })
        .sort({ lastSeq: -1 })
        .limit(LIST_MAX)
        .lean();
      return ts.map((t) => ({ id: String(t._id), title: t.title }));
    },
  },
  // Intervision rounds and group goals (issue 13, decision 044)
  round: {
    action: "group.content",
    async find(id) {
      const r = isObjectId(id) ? await Round.findById(id, { groupId: 1, caseQuestion: 1 }).lean() : null;
      return r && { groupId: String(r.groupId), title: r.caseQuestion, path: `rounds/${r._id}` };
    },
    async list(groupId) {
      const rs = await Round.find({ groupId: oid(groupId) }, { caseQuestion: 1 })
        .sort({ createdAt: -1 })
        .limit(LIST_MAX)
        .lean();
      return rs.map((r) => ({ id: String(r._id), title: r.caseQuestion }));
    },
  },
  goal: {
    action: "group.content",
    async find(id) {
      const g = isObjectId(id) ? await Goal.findById(id, { groupId: 1, title: 1 }).lean() : null;
      return g && { groupId: String(g.groupId), title: g.title, path: "goals" };
    },
    async list(groupId) {
      const gs = await Goal.find({ groupId: oid(groupId) }, { title: 1 })
        .sort({ createdAt: -1 })
        .limit(LIST_MAX)
        .lean();
      return gs.map((g) => ({ id: String(g._id), title: g.title }));
    },
  },
  // The group's learning-culture scan, its profile and trend (issue 15 item 4, decision 052): the
  // link's id is the group's own; offered once the group has answers to a scan.
  culture: {
    action: "group.content",
    async find(id) {
      return isObjectId(id) ? { groupId: id, title: "Leercultuurscan · Learning-culture scan", path: "evaluation#culture" } : null;
    },
    async list(groupId) {
      const any = await EvaluationResponse.exists({ groupId: oid(groupId), instrument: "culture" });
      return any ? [{ id: groupId, title: "Leercultuurscan · Learning-culture scan" }] : [];
    },
  },
};
