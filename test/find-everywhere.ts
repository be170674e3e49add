import mongoose from "mongoose";

/** Every collection of the database, every document, binaries read as text: where `needle` occurs. */
export async function findEverywhere(needle: string): Promise<string[]> {
  const db = mongoose.connection.db!;
  const hits: string[] = [];
  const textOf = (v: unknown): string => {
    if (v === null || v === undefined) return "";
    if (typeof v === "string") return v;
    if (typeof v !== "object") return String(v);
    const b = v as { _bsontype?: string; buffer?: Uint8Array };
    if (b._bsontype === "Binary" && b.buffer) return Buffer.from(b.buffer).toString("utf8");
    if (Buffer.isBuffer(v) || v instanceof Uint8Array) return Buffer.from(v).toString("utf8");
    return Object.entries(v as Record<string, unknown>)
      .map(([k, x]) => `${k}:${textOf(x)}`)
      .join("\n");
  };
  for (const { name } of await db.listCollections().toArray()) {
    for (const doc of await db.collection(name).find({}).toArray()) {
      if (textOf(doc).includes(needle)) hits.push(`${name}:${String(doc._id)}`);
    }
  }
  return hits;
}
