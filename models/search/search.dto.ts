import type { SearchKind } from "./search.constants";

export type { SearchKind } from "./search.constants";

/** A piece of a hit's passage: `match` marks the words the query found (never HTML). */
export interface SnippetPiece {
  text: string;
  match: boolean;
}

export interface SearchHitDto {
  id: string;
  kind: SearchKind;
  groupId: string;
  groupName: string;
  title: string;
  snippet: SnippetPiece[];
  /** The exact message or place, within the app. */
  url: string;
  authorName: string | null;
  /** ISO date of the item (sent, last edited). */
  at: string;
  score: number;
}

export interface SearchResultDto {
  hits: SearchHitDto[];
  /** How many items matched in all (the hits are the best `limit` of them). */
  total: number;
}
