import mongoose, { Schema, type InferSchemaType, type Model } from "mongoose";

const threadSchema = new Schema({
  groupId: { type: Schema.Types.ObjectId, required: true, index: true },
  title: { type: String, required: true },
  createdBy: { type: Schema.Types.ObjectId, required: true },
  createdAt: { type: Date, default: () => new Date() },
  /** Position (group log) of the newest message; orders the thread list. */
  lastSeq: { type: Number, default: 0 },
  lastMessageAt: { type: Date, default: () => new Date() },
  /** How many messages were ever sent in it (deleted ones included): raised with the message's
   *  first materialisation, so a reader's unread count is this minus their marker's `count`,
   *  never a scan of the messages (decision 047). */
  count: { type: Number, default: 0 },
  pinned: { type: Boolean, default: false },
});
// The thread list's order (listThreads) and the inbox's bounded window of a group's threads.
threadSchema.index({ groupId: 1, pinned: -1, lastSeq: -1 });
export type ThreadRecord = InferSchemaType<typeof threadSchema>;
export const Thread: Model<ThreadRecord> = (mongoose.models.Thread as Model<ThreadRecord>) ?? mongoose.model("Thread", threadSchema);

const messageSchema = new Schema({
  groupId: { type: Schema.Types.ObjectId, required: true },
  threadId: { type: Schema.Types.ObjectId, required: true },
  authorId: { type: Schema.Types.ObjectId, required: true },
  text: { type: String, default: "" },
  mentions: { type: [Schema.Types.ObjectId], default: [] },
  /** Position in the group log where it was sent: the one order for everyone. */
  seq: { type: Number, required: true },
  createdAt: { type: Date, required: true },
  editedAt: { type: Date, default: null },
  deletedAt: { type: Date, default: null },
  /** Log positions of its edits: a deletion blanks the text there too (and at `seq`). */
  editSeqs: { type: [Number], default: [] },
  /** Attachments (decision 083): their DTOs as sent (metadata never changes); the files live in models/attachment. */
  attachments: { type: [Schema.Types.Mixed], default: [] },
});
messageSchema.index({ threadId: 1, seq: -1 });
export type MessageRecord = InferSchemaType<typeof messageSchema>;
export const Message: Model<MessageRecord> = (mongoose.models.Message as Model<MessageRecord>) ?? mongoose.model("Message", messageSchema);

/** How far a user has read a thread (a group-log position). */
const readMarkerSchema = new Schema({
  userId: { type: Schema.Types.ObjectId, required: true },
  threadId: { type: Schema.Types.ObjectId, required: true },
  groupId: { type: Schema.Types.ObjectId, required: true },
  seq: { type: Number, default: 0 },
  /** The thread's `count` at `seq`: what the reader has seen of it (decision 047). */
  count: { type: Number, default: 0 },
});
readMarkerSchema.index({ userId: 1, threadId: 1 }, { unique: true });
readMarkerSchema.index({ userId: 1, groupId: 1 });
export const ReadMarker: Model<InferSchemaType<typeof readMarkerSchema>> =
  (mongoose.models.ReadMarker as Model<InferSchemaType<typeof readMarkerSchema>>) ?? mongoose.model("ReadMarker", readMarkerSchema);

/** Who follows or mutes a thread: _id "<threadId>:<n>", n = 1, 2, ... with no gaps (a slot is
 *  inserted only after every lower one was read), one per user and thread. The thread's author
 *  follows from the start and a replier from their first reply unless they chose otherwise
 *  (models/thread/subscriptions.ts). Numbered slots so that a reply finds its thread's followers by
 *  exact _id reads (docs/DATABASE.md), not a scan of every subscription. */
const subscriptionSchema = new Schema({
  _id: { type: String },
  userId: { type: Schema.Types.ObjectId, required: true },
  threadId: { type: Schema.Types.ObjectId, required: true },
  groupId: { type: Schema.Types.ObjectId, required: true },
  state: { type: String, enum: ["follow", "mute"], required: true },
});
subscriptionSchema.index({ userId: 1, threadId: 1 }, { unique: true });
export const ThreadSubscription: Model<InferSchemaType<typeof subscriptionSchema>> =
  (mongoose.models.ThreadSubscription as Model<InferSchemaType<typeof subscriptionSchema>>) ??
  mongoose.model("ThreadSubscription", subscriptionSchema);

/** In-app notification: a mention, or a new thread / reply in something the user follows; or a
 *  meeting of the group added, moved or cancelled (models/meeting, decision 030). */
const notificationSchema = new Schema({
  _id: { type: String }, // "<userId>:<event seq key>": one per user per fact, even when retried
  userId: { type: Schema.Types.ObjectId, required: true, index: true },
  groupId: { type: Schema.Types.ObjectId, required: true },
  /** A thread kind's thread and message; null for a meeting. */
  threadId: { type: Schema.Types.ObjectId, default: null },
  messageId: { type: Schema.Types.ObjectId, default: null },
  kind: {
    type: String,
    // "moment": a network moment planned, moved, cancelled, tomorrow, or its reader named its facilitator (decision 066).
    enum: ["mention", "new_thread", "reply", "meeting", "case_proposed", "round", "feedback_asked", "goal_proposed", "moment"],
    required: true,
  },
  /** A round notification's round (an async round's step opened, decision 045). */
  roundId: { type: Schema.Types.ObjectId, default: null },
  /** A meeting notification's meeting, and what happened to it (or "reminder": it is tomorrow, decision 034). */
  meetingId: { type: Schema.Types.ObjectId, default: null },
  change: { type: String, enum: ["added", "moved", "cancelled", "reminder", "reaction", "facilitator", null], default: null },
  /** Network moments (decision 066): a moment notification's moment; its groupId is the reader's
   *  invited group, or the moment's own id for a facilitator who is in none of them. */
  momentId: { type: Schema.Types.ObjectId, default: null },
  /** Evaluation (issue 15, decision 052): change "reaction" reminds of the check of this occasion. */
  occasion: { type: String, default: null },
  /** A case proposed for a round (models/prep, decision 033). */
  proposalId: { type: Schema.Types.ObjectId, default: null },
  // Plan and goal notifications (decision 051): a check-in whose leader asks for feedback; a goal awaiting agreement.
  checkInId: { type: Schema.Types.ObjectId, default: null },
  goalId: { type: Schema.Types.ObjectId, default: null },
  createdAt: { type: Date, default: () => new Date() },
  /** Written by its reader only: whether it was mailed is a claim of its own (MailClaim "n:<id>",
   *  models/notify, decision 026), so the mailer never rewrites this document over a read. */
  readAt: { type: Date, default: null },
});
notificationSchema.index({ createdAt: 1 });
export const Notification: Model<InferSchemaType<typeof notificationSchema>> =
  (mongoose.models.Notification as Model<InferSchemaType<typeof notificationSchema>>) ?? mongoose.model("Notification", notificationSchema);
