// The end report's compiled first text (decision 056): what the group holds, section by section, as
// blocks of a co-edited document. Each section is a function of the group; REPORT_SECTIONS holds them
// in order (attendance, goals, the evaluations' figures, stories).
import { Goal, GoalProgress } from "../goal/goal.model";
import { DEFAULT_TIME_ZONE, formatDate } from "../i18n/dates";
import { translate, type MessageKey } from "../i18n/i18n";
import type { Locale } from "../i18n/locale";
import type { Block } from "../collab/blocks";
import { Attendance } from "../meeting/meeting-content.model";
import { Meeting } from "../meeting/meeting.model";
import { oid } from "../shared/oid";
import { sharedStories } from "../story/story.service";
import { evaluationReportBlocks } from "../evaluation/evaluation.service";

export interface ReportInput {
  groupId: string;
  locale: Locale;
  now: Date;
}
export type ReportSection = (input: ReportInput) => Promise<Block[]>;

// The group's own zone: the report is one text for all its members.
const day = (at: Date, locale: Locale) => formatDate(at, "day", { locale, timeZone: DEFAULT_TIME_ZONE });
const t = (locale: Locale, key: MessageKey, vars?: Record<string, string | number>) => translate(locale, key, vars);

/** Attendance over time: per held contact day and network moment, how many of the members marked came. */
export const attendanceSection: ReportSection = async ({ groupId, locale, now }) => {
  const meetings = (
    await Meeting.find(
      { groupId: oid(groupId), kind: { $in: ["contact_day", "network_moment"] }, status: "planned" },
      { title: 1, startsAt: 1 },
    ).lean()
  )
    .filter((m) => m.startsAt <= now)
    .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
  const marks = meetings.length
    ? await Attendance.find({ meetingId: { $in: meetings.map((m) => m._id) } }, { meetingId: 1, status: 1 }).lean()
    : [];
  const lines = meetings.map((m) => {
    const of = marks.filter((a) => String(a.meetingId) === String(m._id));
    const date = day(m.startsAt, locale);
    return t(locale, "end_report_attendance_line", {
      date,
      title: m.title || t(locale, "end_report_meeting"),
      present: of.filter((a) => a.status === "present").length,
      marked: of.length,
    });
  });
  return [{ h: t(locale, "end_report_attendance") }, lines.length ? { ul: lines } : { p: t(locale, "end_report_none") }];
};

/** The group's goals with their success criteria and progress notes per meeting. */
export const goalsSection: ReportSection = async ({ groupId, locale }) => {
  const goals = await Goal.find({ groupId: oid(groupId) })
    .sort({ createdAt: 1 })
    .lean();
  const progress = goals.length ? await GoalProgress.find({ goalId: { $in: goals.map((g) => g._id) } }).lean() : [];
  const meetings = new Map(
    (await Meeting.find({ _id: { $in: progress.map((p) => p.meetingId) } }, { startsAt: 1 }).lean()).map((m) => [
      String(m._id),
      m.startsAt,
    ]),
  );
  const blocks: Block[] = [{ h: t(locale, "end_report_goals") }];
  if (!goals.length) blocks.push({ p: t(locale, "end_report_none") });
  for (const g of goals) {
    blocks.push({ p: g.title });
    if (g.criteria.length) blocks.push({ ul: g.criteria });
    const notes = progress
      .filter((p) => String(p.goalId) === String(g._id) && meetings.has(String(p.meetingId)))
      .sort((a, b) => meetings.get(String(a.meetingId))!.getTime() - meetings.get(String(b.meetingId))!.getTime())
      .map((p) => `${day(meetings.get(String(p.meetingId))!, locale)}: ${p.text}`);
    if (notes.length) blocks.push({ ul: notes });
  }
  return blocks;
};

/** The most significant changes the group selected whose authors consent to their leaving it (no names). */
export const storiesSection: ReportSection = async ({ groupId, locale }) => {
  const stories = await sharedStories(groupId);
  const blocks: Block[] = [{ h: t(locale, "end_report_stories") }];
  if (!stories.length) blocks.push({ p: t(locale, "end_report_no_stories") });
  for (const s of stories) {
    blocks.push(
      { p: t(locale, `story_moment_${s.moment}`) },
      { p: s.change },
      { ul: [t(locale, "end_report_intention", { text: s.intention }), t(locale, "end_report_why", { text: s.why })] },
    );
  }
  return blocks;
};

/** The evaluations' figures (decisions 052-054): only those that reached the minimum of answers. */
export const evaluationSection: ReportSection = ({ groupId, locale, now }) => evaluationReportBlocks(groupId, locale, now);

/** The report's sections in order. */
export const REPORT_SECTIONS: readonly ReportSection[] = [attendanceSection, goalsSection, evaluationSection, storiesSection];

/** The report's first text: its title and every section's blocks. */
export async function compileReportBlocks(groupName: string, input: ReportInput, sections = REPORT_SECTIONS) {
  const parts = await Promise.all(sections.map((s) => s(input)));
  return {
    title: t(input.locale, "end_report_title", { group: groupName }),
    blocks: [{ p: t(input.locale, "end_report_intro") }, ...parts.flat()],
  };
}
