import mongoose, { Schema, type InferSchemaType, type Model, type HydratedDocument } from "mongoose";
import { GUEST_KINDS } from "./group.constants";
import { DEFAULT_GROUP_ERASURE, GROUP_ERASURE_CHOICES } from "../privacy/erasure.constants";

export { GUEST_KINDS };

export const MIN_LEADERS = 5;
export const MAX_LEADERS = 10;

const groupSchema = new Schema(
  {
    trajectoryId: { type: Schema.Types.ObjectId, required: true, index: true },
    name: { type: String, required: true },
    /** Current charter version; 0 = none yet. */
    charterVersion: { type: Number, default: 0 },
    /** The leader who chairs the group now (voorzitter: rotates, above all once the group runs
     *  itself); null = none, the coach chairs. */
    chairId: { type: Schema.Types.ObjectId, default: null },
    /** closed: the programme ended for this group; members still read, nobody writes (docs/decisions/029). */
    status: { type: String, enum: ["open", "closed"], default: "open" },
    /** Retention (decision 048): when the group was last closed, and when its content was deleted. */
    closedAt: { type: Date, default: null },
    contentDeletedAt: { type: Date, default: null },
    // The end of the trajectory (issue 15 item 7, decision 056): "continued" once the group chose to go
    // on by itself (its coach left, the organiser sees it only while organiserView is on).
    phase: { type: String, enum: ["trajectory", "continued"], default: "trajectory" },
    organiserView: { type: Boolean, default: false },
    /** Erasure (decision 064): what an erased member's writing in this group becomes. */
    erasure: { type: String, enum: GROUP_ERASURE_CHOICES, default: DEFAULT_GROUP_ERASURE },
  },
  { timestamps: true },
);

export type GroupDoc = HydratedDocument<InferSchemaType<typeof groupSchema>>;
/** A group read with lean(): its fields, no document methods. */
export type GroupRecord = InferSchemaType<typeof groupSchema> & { _id: GroupDoc["_id"] };
export const Group: Model<InferSchemaType<typeof groupSchema>> =
  (mongoose.models.Group as Model<InferSchemaType<typeof groupSchema>>) ?? mongoose.model("Group", groupSchema);

/**
 * One document per leader holding a seat (active or invited): _id "<groupId>:<n>", n = 1..MAX_LEADERS.
 * A seat is claimed by inserting its _id, the one write FerretDB 1.24 makes atomic: its updates
 * read the document and then rewrite it whole, so a conditional $inc on a counter lets two
 * concurrent invites through (and concurrent $inc lose increments).
 */
const leaderSeatSchema = new Schema({
  _id: { type: String },
  groupId: { type: Schema.Types.ObjectId, required: true, index: true },
  userId: { type: Schema.Types.ObjectId, required: true },
});
export const LeaderSeat: Model<InferSchemaType<typeof leaderSeatSchema>> =
  (mongoose.models.LeaderSeat as Model<InferSchemaType<typeof leaderSeatSchema>>) ?? mongoose.model("LeaderSeat", leaderSeatSchema);

export const ROLES = ["leader", "coach", "guest"] as const;
export type Role = (typeof ROLES)[number];

/**
 * One per (group, user), _id "<groupId>:<userId>" (see membershipId): the policy's lookup on every
 * request and socket event is then an exact _id read, the only filter FerretDB 1.24's SQLite
 * backend does not answer by scanning and decoding the whole collection. Create it only through
 * createMembership (models/group/memberships.ts), which also files it under the user (MembershipRef).
 */
const membershipSchema = new Schema(
  {
    // Required: an insert without it would get an ObjectId the policy never finds.
    _id: { type: String, required: true },
    groupId: { type: Schema.Types.ObjectId, required: true },
    userId: { type: Schema.Types.ObjectId, required: true, index: true },
    role: { type: String, enum: ROLES, required: true },
    guestKind: { type: String, enum: [...GUEST_KINDS, null], default: null },
    /** invited: account not yet set up; pending: guest awaiting every leader's consent. */
    status: { type: String, enum: ["invited", "pending", "active", "removed"], required: true },
    /** Charter version this member accepted; 0 = none. */
    acceptedCharterVersion: { type: Number, default: 0 },
  },
  { timestamps: true },
);
membershipSchema.index({ groupId: 1, userId: 1 }, { unique: true });

export type MembershipDoc = HydratedDocument<InferSchemaType<typeof membershipSchema>>;
export const Membership: Model<InferSchemaType<typeof membershipSchema>> =
  (mongoose.models.Membership as Model<InferSchemaType<typeof membershipSchema>>) ?? mongoose.model("Membership", membershipSchema);

/**
 * Insert-once facts about a pending guest: a leader's consent (_id "<membershipId>:<leaderId>") and
 * the admission ("<membershipId>:admitted", leaderId null). Not an array on the membership: FerretDB
 * 1.24 rewrites the whole document on every update, so concurrent $addToSet lose consents, while
 * an insert against a unique _id is atomic (it also lets exactly one of several last consents admit).
 */
const guestConsentSchema = new Schema({
  _id: { type: String },
  membershipId: { type: String, required: true, index: true },
  leaderId: { type: Schema.Types.ObjectId, default: null },
  at: { type: Date, default: () => new Date() },
});
export const GuestConsent: Model<InferSchemaType<typeof guestConsentSchema>> =
  (mongoose.models.GuestConsent as Model<InferSchemaType<typeof guestConsentSchema>>) ?? mongoose.model("GuestConsent", guestConsentSchema);

/**
 * A user's memberships, numbered: _id "<userId>:<n>", n = 1, 2, ... with no gaps (a slot is inserted
 * only after every lower one was read), never deleted. Lets "the groups of this user" be read with
 * exact _id lookups (slots until the first missing one) instead of a scan of every membership. The
 * membership itself stays the truth: a slot only says where to look.
 */
const membershipRefSchema = new Schema({
  _id: { type: String },
  groupId: { type: Schema.Types.ObjectId, required: true },
});
export const MembershipRef: Model<InferSchemaType<typeof membershipRefSchema>> =
  (mongoose.models.MembershipRef as Model<InferSchemaType<typeof membershipRefSchema>>) ??
  mongoose.model("MembershipRef", membershipRefSchema);
