import type { LoaderFunctionArgs } from "@remix-run/node";
import { runService } from "../utils/form.server";
import { requireServiceContext } from "../utils/session.server";
import { getLocale } from "../utils/i18n.server";

/** A document as Markdown (download) or print-ready HTML (?format=html; the browser prints it to PDF). */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { ctx } = await requireServiceContext(request, context);
  const format = new URL(request.url).searchParams.get("format") === "html" ? "html" : "md";
  const lang = getLocale(request);
  const { title, body } = await runService(
    request,
    () => context.services.document.exportDocument(ctx, { groupId: params.groupId ?? "", docId: params.docId ?? "", format, lang }),
    params.groupId,
  );
  const filename = `${
    title
      .replace(/[^\p{L}\p{N} _-]/gu, "")
      .trim()
      .slice(0, 80) || "document"
  }.md`;
  const headers: Record<string, string> = {
    "Cache-Control": "private, no-store", // confidential: never in a shared or disk cache
    "X-Content-Type-Options": "nosniff",
  };
  if (format === "md") {
    headers["Content-Type"] = "text/markdown; charset=utf-8";
    headers["Content-Disposition"] = `attachment; filename*=UTF-8''${encodeURIComponent(filename)}`;
  } else {
    headers["Content-Type"] = "text/html; charset=utf-8";
    headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'";
  }
  return new Response(body, { headers });
}
