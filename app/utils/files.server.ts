// The HTTP side of attachments (decision 084): a stored file as a download that never runs as a
// page on our origin, and an upload's refusals as the JSON the composer shows per file.
import { Readable } from "node:stream";
import { json } from "@remix-run/node";
import type { OpenedFile } from "../../models/attachment/attachment.service";
import { contentDispositionOf } from "../../models/attachment/attachment.dto";
import { refusalOf } from "../../models/shared/errors";
import { errorMessage, retryAfterOf } from "../../models/shared/error-messages";
import { translate } from "../../models/i18n/i18n";
import type { Locale } from "../../models/i18n/locale";

/** A file's response: as an attachment (the download) or inline (our own thumbnail); the detected
 *  type, no sniffing, sandboxed if a browser renders it anyway, private to the reader's cache. */
export function fileResponse(file: OpenedFile, disposition: "attachment" | "inline"): Response {
  const name = disposition === "inline" ? `${file.attachment.name.replace(/\.[^.]+$/, "")}.webp` : file.attachment.name;
  return new Response(Readable.toWeb(file.stream) as ReadableStream, {
    headers: {
      "Content-Type": file.type,
      "Content-Length": String(file.size),
      "Content-Disposition": contentDispositionOf(disposition, name),
      "X-Content-Type-Options": "nosniff",
      "Content-Security-Policy": "sandbox; default-src 'none'",
      "Cache-Control": "private",
    },
  });
}

/** The body of an upload's refusal (issue 20's contract): `{ error: { code, message } }`. */
export const uploadRefusal = (status: number, code: string, message: string, headers: HeadersInit = {}) =>
  json({ error: { code, message } }, { status, headers });

const STATUS: Record<string, number> = { not_found: 404, forbidden: 403, rate_limited: 429, unavailable: 503, conflict: 409 };

/** An upload's refusal by the service, localised: 413 too large, 415 not an allowed type, else by code. */
export function uploadFailure(e: unknown, locale: Locale, maxBytes: number): Response {
  const r = refusalOf(e);
  if (r.code === "internal") throw e;
  if (r.meta?.reason === "file_too_large")
    return uploadRefusal(
      413,
      "too_large",
      translate(locale, "file.error.tooLarge", { mb: Math.round((maxBytes / 1024 / 1024) * 10) / 10 }),
    );
  if (r.meta?.reason === "file_type") return uploadRefusal(415, "unsupported_type", translate(locale, "file.error.type"));
  const retryAfter = retryAfterOf(r.meta);
  return uploadRefusal(
    STATUS[r.code] ?? 400,
    r.code,
    errorMessage(locale, r.code, r.meta),
    retryAfter ? { "Retry-After": String(retryAfter) } : {},
  );
}
