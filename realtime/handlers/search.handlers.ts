import { search } from "../../models/search/search.service";
import type { SearchInput } from "../../models/search/search.inputs";
import type { HandlerContext } from "../handler-context";

// Search (issue 20 item 3, decision 086): the same service call as the search pages.
export const searchHandlers = {
  "search:query": (ctx: HandlerContext, input: SearchInput) => search(ctx.service, input),
};
