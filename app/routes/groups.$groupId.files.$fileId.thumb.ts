import type { LoaderFunctionArgs } from "@remix-run/node";
import { fileResponse } from "../utils/files.server";
import { runService } from "../utils/form.server";
import { requireServiceContext } from "../utils/session.server";

/** An image attachment's thumbnail (our own re-encoded WebP, inline), under the same check as the file. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { ctx } = await requireServiceContext(request, context);
  const input = { groupId: params.groupId ?? "", fileId: params.fileId ?? "", thumb: true };
  const file = await runService(request, () => context.services.attachment.open(ctx, input), params.groupId);
  return fileResponse(file, "inline");
}
