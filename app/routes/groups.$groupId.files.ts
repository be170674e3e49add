import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { translate } from "../../models/i18n/i18n";
import { csrfValid, runService } from "../utils/form.server";
import { uploadFailure, uploadRefusal } from "../utils/files.server";
import { getLocale } from "../utils/i18n.server";
import { requireServiceContext } from "../utils/session.server";
import { readUpload } from "../utils/upload.server";

/** The signed-in member's pending uploads in the group (attached to nothing yet). */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { ctx } = await requireServiceContext(request, context);
  const pending = await runService(request, () => context.services.attachment.listPending(ctx, params.groupId ?? ""), params.groupId);
  return json({ pending });
}

/** One file uploaded into the group (multipart, field `file`, after the CSRF field), streamed: 201
 *  `{ attachment }`, or `{ error: { code, message } }` (413 too large, 415 type not allowed). Pending
 *  until a message (or a case...) takes it (decision 083). */
export async function action({ request, context, params }: ActionFunctionArgs) {
  const locale = getLocale(request);
  const { ctx } = await requireServiceContext(request, context);
  const { maxBytes } = context.services.deps.node.files;
  const groupId = params.groupId ?? "";
  // Early, for the answer (an outsider: 404 before any body is read); the upload checks again.
  try {
    await context.services.attachment.assertCanUpload(ctx, groupId);
  } catch (e) {
    return uploadFailure(e, locale, maxBytes);
  }
  const part = await readUpload(request, maxBytes);
  if (!part) return uploadRefusal(400, "invalid_input", translate(locale, "file.error.noFile"));
  if (!csrfValid(request, context, part.fields._csrf)) {
    await part.drain();
    return uploadRefusal(403, "forbidden", translate(locale, "form.expired"));
  }
  try {
    const attachment = await context.services.attachment.upload(ctx, { groupId, name: part.filename, stream: part.stream });
    return json({ attachment }, { status: 201 });
  } catch (e) {
    // The browser cancelled (or lost the connection): nothing was kept, nobody waits for an answer.
    if (request.signal.aborted) return uploadRefusal(400, "aborted", translate(locale, "file.error.network"));
    await part.drain();
    return uploadFailure(e, locale, maxBytes);
  }
}
