// A file's preview in the page (issue 20 item 2): an image larger (our re-encoded copy), in a modal
// dialog; Esc or the close button closes it and focus goes back to what opened it. The bytes come
// from the download URL (served as an attachment: an <img> shows it, it never opens as a page).
import { useEffect, useRef } from "react";
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
    </dialog>
  );
}
