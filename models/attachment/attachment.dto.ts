import type { AttachmentKind } from "./attachment.constants";

/** An attachment as every door and the browser see it (the fixed contract of issue 20). */
export interface AttachmentDto {
  id: string;
  /** The uploader's file name, sanitised; for Content-Disposition and display only. */
  name: string;
  /** The MIME type detected from the content. */
  type: string;
  size: number;
  kind: AttachmentKind;
  /** The download (always as an attachment). */
  url: string;
  /** Our own re-encoded small image (images only). */
  thumbUrl: string | null;
  width?: number;
  height?: number;
}

/** The download URL of an attachment in a group. */
export const fileUrl = (groupId: string, id: string) => `/groups/${groupId}/files/${id}`;

/** Content-Disposition for `name`: an ASCII fallback and the exact name (RFC 6266 / 5987). */
export function contentDispositionOf(kind: "attachment" | "inline", name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, "_").replace(/[\\"]/g, "_");
  const exact = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${exact}`;
}
