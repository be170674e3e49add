import { z } from "zod";
import { objectIdString } from "../shared/ids";
import { MAX_QUERY_CHARS, MAX_SEARCH_LIMIT, SEARCH_KINDS } from "./search.constants";

const date = z.union([z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "invalid"), z.string().datetime({ offset: true })]);
/** A form sends "" for a field left empty. */
const optional = <T extends z.ZodTypeAny>(schema: T) => z.preprocess((v) => (v === "" || v === null ? undefined : v), schema.optional());

/** One search, from a page's query string or a socket's payload: every field checked, nothing else accepted. */
export const SearchInput = z
  .object({
    q: z
      .string()
      .max(MAX_QUERY_CHARS * 4, "too_long")
      .transform((s) => s.trim())
      .pipe(
        z
          .string()
          .min(1, "required")
          .max(MAX_QUERY_CHARS, "too_long")
          .refine((s) => !s.includes("\u0000"), "invalid"),
      ),
    groupId: optional(objectIdString),
    kinds: optional(z.array(z.enum(SEARCH_KINDS)).max(SEARCH_KINDS.length)),
    authorId: optional(objectIdString),
    from: optional(date),
    to: optional(date),
    limit: optional(z.number().int().min(1).max(MAX_SEARCH_LIMIT)),
  })
  .strict()
  .refine((i) => !i.from || !i.to || i.from <= i.to, { message: "invalid", path: ["to"] });
export type SearchInput = z.infer<typeof SearchInput>;

/** The same from a page's query string: ?q=&kind=&author=&from=&to= (kind may repeat). */
export function searchParams(url: URL, groupId?: string): unknown {
  const kinds = url.searchParams.getAll("kind").filter((k) => k !== "");
  return {
    q: url.searchParams.get("q") ?? "",
    ...(groupId ? { groupId } : {}),
    ...(kinds.length ? { kinds } : {}),
    authorId: url.searchParams.get("author") ?? undefined,
    from: url.searchParams.get("from") ?? undefined,
    to: url.searchParams.get("to") ?? undefined,
  };
}
