import type { LoaderFunctionArgs } from "@remix-run/node";
import { fileResponse } from "../utils/files.server";
import { runService } from "../utils/form.server";
import { requireServiceContext } from "../utils/session.server";

/** An attachment's download, under its owner's own read policy (404 for anyone else; decision 084). */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { ctx } = await requireServiceContext(request, context);
  const input = { groupId: params.groupId ?? "", fileId: params.fileId ?? "" };
  const file = await runService(request, () => context.services.attachment.open(ctx, input), params.groupId);
  return fileResponse(file, "attachment");
}
