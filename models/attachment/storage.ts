// Where attachment bytes live (decision 083): a small interface, so S3-compatible storage can be
// added beside GridFS without touching its callers. Streams in and out: no file is held whole.
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import mongoose from "mongoose";

export interface FileStorage {
  /** Stores the stream's bytes; on any error (the stream's too) nothing of it is left. */
  put(source: Readable, meta: { contentType: string }): Promise<{ key: string; size: number }>;
  /** The stored bytes (a missing key errors on the stream). */
  get(key: string): Readable;
  /** Removes the bytes; a missing key is no error. */
  delete(key: string): Promise<void>;
}

export type StorageKind = "gridfs";

/** GridFS in the app's own database (mongoose's connection, read at each call: no state of its own). */
export function createGridFsStorage(bucketName = "attachments"): FileStorage {
  const bucket = () => {
    const db = mongoose.connection.db;
    if (!db) throw new Error("no database connection");
    return new mongoose.mongo.GridFSBucket(db, { bucketName });
  };
  const idOf = (key: string) => new mongoose.mongo.ObjectId(key);
  const remove = async (id: InstanceType<typeof mongoose.mongo.ObjectId>) => {
    // The driver deletes the chunks before it reports a missing files document.
    await bucket()
      .delete(id)
      .catch((e: unknown) => {
        if (!(e instanceof Error && /File not found/.test(e.message))) throw e;
      });
  };
  return {
    async put(source, { contentType }) {
      const id = new mongoose.mongo.ObjectId();
      const upload = bucket().openUploadStreamWithId(id, id.toHexString(), { metadata: { contentType } });
      try {
        await pipeline(source, upload);
      } catch (e) {
        await remove(id);
        throw e;
      }
      return { key: id.toHexString(), size: upload.length };
    },
    get: (key) => bucket().openDownloadStream(idOf(key)),
    delete: (key) => remove(idOf(key)),
  };
}

/** The storage an instance is configured for (ATTACHMENT_STORAGE). */
export function createStorage(kind: StorageKind = "gridfs"): FileStorage {
  switch (kind) {
    case "gridfs":
      return createGridFsStorage();
  }
}
