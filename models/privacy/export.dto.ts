/** What the settings page shows of the user's newest export (decision 049). */
export interface DataExportDTO {
  id: string;
  status: "queued" | "building" | "ready" | "failed";
  progress: number;
  createdAt: string;
  /** Until when the mailed link works (ready exports). */
  expiresAt: string | null;
}
