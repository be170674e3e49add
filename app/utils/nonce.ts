import { createContext, useContext } from "react";

// The per-request nonce of the Content-Security-Policy (server/app.ts) for the inline scripts
// Remix renders. The server provides it (entry.server.tsx); in the browser it is "", which is
// also what the browser shows of a nonce attribute after loading, so hydration matches.
export const NonceContext = createContext("");
export const useNonce = () => useContext(NonceContext);
