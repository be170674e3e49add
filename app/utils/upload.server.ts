// One file from a multipart POST, streamed (busboy): the fields before it (the CSRF field) and
// the file's own stream, never held whole (decision 083). The service reads and limits the stream.
import { Readable } from "node:stream";
import type { ReadableStream as NodeWebStream } from "node:stream/web";
import busboy from "busboy";

export interface UploadPart {
  fields: Record<string, string>;
  /** The name the browser gave (untrusted: the service sanitises it). */
  filename: string;
  stream: Readable;
  /** Reads and drops whatever of the body is left (bounded by the server's guard), then resolves. */
  drain(): Promise<void>;
}

/** The request's one file in field `file`, or null when the body has none (or is no multipart form). */
export function readUpload(request: Request, maxBytes: number): Promise<UploadPart | null> {
  const type = request.headers.get("content-type") ?? "";
  if (!request.body || !/^multipart\/form-data/i.test(type)) return Promise.resolve(null);
  const body = Readable.fromWeb(request.body as unknown as NodeWebStream<Uint8Array>);
  let parser: busboy.Busboy;
  try {
    // One over the limit: the service sees the overflow and refuses (busboy would only truncate).
    parser = busboy({ headers: { "content-type": type }, limits: { files: 1, fields: 5, fieldSize: 1024, fileSize: maxBytes + 1 } });
  } catch {
    return Promise.resolve(null);
  }
  const ended = new Promise<void>((resolve) => {
    body.once("end", resolve);
    body.once("error", () => resolve());
    body.once("close", () => resolve());
  });
  const drain = async () => {
    body.unpipe(parser);
    body.resume();
    await ended;
  };
  return new Promise((resolve) => {
    const fields: Record<string, string> = {};
    let found = false;
    parser.on("field", (name, value) => {
      fields[name] = value;
    });
    parser.on("file", (name, stream, info) => {
      if (found || name !== "file") {
        stream.resume();
        return;
      }
      found = true;
      resolve({ fields, filename: info.filename ?? "", stream, drain });
    });
    parser.on("close", () => {
      if (!found) resolve(null);
    });
    parser.on("error", () => {
      if (!found) void drain().then(() => resolve(null));
    });
    body.pipe(parser);
  });
}
