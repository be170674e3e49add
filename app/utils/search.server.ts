import { json, type AppLoadContext } from "@remix-run/node";
import type { SearchResultDto } from "../../models/search/search.dto";
import { SearchInput, searchParams } from "../../models/search/search.inputs";
import type { ServiceContext } from "../../models/shared/context";
import { errorMessage } from "../../models/shared/error-messages";
import { getLocale } from "./i18n.server";
import { runService } from "./form.server";

const EMPTY: SearchResultDto = { hits: [], total: 0 };

/** The search pages' loader (one group's with `groupId`, else across one's groups): `{ result, ... }`,
 *  so `?_data=` answers the same JSON as the socket's search:query. Bad input: 400 with the fields. */
export async function searchLoader(request: Request, context: AppLoadContext, ctx: ServiceContext, groupId?: string) {
  const url = new URL(request.url);
  const query = {
    q: url.searchParams.get("q") ?? "",
    kind: url.searchParams.get("kind") ?? "",
    author: url.searchParams.get("author") ?? "",
    from: url.searchParams.get("from") ?? "",
    to: url.searchParams.get("to") ?? "",
  };
  const authors = groupId ? await runService(request, () => context.services.search.listAuthors(ctx, groupId), groupId) : [];
  const base = {
    result: EMPTY,
    query,
    authors,
    searched: false,
    message: null as string | null,
    fieldErrors: {} as Record<string, string>,
  };
  if (!query.q.trim()) return json(base);
  const parsed = SearchInput.safeParse(searchParams(url, groupId));
  if (!parsed.success) {
    const fieldErrors: Record<string, string> = {};
    for (const i of parsed.error.issues) fieldErrors[String(i.path[0] ?? "_")] ??= i.message;
    return json({ ...base, message: errorMessage(getLocale(request), "invalid_input"), fieldErrors }, { status: 400 });
  }
  const result = await runService(request, () => context.services.search.search(ctx, parsed.data), groupId);
  return json({ ...base, result, searched: true });
}
export type SearchLoaderData = Awaited<ReturnType<Awaited<ReturnType<typeof searchLoader>>["json"]>>;
