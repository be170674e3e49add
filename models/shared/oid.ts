import { Types } from "mongoose";

/** An ObjectId from a validated id string (server only: the browser bundle must not pull in mongoose). */
export const oid = (v: string | Types.ObjectId) => (typeof v === "string" ? new Types.ObjectId(v) : v);
