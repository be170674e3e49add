import type { Deps } from "../models/shared/context";

export interface LeerkringContext {
  deps: Deps;
  cookieSecure: boolean;
  sessionSecret: string;
  /** /dev/outbox is served only while the email API is answered locally. */
  devOutbox: boolean;
}

declare module "@remix-run/server-runtime" {
  interface AppLoadContext extends LeerkringContext {}
}
