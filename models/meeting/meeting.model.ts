import mongoose, { Schema, type InferSchemaType, type Model } from "mongoose";
import { MEETING_KINDS } from "./rhythm.constants";

/** One dated meeting of a group: from the rhythm's plan or added by its coach or a leader. */
const meetingSchema = new Schema(
  {
    groupId: { type: Schema.Types.ObjectId, required: true, index: true },
    trajectoryId: { type: Schema.Types.ObjectId, default: null },
    kind: { type: String, enum: MEETING_KINDS, required: true },
    title: { type: String, default: "" },
    startsAt: { type: Date, required: true },
    endsAt: { type: Date, required: true },
    place: { type: String, default: "" },
    onlineUrl: { type: String, default: "" },
    /** A coaching talk's leader. */
    leaderId: { type: Schema.Types.ObjectId, default: null },
    status: { type: String, enum: ["planned", "cancelled"], default: "planned" },
  },
  { timestamps: true },
);

export type MeetingRecord = InferSchemaType<typeof meetingSchema> & { _id: mongoose.Types.ObjectId };
export const Meeting: Model<InferSchemaType<typeof meetingSchema>> =
  (mongoose.models.Meeting as Model<InferSchemaType<typeof meetingSchema>>) ?? mongoose.model("Meeting", meetingSchema);

/** One per group whose plan was generated (_id = group id): the unique insert that lets exactly one
 *  of two racing "generate" requests write the plan. */
const meetingPlanSchema = new Schema({ _id: { type: String, required: true }, at: { type: Date, default: () => new Date() } });
export const MeetingPlan: Model<InferSchemaType<typeof meetingPlanSchema>> =
  (mongoose.models.MeetingPlan as Model<InferSchemaType<typeof meetingPlanSchema>>) ?? mongoose.model("MeetingPlan", meetingPlanSchema);
