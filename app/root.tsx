import { json, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import {
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  isRouteErrorResponse,
  useLoaderData,
  useLocation,
  useRouteError,
  useRouteLoaderData,
  Link,
} from "@remix-run/react";
import styles from "./styles.css";
import { getLocale } from "./utils/i18n.server";
import { csrfFor } from "./utils/form.server";
import { getUser } from "./utils/session.server";
import { SafeForm } from "./components/form";
import { translate, type MessageKey } from "../models/i18n/i18n";
import { otherLocale, toLocale } from "../models/i18n/locale";
import { toTimeZone } from "../models/i18n/dates";
import { useT, type RootData } from "./i18n/use-t";
import { InboxLink } from "./components/threads/inbox-link";
import { inboxUnread } from "./utils/inbox.server";
import { actorOf } from "./utils/session.server";
import { clearOutboxes } from "./utils/thread-store.client";
import { resetSocket } from "./utils/live.client";
import { useNonce } from "./utils/nonce";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: styles },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];
export const meta: MetaFunction = () => [{ title: "Leerkring" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const csrf = csrfFor(request, context);
  const user = await getUser(request, context);
  // The profile's language and zone; the lk_lang cookie for whoever is not signed in.
  const locale = user ? toLocale(user.locale) : getLocale(request);
  const data: RootData & { inboxUnread: number } = {
    locale,
    timeZone: toTimeZone(user?.timeZone),
    now: Date.now(),
    csrf: csrf.token,
    user: user ? { id: String(user._id), name: user.name || user.email, email: user.email, isOrganiser: user.isOrganiser } : null,
    inboxUnread: user ? await inboxUnread(context, actorOf(user)) : 0,
  };
  return json(data, { headers: csrf.setCookie ? { "Set-Cookie": csrf.setCookie } : {} });
}

function Shell({ children, locale }: { children: React.ReactNode; locale: string }) {
  const nonce = useNonce();
  return (
    <html lang={locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
        {/* Before any module: Zod's schemas would probe for eval (new Function), which the CSP refuses (decision 016). */}
        {/* biome-ignore lint/security/noDangerouslySetInnerHtml: a static string literal with no user data, in a script carrying this response's CSP nonce */}
        <script nonce={nonce} dangerouslySetInnerHTML={{ __html: "globalThis.__zod_globalConfig={jitless:true};" }} />
      </head>
      <body>
        {children}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

function Header() {
  const data = useLoaderData<typeof loader>() as RootData & { inboxUnread?: number };
  const t = useT();
  const location = useLocation();
  return (
    <header className="topbar">
      <a className="skip" href="#main">
        {t("app.skip")}
      </a>
      <Link to="/" className="brand">
        {t("app.name")}
      </Link>
      <nav aria-label={t("app.name")}>
        {data.user ? (
          <>
            <Link to="/">{t("nav.home")}</Link>
            <InboxLink initial={data.inboxUnread ?? 0} userId={data.user.id} />
            <Link to="/analysis">{t("analysis_nav.link")}</Link>
            {/* Network moments (issue 16, decision 066) */}
            <Link to="/moments">{t("moment.plan.nav")}</Link>
            {/* Search (issue 20 item 3, decision 086) */}
            <Link to="/search">{t("search.nav")}</Link>
            <Link to="/settings">{t("nav.settings")}</Link>
          </>
        ) : null}
        <SafeForm action="/lang" className="inline">
          <input type="hidden" name="locale" value={otherLocale(data.locale)} />
          <input type="hidden" name="next" value={location.pathname + location.search} />
          <button type="submit" className="link" lang={otherLocale(data.locale)}>
            {t("nav.switchTo")}
          </button>
        </SafeForm>
        {data.user ? (
          <SafeForm
            action="/logout"
            className="inline"
            onSubmit={() => {
              // What this tab kept for sending goes with the session.
              clearOutboxes();
              resetSocket();
            }}
          >
            <button type="submit" className="link">
              {t("nav.logout")} <span className="sr-only">({data.user.name})</span>
            </button>
          </SafeForm>
        ) : null}
      </nav>
    </header>
  );
}

export default function App() {
  const data = useLoaderData<typeof loader>() as RootData;
  return (
    <Shell locale={data.locale}>
      <Header />
      <main id="main" tabIndex={-1}>
        <Outlet />
      </main>
    </Shell>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const data = useRouteLoaderData("root") as RootData | undefined;
  const locale = toLocale(data?.locale);
  const notFound = isRouteErrorResponse(error) && error.status === 404;
  const t = (k: MessageKey) => translate(locale, k);
  return (
    <Shell locale={locale}>
      <header className="topbar">
        <a href="/" className="brand">
          Leerkring
        </a>
      </header>
      <main id="main" className="narrow">
        <h1>{notFound ? "404" : t("common.error")}</h1>
        <p>{notFound ? t("common.notFound") : t("common.serverError")}</p>
        <p>
          <a href="/">{t("common.toHome")}</a>
        </p>
      </main>
    </Shell>
  );
}
