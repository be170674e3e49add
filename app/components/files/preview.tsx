// A file's preview in the page (issue 20 item 2): an image larger (our re-encoded copy), in a modal
// dialog; Esc or the close button closes it and focus goes back to what opened it. The bytes come
// from the download URL (served as an attachment: an <img> shows it, it never opens as a page). A
// PDF's first pages are drawn on canvases by pdf.js, loaded only when a preview opens, from the bytes
// fetched from that same URL (decision 088).
import { useEffect, useRef, useState } from "react";
import { PDF_PREVIEW_PAGES, PDF_WORKER_PATH } from "../../../models/attachment/attachment.constants";
import type { AttachmentDto } from "../../../models/attachment/attachment.dto";
import { useT } from "../../i18n/use-t";
import { formatSize } from "./attachments";

export function PreviewDialog({ file, onClose }: { file: AttachmentDto; onClose: () => void }) {
  const t = useT();
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const opener = document.activeElement as HTMLElement | null;
    dialog.showModal();
    return () => {
      if (dialog.open) dialog.close();
      opener?.focus();
    };
  }, []);
  return (
    <dialog
      ref={ref}
      className="file-preview"
      aria-label={t("file.previewTitle", { name: file.name })}
      data-testid="file-preview"
      onClose={onClose}
      onClick={(e) => {
        // A click on the backdrop (the dialog itself, outside its content) closes it.
        if (e.target === e.currentTarget) e.currentTarget.close();
      }}
      onKeyDown={() => undefined}
    >
      <div className="file-preview-bar">
        <strong className="attachment-name">{file.name}</strong>
        <a href={file.url} download>
          {t("file.download", { name: file.name, size: formatSize(file.size, t.locale) })}
        </a>
        <button type="button" className="secondary small" onClick={() => ref.current?.close()}>
          {t("file.close")}
        </button>
      </div>
      {file.kind === "image" ? <img src={file.url} alt={file.name} width={file.width} height={file.height} /> : null}
      {file.kind === "pdf" ? <PdfPages url={file.url} /> : null}
    </dialog>
  );
}

/** The first pages of a PDF, drawn by pdf.js (imported on first use) in its worker. */
function PdfPages({ url }: { url: string }) {
  const t = useT();
  const host = useRef<HTMLDivElement>(null);
  const [state, setState] = useState<"loading" | "done" | "failed">("loading");
  const label = useRef(t);
  label.current = t;
  useEffect(() => {
    let cancelled = false;
    let destroy: (() => Promise<void>) | null = null;
    (async () => {
      const pdfjs = await import("pdfjs-dist");
      pdfjs.GlobalWorkerOptions.workerSrc = PDF_WORKER_PATH;
      const res = await fetch(url, { credentials: "same-origin" });
      if (!res.ok) throw new Error(`preview: ${res.status}`);
      const task = pdfjs.getDocument({ data: new Uint8Array(await res.arrayBuffer()) });
      destroy = () => task.destroy();
      const doc = await task.promise;
      for (let n = 1; n <= Math.min(doc.numPages, PDF_PREVIEW_PAGES) && !cancelled; n++) {
        const page = await doc.getPage(n);
        const viewport = page.getViewport({ scale: 1.5 });
        const canvas = document.createElement("canvas");
        canvas.width = Math.floor(viewport.width);
        canvas.height = Math.floor(viewport.height);
        canvas.setAttribute("role", "img");
        canvas.setAttribute("aria-label", label.current("file.previewPage", { page: n, pages: doc.numPages }));
        host.current?.append(canvas);
        await page.render({ canvas, viewport }).promise;
      }
      if (!cancelled) setState("done");
    })().catch(() => {
      if (!cancelled) setState("failed");
    });
    return () => {
      cancelled = true;
      void destroy?.();
    };
  }, [url]);
  return (
    <div ref={host} className="pdf-pages" data-testid="pdf-preview" data-state={state}>
      {state === "loading" ? <p role="status">{t("file.previewLoading")}</p> : null}
      {state === "failed" ? <p role="alert">{t("file.previewFailed")}</p> : null}
    </div>
  );
}
