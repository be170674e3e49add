// Erasure of one's account (decision 064): what the settings page shows.

/** A pending erasure: when it was asked for and when it will be carried out. */
export interface ErasureStatusDTO {
  requestedAt: string;
  dueAt: string;
}
