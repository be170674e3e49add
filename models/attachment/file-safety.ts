// File safety (decision 084): the type from the content, never the name; images re-encoded
// without their metadata; names fit only for Content-Disposition.
import { fileTypeFromBuffer } from "file-type";
import sharp, { type Sharp } from "sharp";
import { ALLOWED_TYPES, type AllowedExt, MAX_IMAGE_PIXELS, MAX_NAME_CHARS, THUMB_PX } from "./attachment.constants";

/** How many first bytes the detection reads (an Office file's parts are named near its start). */
export const SNIFF_BYTES = 64 * 1024;

const LEGACY_OFFICE = new Set<AllowedExt>(["doc", "xls", "ppt"]);

/** The allowed type of a file whose content starts with `head`, or null (refused). A CFB container
 *  (legacy Office) is taken only when its name says doc, xls or ppt. */
export async function detectType(head: Uint8Array, name: string): Promise<AllowedExt | null> {
  const found = await fileTypeFromBuffer(head);
  if (!found) return null;
  if (found.ext === "cfb") {
    const ext = extOf(name) as AllowedExt;
    return LEGACY_OFFICE.has(ext) ? ext : null;
  }
  return found.ext in ALLOWED_TYPES && !LEGACY_OFFICE.has(found.ext as AllowedExt) ? (found.ext as AllowedExt) : null;
}

const extOf = (name: string) => /\.([A-Za-z0-9]{1,8})$/.exec(name)?.[1]?.toLowerCase() ?? "";

/** A file name fit for a header and a page: no path, no control or bidi characters, at most
 *  MAX_NAME_CHARS, ending in the detected type's extension (so a saved copy opens as what it is). */
export function safeName(raw: string, ext: AllowedExt): string {
  const base = (raw.split(/[\\/]/).pop() ?? "")
    .normalize("NFC")
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed
    .replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069"]/g, "")
    .replace(/\s+/g, " ")
    .trim()
    .replace(/^\.+/, "");
  const wanted = ext === "jpg" ? ["jpg", "jpeg"] : [ext];
  const stem = wanted.includes(extOf(base)) ? base.slice(0, base.lastIndexOf(".")) : base;
  const cut = [...(stem || "bestand")].slice(0, MAX_NAME_CHARS - ext.length - 1).join("");
  return `${cut}.${wanted.includes(extOf(base)) ? extOf(base) : ext}`;
}

export interface ProcessedImage {
  data: Buffer;
  width: number;
  height: number;
  thumb: Buffer;
}

/** Re-encodes an image in its own format, turned upright by its orientation and with no metadata at
 *  all (EXIF with GPS, XMP, IPTC, comments); and a THUMB_PX WebP thumbnail. Refuses what it cannot decode. */
export async function processImage(input: Buffer, ext: "jpg" | "png" | "webp" | "gif"): Promise<ProcessedImage> {
  const animated = ext === "gif" || ext === "webp";
  const open = () => sharp(input, { limitInputPixels: MAX_IMAGE_PIXELS, animated, failOn: "error" }).rotate();
  // sharp writes no metadata unless asked (keepMetadata/withMetadata): none is asked here.
  const encode = (img: Sharp) =>
    ext === "jpg"
      ? img.jpeg({ quality: 85, mozjpeg: true })
      : ext === "png"
        ? img.png()
        : ext === "webp"
          ? img.webp({ quality: 85 })
          : img.gif();
  const { data, info } = await encode(open()).toBuffer({ resolveWithObject: true });
  const thumb = await sharp(input, { limitInputPixels: MAX_IMAGE_PIXELS, failOn: "error" })
    .rotate()
    .resize({ width: THUMB_PX, height: THUMB_PX, fit: "inside", withoutEnlargement: true })
    .webp({ quality: 75 })
    .toBuffer();
  return { data, width: info.width, height: info.pageHeight ?? info.height, thumb };
}
