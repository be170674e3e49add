import mongoose, { Schema, type InferSchemaType, type Model } from "mongoose";
import { AGENDA_LINK_KINDS, ATTENDANCE } from "./meeting-content.constants";

// What a meeting holds besides its date (docs/decisions/034). Each piece is a document of its own,
// never a field of the Meeting: FerretDB rewrites a whole document per update (docs/DATABASE.md),
// so a move of the meeting and an attendance mark made at once must not meet on one document.

const model = <S extends Schema>(name: string, schema: S): Model<InferSchemaType<S>> =>
  (mongoose.models[name] as Model<InferSchemaType<S>>) ?? mongoose.model(name, schema);

/** One item of a meeting's agenda, in `position` order; optionally linked to a thing of the group. */
const agendaItemSchema = new Schema({
  groupId: { type: Schema.Types.ObjectId, required: true },
  meetingId: { type: Schema.Types.ObjectId, required: true, index: true },
  position: { type: Number, required: true },
  title: { type: String, required: true },
  linkKind: { type: String, enum: [...AGENDA_LINK_KINDS, null], default: null },
  linkId: { type: Schema.Types.ObjectId, default: null },
  createdBy: { type: Schema.Types.ObjectId, required: true },
  createdAt: { type: Date, default: () => new Date() },
});
export const AgendaItem = model("AgendaItem", agendaItemSchema);

/** The member the coach names to chair one meeting (_id = meeting id); without one, the coach chairs. */
const meetingChairSchema = new Schema({
  _id: { type: String },
  userId: { type: Schema.Types.ObjectId, required: true },
  setBy: { type: Schema.Types.ObjectId, required: true },
  at: { type: Date, default: () => new Date() },
});
export const MeetingChair = model("MeetingChair", meetingChairSchema);

/** The minutes document of a meeting (_id = meeting id): inserted once, so two first openings at
 *  once agree on one document (the loser uses the winner's docId). */
const meetingMinutesSchema = new Schema({
  _id: { type: String },
  docId: { type: Schema.Types.ObjectId, required: true },
  at: { type: Date, default: () => new Date() },
});
export const MeetingMinutes = model("MeetingMinutes", meetingMinutesSchema);

/** A member's attendance at a meeting: _id "<meetingId>:<userId>". */
const attendanceSchema = new Schema({
  _id: { type: String },
  groupId: { type: Schema.Types.ObjectId, required: true },
  meetingId: { type: Schema.Types.ObjectId, required: true, index: true },
  userId: { type: Schema.Types.ObjectId, required: true },
  status: { type: String, enum: ATTENDANCE, required: true },
  setBy: { type: Schema.Types.ObjectId, required: true },
  at: { type: Date, default: () => new Date() },
});
export const Attendance = model("Attendance", attendanceSchema);

/** Something to do before the next meeting, given at `meetingId`. */
const assignmentSchema = new Schema({
  groupId: { type: Schema.Types.ObjectId, required: true, index: true },
  meetingId: { type: Schema.Types.ObjectId, required: true },
  title: { type: String, required: true },
  description: { type: String, default: "" },
  /** The due day (a calendar date, stored at 12:00 UTC). */
  dueDate: { type: Date, required: true },
  createdBy: { type: Schema.Types.ObjectId, required: true },
  createdAt: { type: Date, default: () => new Date() },
});
export const Assignment = model("Assignment", assignmentSchema);

/** A member's answer to an assignment: _id "<assignmentId>:<userId>", written by that member only. */
const assignmentResponseSchema = new Schema({
  _id: { type: String },
  assignmentId: { type: Schema.Types.ObjectId, required: true, index: true },
  groupId: { type: Schema.Types.ObjectId, required: true },
  userId: { type: Schema.Types.ObjectId, required: true },
  text: { type: String, default: "" },
  done: { type: Boolean, default: false },
  at: { type: Date, default: () => new Date() },
});
export const AssignmentResponse = model("AssignmentResponse", assignmentResponseSchema);

/** A user's calendar feed (docs/decisions/035): _id = SHA-256 of the secret token (the URL holds the
 *  token, the database only its hash); one per user (unique userId). */
const calendarFeedSchema = new Schema({
  _id: { type: String },
  userId: { type: Schema.Types.ObjectId, required: true, unique: true },
  createdAt: { type: Date, default: () => new Date() },
});
export const CalendarFeed = model("CalendarFeed", calendarFeedSchema);
