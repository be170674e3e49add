// A real OpenID Connect provider (oidc-provider 9) on a free loopback port, for the school sign-in tests
// (decision 063): one confidential client, a few accounts, the library's development login and consent
// pages (any password is accepted, as at a school the provider decides who is who). `signIn` drives
// those pages over HTTP as a browser would and returns the URL the provider sends the browser back to.
import http from "node:http";
import type { AddressInfo } from "node:net";
import Provider from "oidc-provider";

export interface TestAccount {
  email: string;
  email_verified?: boolean;
  name?: string;
}

export interface TestProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Follows `authUrl` through the provider's login (as `login`) and consent; returns the callback URL. */
  signIn(authUrl: string, login: string): Promise<URL>;
  close(): Promise<void>;
}

export async function startTestProvider(opts: {
  redirectUri: string;
  accounts: Record<string, TestAccount>;
  clientSecret?: string;
}): Promise<TestProvider> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clientId = "leerkring-test";
  const clientSecret = opts.clientSecret ?? "test-client-secret-3f9a1c";
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [opts.redirectUri],
        grant_types: ["authorization_code"],
        response_types: ["code"],
      },
    ],
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
    // The e-mail claims in the ID token itself, as Google and Entra ID put them there.
    conformIdTokenClaims: false,
    cookies: { keys: ["test-provider-cookie-key"] },
    features: { devInteractions: { enabled: true } },
    async findAccount(_ctx, sub) {
      const account = opts.accounts[sub];
      if (!account) return undefined;
      return { accountId: sub, claims: async () => ({ sub, email_verified: true, ...account }) };
    },
  });
  server.on("request", provider.callback());

  async function signIn(authUrl: string, login: string): Promise<URL> {
    const jar = new Map<string, string>();
    const keep = (res: Response) => {
      for (const c of res.headers.getSetCookie()) {
        const [pair] = c.split(";");
        const i = pair.indexOf("=");
        jar.set(pair.slice(0, i), pair.slice(i + 1));
      }
      return res;
    };
    const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
    let url = new URL(authUrl);
    let body: URLSearchParams | undefined;
    for (let hop = 0; hop < 12; hop++) {
      if (url.origin !== issuer) return url; // back at the app
      const res = keep(
        await fetch(url, {
          method: body ? "POST" : "GET",
          redirect: "manual",
          headers: { cookie: cookie(), ...(body ? { "content-type": "application/x-www-form-urlencoded" } : {}) },
          body,
        }),
      );
      body = undefined;
      const location = res.headers.get("location");
      if (location) {
        url = new URL(location, url);
        continue;
      }
      // A login or consent page: submit it.
      const html = await res.text();
      const prompt = /name="prompt" value="(login|consent)"/.exec(html)?.[1];
      if (!prompt) throw new Error(`the provider answered ${res.status} at ${url.pathname}: ${html.slice(0, 300)}`);
      const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1] ?? url.pathname;
      url = new URL(action, url);
      body = new URLSearchParams(prompt === "login" ? { prompt, login, password: "any" } : { prompt });
    }
    throw new Error("too many hops at the provider");
  }

  return {
    issuer,
    clientId,
    clientSecret,
    signIn,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
