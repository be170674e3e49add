// Attachments in the page (issue 20, decisions 083, 084): uploads with their own progress, cancel
// and error per file (XMLHttpRequest: fetch reports no upload progress), picked or dropped; and a
// message's files as thumbnails (images) and chips (the rest). Generic: any composer or form of a
// group can use it (cases, meetings later).
import { useEffect, useId, useRef, useState, type DragEvent, type ReactNode } from "react";
import { ACCEPT, MAX_ATTACHMENTS } from "../../../models/attachment/attachment.constants";
import type { AttachmentDto } from "../../../models/attachment/attachment.dto";
import { useRootData, useT } from "../../i18n/use-t";
import { PreviewDialog } from "./preview";

export interface Upload {
  key: string;
  name: string;
  size: number;
  /** 0..1 while uploading. */
  progress: number;
  state: "uploading" | "done" | "failed";
  attachment?: AttachmentDto;
  error?: string;
  xhr?: XMLHttpRequest;
}

/** A file's size in the reader's language ("1,2 MB" / "1.2 MB"). */
export function formatSize(bytes: number, locale: string): string {
  const [value, unit] =
    bytes >= 1024 * 1024 ? [bytes / 1024 / 1024, "megabyte"] : bytes >= 1024 ? [bytes / 1024, "kilobyte"] : [bytes, "byte"];
  return new Intl.NumberFormat(locale, { style: "unit", unit, unitDisplay: "short", maximumFractionDigits: 1 }).format(value);
}

/** The uploads of one composer: add files (each its own request), cancel or remove one, clear all. */
export function useUploads(groupId: string, maxBytes: number) {
  const t = useT();
  const { csrf } = useRootData();
  const [uploads, setUploads] = useState<Upload[]>([]);
  const update = (key: string, patch: Partial<Upload>) => setUploads((cur) => cur.map((u) => (u.key === key ? { ...u, ...patch } : u)));
  const live = useRef(uploads);
  live.current = uploads;
  const counter = useRef(0);
  // Leaving the page cancels what still uploads.
  useEffect(
    () => () => {
      for (const u of live.current) u.xhr?.abort();
    },
    [],
  );

  const add = (files: FileList | File[]) => {
    const room = MAX_ATTACHMENTS - live.current.filter((u) => u.state !== "failed").length;
    for (const [i, file] of [...files].entries()) {
      const key = `u${++counter.current}`;
      const base: Upload = { key, name: file.name, size: file.size, progress: 0, state: "uploading" };
      const fail = (error: string) => ({ ...base, state: "failed" as const, error });
      if (i >= room) {
        setUploads((cur) => [...cur, fail(t("file.error.tooMany", { n: MAX_ATTACHMENTS }))]);
        continue;
      }
      // Known too large: no request at all (the server refuses it anyway).
      if (file.size > maxBytes) {
        setUploads((cur) => [...cur, fail(t("file.error.tooLarge", { mb: Math.round((maxBytes / 1024 / 1024) * 10) / 10 }))]);
        continue;
      }
      const xhr = new XMLHttpRequest();
      xhr.open("POST", `/groups/${groupId}/files`);
      xhr.responseType = "json";
      xhr.upload.onprogress = (e) => {
        if (e.lengthComputable) update(key, { progress: e.loaded / e.total });
      };
      xhr.onload = () => {
        const body = xhr.response as { attachment?: AttachmentDto; error?: { message: string } } | null;
        if (xhr.status === 201 && body?.attachment)
          update(key, { state: "done", progress: 1, attachment: body.attachment, xhr: undefined });
        else update(key, { state: "failed", error: body?.error?.message ?? t("file.error.network"), xhr: undefined });
      };
      xhr.onerror = () => update(key, { state: "failed", error: t("file.error.network"), xhr: undefined });
      const form = new FormData();
      form.append("_csrf", csrf);
      form.append("file", file, file.name);
      xhr.send(form);
      setUploads((cur) => [...cur, { ...base, xhr }]);
    }
  };

  const remove = (key: string) =>
    setUploads((cur) => {
      cur.find((u) => u.key === key)?.xhr?.abort();
      return cur.filter((u) => u.key !== key);
    });

  return {
    uploads,
    add,
    remove,
    clear: () => setUploads([]),
    fail: (key: string, error: string) => update(key, { state: "failed", error }),
    ready: uploads.filter((u) => u.state === "done").map((u) => u.attachment!),
    busy: uploads.some((u) => u.state === "uploading"),
  };
}

/** The pick button (keyboard: a real button opening the file dialog) and the drop zone around `children`. */
export function DropZone({ onFiles, children }: { onFiles: (files: FileList) => void; children: ReactNode }) {
  const t = useT();
  const [over, setOver] = useState(false);
  const hasFiles = (e: DragEvent) => [...e.dataTransfer.types].includes("Files");
  return (
    <fieldset
      aria-label={t("file.dropHint")}
      className={`drop-zone${over ? " over" : ""}`}
      onDragOver={(e) => {
        if (!hasFiles(e)) return;
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        if (!hasFiles(e)) return;
        e.preventDefault();
        setOver(false);
        onFiles(e.dataTransfer.files);
      }}
    >
      {children}
      {over ? <p className="drop-hint">{t("file.dropHere")}</p> : null}
    </fieldset>
  );
}

export function AttachButton({ onFiles }: { onFiles: (files: FileList) => void }) {
  const t = useT();
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <input
        ref={input}
        id={id}
        type="file"
        multiple
        accept={ACCEPT}
        className="sr-only"
        tabIndex={-1}
        aria-label={t("file.attach")}
        data-testid="attach-input"
        onChange={(e) => {
          if (e.currentTarget.files?.length) onFiles(e.currentTarget.files);
          e.currentTarget.value = "";
        }}
      />
      <button type="button" className="secondary" onClick={() => input.current?.click()} title={t("file.dropHint")}>
        📎 {t("file.attach")}
      </button>
    </>
  );
}

/** The composer's uploads: a progress bar each, cancel or remove, the error of a refused one. */
export function UploadList({ uploads, onRemove }: { uploads: Upload[]; onRemove: (key: string) => void }) {
  const t = useT();
  if (!uploads.length) return null;
  return (
    <ul className="uploads" data-testid="uploads">
      {uploads.map((u) => (
        <li key={u.key} className={`upload ${u.state}`} data-state={u.state}>
          <span className="upload-name">{u.name}</span>
          <span className="status">{formatSize(u.size, t.locale)}</span>
          {u.state === "uploading" ? (
            <progress
              max={1}
              value={u.progress}
              aria-label={t("file.uploading", { name: u.name, percent: Math.round(u.progress * 100) })}
            />
          ) : u.state === "done" ? (
            <span className="sr-only">{t("file.ready", { name: u.name })}</span>
          ) : (
            <span className="field-error" role="alert">
              {u.error}
            </span>
          )}
          <button
            type="button"
            className="secondary small"
            onClick={() => onRemove(u.key)}
            aria-label={u.state === "uploading" ? t("file.cancel", { name: u.name }) : t("file.remove", { name: u.name })}
          >
            ✕
          </button>
        </li>
      ))}
    </ul>
  );
}

const ICONS: Record<AttachmentDto["kind"], string> = { image: "🖼", pdf: "📄", document: "📝" };

/** A message's (or any owner's) files: images as thumbnails that open larger in the page, the rest as
 *  chips; each has its download link. */
export function AttachmentList({
  attachments,
  extra,
  preview = false,
}: {
  attachments: AttachmentDto[];
  extra?: (a: AttachmentDto) => ReactNode;
  /** Images open larger in the page (a dialog) instead of downloading. */
  preview?: boolean;
}) {
  const t = useT();
  const [open, setOpen] = useState<AttachmentDto | null>(null);
  if (!attachments.length) return null;
  return (
    <>
      <ul className="attachments" aria-label={t("file.count", { n: attachments.length })} data-testid="attachments">
        {attachments.map((a) => {
          const label = t("file.download", { name: a.name, size: formatSize(a.size, t.locale) });
          return (
            <li key={a.id}>
              {a.thumbUrl && !preview ? (
                <a href={a.url} className="attachment-thumb" aria-label={label} title={a.name} download>
                  <img src={a.thumbUrl} alt={a.name} loading="lazy" width={a.width && a.height ? undefined : 160} />
                </a>
              ) : a.thumbUrl ? (
                <>
                  <button
                    type="button"
                    className="attachment-thumb"
                    aria-label={t("file.preview", { name: a.name })}
                    title={a.name}
                    onClick={() => setOpen(a)}
                  >
                    <img src={a.thumbUrl} alt={a.name} loading="lazy" width={a.width && a.height ? undefined : 160} />
                  </button>
                  <a href={a.url} className="attachment-download" title={label} download>
                    <span aria-hidden="true">⬇</span>
                    <span className="sr-only">{label}</span>
                  </a>
                </>
              ) : (
                <>
                  <a href={a.url} className="attachment-chip" title={label} download>
                    <span aria-hidden="true">{ICONS[a.kind]}</span> <span className="attachment-name">{a.name}</span>{" "}
                    <span className="status">{formatSize(a.size, t.locale)}</span>
                  </a>
                  {preview && a.kind === "pdf" ? (
                    <button
                      type="button"
                      className="secondary small"
                      onClick={() => setOpen(a)}
                      aria-label={t("file.preview", { name: a.name })}
                    >
                      👁
                    </button>
                  ) : null}
                </>
              )}
              {extra?.(a)}
            </li>
          );
        })}
      </ul>
      {open ? <PreviewDialog file={open} onClose={() => setOpen(null)} /> : null}
    </>
  );
}
