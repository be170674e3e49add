import { Form, Link } from "@remix-run/react";
import { SEARCH_KINDS } from "../../../models/search/search.constants";
import type { SearchHitDto, SearchResultDto } from "../../../models/search/search.dto";
import { When } from "../../i18n/use-dates";
import { useT } from "../../i18n/use-t";

export interface SearchPageData {
  result: SearchResultDto;
  query: { q: string; kind: string; author: string; from: string; to: string };
  authors: Array<{ id: string; name: string }>;
  searched: boolean;
  message: string | null;
  fieldErrors: Record<string, string>;
}

/** The search form (query, kind, author, dates) and its results: one group's page or every group's. */
export function SearchPage({ data, across }: { data: SearchPageData; across: boolean }) {
  const t = useT();
  const { query, result, authors, fieldErrors } = data;
  const err = (name: string) => (fieldErrors[name] ? t.fieldError(fieldErrors[name]) : undefined);
  return (
    <>
      <h2>{across ? t("search.titleAll") : t("search.title")}</h2>
      <Form method="get" role="search" className="card search-form" data-testid="search-form">
        <div className="field">
          <label htmlFor="search-q">{across ? t("search.labelAll") : t("search.label")}</label>
          <input
            id="search-q"
            name="q"
            type="search"
            defaultValue={query.q}
            maxLength={200}
            aria-invalid={err("q") ? true : undefined}
            aria-describedby={err("q") ? "search-q-error" : undefined}
          />
          {err("q") ? (
            <p id="search-q-error" className="field-error">
              {err("q")}
            </p>
          ) : null}
        </div>
        <fieldset className="filters">
          <legend className="sr-only">{t("search.filters")}</legend>
          <div className="field">
            <label htmlFor="search-kind">{t("search.kind")}</label>
            <select id="search-kind" name="kind" defaultValue={query.kind}>
              <option value="">{t("search.kindAll")}</option>
              {SEARCH_KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`search.kind.${k}`)}
                </option>
              ))}
            </select>
          </div>
          {across ? null : (
            <div className="field">
              <label htmlFor="search-author">{t("search.author")}</label>
              <select id="search-author" name="author" defaultValue={query.author}>
                <option value="">{t("search.authorAll")}</option>
                {authors.map((a) => (
                  <option key={a.id} value={a.id}>
                    {a.name}
                  </option>
                ))}
              </select>
            </div>
          )}
          <div className="field">
            <label htmlFor="search-from">{t("search.from")}</label>
            <input id="search-from" name="from" type="date" defaultValue={query.from} />
          </div>
          <div className="field">
            <label htmlFor="search-to">{t("search.to")}</label>
            <input id="search-to" name="to" type="date" defaultValue={query.to} aria-invalid={err("to") ? true : undefined} />
            {err("to") ? <p className="field-error">{err("to")}</p> : null}
          </div>
        </fieldset>
        <button type="submit">{t("search.button")}</button>
      </Form>
      {data.message ? (
        <p className="error" role="alert">
          {data.message}
        </p>
      ) : null}
      {!data.searched ? (
        <p className="muted">{t("search.empty")}</p>
      ) : result.total === 0 ? (
        <div role="status" data-testid="search-none">
          <p>{t("search.none", { q: query.q })}</p>
          <p className="muted">{t("search.noneHint")}</p>
        </div>
      ) : (
        <>
          <p role="status" data-testid="search-count">
            {t("search.count", { n: result.total })}
            {result.total > result.hits.length ? ` ${t("search.shown", { n: result.hits.length })}` : null}
          </p>
          <ol className="search-results" data-testid="search-results">
            {result.hits.map((h) => (
              <Hit key={h.id} hit={h} across={across} />
            ))}
          </ol>
        </>
      )}
    </>
  );
}

function Hit({ hit, across }: { hit: SearchHitDto; across: boolean }) {
  const t = useT();
  return (
    <li data-testid="search-hit" data-kind={hit.kind}>
      {/* A document load, not a client navigation: the browser then scrolls to the anchor and marks it (:target). */}
      <Link to={hit.url} reloadDocument className="hit-title">
        <span className="badge">{t(`search.kind.${hit.kind}`)}</span> {hit.title || t("search.untitled")}
      </Link>
      <p className="snippet">
        {hit.snippet.map((p, i) =>
          // biome-ignore lint/suspicious/noArrayIndexKey: the pieces of one passage never move
          p.match ? <mark key={i}>{p.text}</mark> : <span key={i}>{p.text}</span>,
        )}
      </p>
      <p className="meta">
        {across ? <>{hit.groupName} · </> : null}
        {hit.authorName ? <>{t("search.by", { name: hit.authorName })} · </> : null}
        <When iso={hit.at} kind="day" />
      </p>
    </li>
  );
}
