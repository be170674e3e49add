import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { GroupErrorBoundary } from "../components/errors";
import { SearchPage } from "../components/search/search-page";
import searchStyles from "../components/search/search.css";
import { searchLoader } from "../utils/search.server";
import { requireServiceContext } from "../utils/session.server";

// Search in one group (issue 20 item 3, decision 086): ?q=&kind=&author=&from=&to=.
export const links: LinksFunction = () => [{ rel: "stylesheet", href: searchStyles }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { ctx } = await requireServiceContext(request, context);
  return searchLoader(request, context, ctx, params.groupId ?? "");
}

export default function GroupSearch() {
  return <SearchPage data={useLoaderData<typeof loader>()} across={false} />;
}

export const ErrorBoundary = GroupErrorBoundary;
