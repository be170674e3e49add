// Erasure of one's account (decision 064). Shared by the service, the forms' input schemas and the pages.

/** Days between asking for erasure and its being carried out; the member may cancel meanwhile. */
export const ERASURE_COOLING_DAYS = 7;

/** What happens to what an erased member wrote in a group: deleted, or kept under "former member". */
export const GROUP_ERASURE_CHOICES = ["anonymise", "remove"] as const;
export type GroupErasureChoice = (typeof GROUP_ERASURE_CHOICES)[number];
export const DEFAULT_GROUP_ERASURE: GroupErasureChoice = "anonymise";
