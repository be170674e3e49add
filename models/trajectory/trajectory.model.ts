import mongoose, { Schema, type InferSchemaType, type Model, type HydratedDocument } from "mongoose";

const trajectorySchema = new Schema(
  {
    name: { type: String, required: true },
    /** The first day of the programme (a calendar date, stored at 12:00 UTC). */
    startDate: { type: Date, default: null },
    organiserIds: { type: [Schema.Types.ObjectId], default: [] },
    /** Retention (decision 048): months a closed group's content is kept; null = until deleted by hand. */
    retentionMonths: { type: Number, default: 12 },
  },
  { timestamps: true },
);

// Network moments (decision 066): "my moments" of an organiser reads the trajectories they organise by this.
trajectorySchema.index({ organiserIds: 1 });

export type TrajectoryDoc = HydratedDocument<InferSchemaType<typeof trajectorySchema>>;
export const Trajectory: Model<InferSchemaType<typeof trajectorySchema>> =
  (mongoose.models.Trajectory as Model<InferSchemaType<typeof trajectorySchema>>) ?? mongoose.model("Trajectory", trajectorySchema);
