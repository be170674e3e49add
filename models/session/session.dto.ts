/** What the sessions list shows of one session (decision 040); `id` names it in forms without being its key. */
export interface SessionDTO {
  id: string;
  browser: string;
  os: string;
  createdAt: string;
  lastSeenAt: string;
  current: boolean;
}
