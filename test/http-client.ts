// A browser-like HTTP client for tests of the real server: keeps cookies, reads a page's CSRF
// field, posts forms. `headers` go with every request (an X-Forwarded-For, a language cookie's
// Accept-Language...), after the cookie jar's.
import { PASSWORD } from "./factories";

export type HttpClient = ReturnType<typeof httpClient>;

export function httpClient(base: string, headers: Record<string, string> = {}) {
  const jar = new Map<string, string>();
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
  const keep = (res: Response) => {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(";");
      const i = pair.indexOf("=");
      jar.set(pair.slice(0, i), pair.slice(i + 1));
    }
    return res;
  };
  return {
    jar,
    get: async (path: string) => keep(await fetch(base + path, { headers: { ...headers, cookie: cookie() }, redirect: "manual" })),
    async csrf(path = "/login") {
      const html = await (await this.get(path)).text();
      const field = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
      if (!field) throw new Error(`no CSRF field on ${path}`);
      return field;
    },
    /** POSTs `body` (a form, or a raw string) as a form unless `extra` names another content-type. */
    post: async (path: string, body: Record<string, string> | string, extra: Record<string, string> = {}) =>
      keep(
        await fetch(base + path, {
          method: "POST",
          redirect: "manual",
          headers: { "content-type": "application/x-www-form-urlencoded", ...headers, cookie: cookie(), ...extra },
          body: typeof body === "string" ? body : new URLSearchParams(body),
        }),
      ),
  };
}

/** Signs `c` in through the login form. */
export async function loginAs(c: HttpClient, email: string, password = PASSWORD) {
  const _csrf = await c.csrf();
  return c.post("/login", { _csrf, email, password });
}
