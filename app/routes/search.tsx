import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { SearchPage } from "../components/search/search-page";
import searchStyles from "../components/search/search.css";
import { searchLoader } from "../utils/search.server";
import { requireServiceContext } from "../utils/session.server";

// Search across all one's groups (issue 20 item 3, decision 086): ?q=&kind=&from=&to=.
export const links: LinksFunction = () => [{ rel: "stylesheet", href: searchStyles }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { ctx } = await requireServiceContext(request, context);
  return searchLoader(request, context, ctx);
}

export default function SearchAll() {
  return <SearchPage data={useLoaderData<typeof loader>()} across />;
}
