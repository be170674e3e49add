// Attachments (issue 20, decisions 083 and 084): what may be attached, to what, and how large.
// Shared with the browser (the composer checks a file's size before it uploads).

/** What an attachment can belong to; each kind's read check is its owner's own (owners.ts). */
export const OWNER_KINDS = ["message", "case", "meeting", "assignment", "assignmentResponse", "board"] as const;
export type OwnerKind = (typeof OWNER_KINDS)[number];

/** Most attachments on one owner (a message, a case...). */
export const MAX_ATTACHMENTS = 10;
/** Most attachments on a page that collects them one by one (a case, a meeting). */
export const MAX_OWNER_FILES = 30;
/** The default upload limit per file (ATTACHMENT_MAX_MB sets the instance's). */
export const DEFAULT_MAX_MB = 25;
/** A pending upload (attached to nothing) is swept after this long. */
export const PENDING_TTL_MS = 24 * 60 * 60 * 1000;
/** A thumbnail's longest side. */
export const THUMB_PX = 320;
/** A file name's length cap (characters), for Content-Disposition only. */
export const MAX_NAME_CHARS = 120;
/** Images with more pixels are refused before they are decoded (a decompression bomb). */
export const MAX_IMAGE_PIXELS = 60_000_000;

/** The types we take, by the type detected from the content (file-type's ext), with the MIME we serve. */
export const ALLOWED_TYPES = {
  pdf: { mime: "application/pdf", kind: "pdf" },
  jpg: { mime: "image/jpeg", kind: "image" },
  png: { mime: "image/png", kind: "image" },
  webp: { mime: "image/webp", kind: "image" },
  gif: { mime: "image/gif", kind: "image" },
  docx: { mime: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", kind: "document" },
  xlsx: { mime: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", kind: "document" },
  pptx: { mime: "application/vnd.openxmlformats-officedocument.presentationml.presentation", kind: "document" },
  odt: { mime: "application/vnd.oasis.opendocument.text", kind: "document" },
  ods: { mime: "application/vnd.oasis.opendocument.spreadsheet", kind: "document" },
  odp: { mime: "application/vnd.oasis.opendocument.presentation", kind: "document" },
  // Legacy Office files are Compound File Binary: the content says CFB, the name which of the three.
  doc: { mime: "application/msword", kind: "document" },
  xls: { mime: "application/vnd.ms-excel", kind: "document" },
  ppt: { mime: "application/vnd.ms-powerpoint", kind: "document" },
} as const;
export type AllowedExt = keyof typeof ALLOWED_TYPES;
export type AttachmentKind = (typeof ALLOWED_TYPES)[AllowedExt]["kind"];

/** What the file picker offers (a hint only: the server decides by the content). */
export const ACCEPT = ".pdf,.jpg,.jpeg,.png,.webp,.gif,.docx,.xlsx,.pptx,.odt,.ods,.odp,.doc,.xls,.ppt";

/** Where the page loads pdf.js's worker for a PDF preview (server/app.ts serves it from node_modules);
 *  the version in the path (package.json pins it exactly) lets it be cached for a year. */
export const PDF_WORKER_PATH = "/vendor/pdfjs-dist-6.5.438/pdf.worker.min.mjs";
/** The pages a PDF preview renders. */
export const PDF_PREVIEW_PAGES = 3;
