import type { LoaderFunctionArgs } from "@remix-run/node";
import { runService } from "../utils/form.server";
import { requireServiceContext } from "../utils/session.server";

/** The zip of one's own data (decision 049): the mailed link, for its owner only, while it is valid;
 *  anyone else, a wrong or expired token: the ordinary 404. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { ctx } = await requireServiceContext(request, context);
  const token = new URL(request.url).searchParams.get("token") ?? "";
  const { filename, bytes } = await runService(request, () =>
    context.services.dataExport.downloadExport(ctx, { exportId: params.exportId ?? "", token }),
  );
  return new Response(bytes, {
    headers: {
      "Content-Type": "application/zip",
      "Content-Disposition": `attachment; filename="${filename}"`,
      "Cache-Control": "private, no-store", // personal data: never in a shared or disk cache
      "X-Content-Type-Options": "nosniff",
    },
  });
}
