import type { Services } from "../server/services";

export interface LeerkringContext {
  /** The node's one domain runtime (server/services.ts): every use case, for both doors. */
  services: Services;
  cookieSecure: boolean;
  sessionSecret: string;
  /** /dev/outbox is served only while the email API is answered locally (EMAIL_FAKE), and only to a
   *  request from this machine (server/app.ts decides per request, server/local-request.ts). */
  devOutbox: boolean;
  /** The client's address as Express sees it (X-Forwarded-For only when TRUST_PROXY says so). */
  clientIp?: string;
  /** This response's Content-Security-Policy nonce (server/app.ts), for Remix's inline scripts. */
  cspNonce?: string;
  /** What this request's log line may say about who asked (server/app.ts writes it, ids only). */
  logFields?: { userId?: string };
}

declare module "@remix-run/server-runtime" {
  interface AppLoadContext extends LeerkringContext {}
}
