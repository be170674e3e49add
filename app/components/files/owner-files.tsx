// Files on a page (issue 20 round two): a case's, a meeting's. The same uploads as the thread
// composer (useUploads: pick or drop, several at once, progress, cancel); each finished upload is
// attached to the page's owner by its own form post (intent "fileAttach"), and a file is removed by
// "fileRemove". Who may do either is the owner's service's business; `canEdit` only hides the controls.
import { useFetcher } from "@remix-run/react";
import { useEffect, useId, useRef } from "react";
import type { AttachmentDto } from "../../../models/attachment/attachment.dto";
import { useRootData, useT } from "../../i18n/use-t";
import { AttachButton, AttachmentList, DropZone, type Upload, UploadList, useUploads } from "./attachments";

type Answer = { ok: true } | { ok: false; message?: string; fieldErrors?: Record<string, string> };

/** Attaches one finished upload to the page's owner, once; reports back when it is (or is not). */
function Attaching({
  upload,
  fields,
  onDone,
  onFailed,
}: {
  upload: Upload;
  fields?: Record<string, string>;
  onDone: () => void;
  onFailed: (message: string) => void;
}) {
  const t = useT();
  const { csrf } = useRootData();
  const fetcher = useFetcher<Answer>();
  const sent = useRef(false);
  const id = upload.attachment?.id ?? "";
  useEffect(() => {
    if (sent.current || !id) return;
    sent.current = true;
    fetcher.submit({ ...fields, _csrf: csrf, intent: "fileAttach", fileId: id }, { method: "post" });
  }, [fetcher, csrf, id, fields]);
  const answer = fetcher.state === "idle" ? fetcher.data : undefined;
  useEffect(() => {
    if (!answer) return;
    if (answer.ok) onDone();
    else onFailed(answer.fieldErrors?.fileId ?? answer.message ?? t("file.error.network"));
  }, [answer, onDone, onFailed, t]);
  return null;
}

function RemoveFile({ file, fields }: { file: AttachmentDto; fields?: Record<string, string> }) {
  const t = useT();
  const { csrf } = useRootData();
  const fetcher = useFetcher<Answer>();
  return (
    <fetcher.Form method="post" className="inline">
      <input type="hidden" name="_csrf" value={csrf} />
      <input type="hidden" name="intent" value="fileRemove" />
      <input type="hidden" name="fileId" value={file.id} />
      {Object.entries(fields ?? {}).map(([k, v]) => (
        <input key={k} type="hidden" name={k} value={v} />
      ))}
      <button
        type="submit"
        className="secondary small"
        aria-label={t("file.remove", { name: file.name })}
        disabled={fetcher.state !== "idle"}
      >
        ✕
      </button>
      {fetcher.data && !fetcher.data.ok ? (
        <span className="field-error" role="alert">
          {fetcher.data.message}
        </span>
      ) : null}
    </fetcher.Form>
  );
}

/** A page's "Attachments" section: its files, and for one who may edit, the upload controls. */
export function OwnerFiles({
  groupId,
  files,
  canEdit,
  maxUploadBytes,
  fields,
  nested = false,
}: {
  groupId: string;
  files: AttachmentDto[];
  canEdit: boolean;
  maxUploadBytes: number;
  /** More form fields naming the owner (an assignment, one's answer) beside the page's own. */
  fields?: Record<string, string>;
  /** Inside another item (an assignment): a smaller heading, no card. */
  nested?: boolean;
}) {
  const t = useT();
  const uploads = useUploads(groupId, maxUploadBytes);
  const headingId = useId();
  const list = (
    <>
      {files.length ? (
        <AttachmentList preview attachments={files} extra={canEdit ? (a) => <RemoveFile file={a} fields={fields} /> : undefined} />
      ) : (
        <p className="muted">{t("file.none")}</p>
      )}
    </>
  );
  return (
    <section className={nested ? "owner-files" : "card owner-files"} aria-labelledby={headingId} data-testid="owner-files">
      {nested ? <h5 id={headingId}>{t("file.section")}</h5> : <h3 id={headingId}>{t("file.section")}</h3>}
      {canEdit ? (
        <DropZone onFiles={uploads.add}>
          {list}
          <UploadList uploads={uploads.uploads} onRemove={uploads.remove} />
          {uploads.uploads
            .filter((u) => u.state === "done")
            .map((u) => (
              <Attaching key={u.key} upload={u} onDone={() => uploads.remove(u.key)} onFailed={(message) => uploads.fail(u.key, message)} />
            ))}
          <AttachButton onFiles={uploads.add} />
        </DropZone>
      ) : (
        list
      )}
    </section>
  );
}
