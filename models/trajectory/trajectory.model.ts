import mongoose, { Schema, type InferSchemaType, type Model, type HydratedDocument } from "mongoose";

const trajectorySchema = new Schema(
  {
    name: { type: String, required: true },
    organiserIds: { type: [Schema.Types.ObjectId], default: [] },
  },
  { timestamps: true },
);

export type TrajectoryDoc = HydratedDocument<InferSchemaType<typeof trajectorySchema>>;
export const Trajectory: Model<InferSchemaType<typeof trajectorySchema>> =
  (mongoose.models.Trajectory as Model<InferSchemaType<typeof trajectorySchema>>) ?? mongoose.model("Trajectory", trajectorySchema);
