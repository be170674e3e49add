import mongoose from "mongoose";
import "../models/all-models";

/** Connects mongoose, retrying until the database answers; mongoose reconnects by itself afterwards. */
export async function connectMongo(uri: string, log = console.log) {
  mongoose.set("strictQuery", true);
  for (let attempt = 1; ; attempt++) {
    try {
      await mongoose.connect(uri, { serverSelectionTimeoutMS: 3000, autoIndex: true });
      await Promise.all(Object.values(mongoose.models).map((m) => m.init()));
      return mongoose.connection;
    } catch (e) {
      if (attempt >= 20) throw e;
      log(`MongoDB not reachable (${(e as Error).message}); retrying in 1 s`);
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
}
