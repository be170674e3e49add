import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import {
  BringCaseInput,
  HARVEST_TEXT_MAX,
  HARVEST_TITLE_MAX,
  OfferOutputInput,
  PublishOutputInput,
  WithdrawCaseInput,
} from "../../models/moment/harvest.inputs";
import type { HarvestBreakoutDTO } from "../../models/moment/harvest.service";
import { newClientId } from "../components/threads/thread-state";
import { Field, FormMessage, Hidden, SafeForm, Submit, TextAreaField, errorsOf, type IntentResult } from "../components/form";
import { GroupErrorBoundary } from "../components/errors";
import { When } from "../i18n/use-dates";
import { useT } from "../i18n/use-t";
import { formAction, readForm, readIntent, runService } from "../utils/form.server";
import { requireServiceContext } from "../utils/session.server";

// The harvest of a network moment (issue 16 item 4, decision 074): everyone in the moment sees what
// the tables published and may offer an outcome to their own group; a table's participants (and the
// facilitators) publish; an inbrenger brings an anonymised copy of their own case to their table.
// The moment's own page (/moments/:momentId) may post the same intents here.

export const meta: MetaFunction = () => [{ title: "Leerkring" }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { ctx } = await requireServiceContext(request, context);
  const harvest = context.services.harvest;
  const momentId = params.momentId ?? "";
  const url = new URL(request.url);
  const publish = url.searchParams.get("publish");
  const bring = url.searchParams.get("bring");
  const caseId = url.searchParams.get("case");
  const page = await runService(request, () => harvest.getHarvestPage(ctx, { momentId }));
  // The forms opened by a link (no script needed): the board's text, the chosen case's text.
  const publishing = publish
    ? { breakoutId: publish, ...(await runService(request, () => harvest.getOutputDraft(ctx, { momentId, breakoutId: publish }))) }
    : null;
  const bringing = bring
    ? {
        breakoutId: bring,
        draft: caseId ? await runService(request, () => harvest.getCaseDraft(ctx, { momentId, breakoutId: bring, caseId })) : null,
      }
    : null;
  // A fresh seed per page: a form sent twice stores once, a new page publishes anew.
  return { ...page, publishing, bringing, clientSeed: newClientId().slice(0, 24) };
}

const INTENTS = ["publish", "offer", "bring", "withdraw"] as const;

export async function action({ request, context, params }: ActionFunctionArgs) {
  const intent = await readIntent(request, INTENTS);
  return formAction(async () => {
    const { ctx } = await requireServiceContext(request, context);
    const harvest = context.services.harvest;
    const momentId = params.momentId ?? "";
    const extra = { momentId };
    const back = (breakoutId: string) => redirect(`/moments/${momentId}/harvest#breakout-${breakoutId}`);
    switch (intent) {
      case "publish": {
        const input = await readForm(request, context, PublishOutputInput, extra);
        await runService(request, () => harvest.publishOutput(ctx, input));
        return back(input.breakoutId);
      }
      case "offer": {
        const input = await readForm(request, context, OfferOutputInput, extra);
        const offered = await runService(request, () => harvest.offerOutput(ctx, input));
        return json({ ok: true as const, intent, ...offered });
      }
      case "bring": {
        const input = await readForm(request, context, BringCaseInput, extra);
        await runService(request, () => harvest.bringCase(ctx, input));
        return back(input.breakoutId);
      }
      case "withdraw": {
        const input = await readForm(request, context, WithdrawCaseInput, extra);
        await runService(request, () => harvest.withdrawCase(ctx, input));
        return json({ ok: true as const, intent });
      }
    }
  }, intent);
}

type Data = ReturnType<typeof useLoaderData<typeof loader>>;

function PublishForm({ b, data, result }: { b: HarvestBreakoutDTO; data: Data; result: IntentResult }) {
  const t = useT();
  const errors = errorsOf(result, "publish");
  const draft = data.publishing!;
  return (
    <SafeForm aria-label={t("moment.harvest.publish")}>
      <Hidden fields={{ intent: "publish", breakoutId: b.id, clientId: `${data.clientSeed}p${b.id}` }} />
      <p className="status">{t("moment.harvest.publishHelp")}</p>
      <Field
        label={t("moment.harvest.outputTitle")}
        name="title"
        required
        maxLength={HARVEST_TITLE_MAX}
        defaultValue={draft.title ?? b.theme ?? t("moment.harvest.table", { number: b.index })}
        error={errors?.title}
      />
      <TextAreaField
        label={t("moment.harvest.outputText")}
        name="text"
        rows={10}
        maxLength={HARVEST_TEXT_MAX}
        defaultValue={draft.text}
        error={errors?.text}
      />
      <Submit>{b.output ? t("moment.harvest.republish") : t("moment.harvest.publish")}</Submit>{" "}
      <Link to={`/moments/${data.moment.id}/harvest#breakout-${b.id}`} preventScrollReset>
        {t("moment.harvest.cancel")}
      </Link>
    </SafeForm>
  );
}

function CaseCopies({ b, data, result }: { b: HarvestBreakoutDTO; data: Data; result: IntentResult }) {
  const t = useT();
  const errors = errorsOf(result, "bring");
  const bringing = data.bringing?.breakoutId === b.id ? data.bringing : null;
  return (
    <section aria-labelledby={`cases-${b.id}`}>
      <h4 id={`cases-${b.id}`}>{t("moment.harvest.cases")}</h4>
      <p className="muted">{t("moment.harvest.casesHelp")}</p>
      {b.caseCopies?.length ? (
        <ul className="plain">
          {b.caseCopies.map((c) => (
            <li key={c.id} className="card">
              <strong>{c.title}</strong>
              <p className="pre-wrap">{c.text}</p>
              {c.mine ? (
                <SafeForm className="inline">
                  <Hidden fields={{ intent: "withdraw", breakoutId: b.id, copyId: c.id }} />
                  <Submit className="secondary">{t("moment.harvest.withdraw")}</Submit>
                </SafeForm>
              ) : null}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">{t("moment.harvest.casesNone")}</p>
      )}
      {b.seated ? (
        <details open={!!bringing}>
          <summary>{t("moment.harvest.bring")}</summary>
          <p>{t("moment.harvest.bringHelp")}</p>
          {data.myCases.length === 0 ? (
            <p className="muted">{t("moment.harvest.noCases")}</p>
          ) : (
            <Form method="get" preventScrollReset>
              <input type="hidden" name="bring" value={b.id} />
              <div className="field">
                <label htmlFor={`case-${b.id}`}>{t("moment.harvest.pickCase")}</label>
                <select id={`case-${b.id}`} name="case" defaultValue={bringing?.draft?.caseId}>
                  {data.myCases.map((c) => (
                    <option key={c.id} value={c.id}>
                      {c.title}
                    </option>
                  ))}
                </select>
              </div>
              <button type="submit" className="secondary">
                {t("moment.harvest.pick")}
              </button>
            </Form>
          )}
          {bringing?.draft ? (
            <SafeForm aria-label={t("moment.harvest.bring")}>
              <Hidden
                fields={{ intent: "bring", breakoutId: b.id, caseId: bringing.draft.caseId, clientId: `${data.clientSeed}c${b.id}` }}
              />
              <Field
                label={t("moment.harvest.copyTitle")}
                name="title"
                required
                maxLength={HARVEST_TITLE_MAX}
                defaultValue={bringing.draft.title}
                error={errors?.title}
              />
              <TextAreaField
                label={t("moment.harvest.copyText")}
                help={t("moment.harvest.copyTextHelp")}
                name="text"
                rows={10}
                required
                maxLength={HARVEST_TEXT_MAX}
                defaultValue={bringing.draft.text}
                error={errors?.text}
              />
              <Submit>{t("moment.harvest.bringSubmit")}</Submit>
            </SafeForm>
          ) : null}
        </details>
      ) : null}
    </section>
  );
}

function BreakoutCard({ b, data, result }: { b: HarvestBreakoutDTO; data: Data; result: IntentResult }) {
  const t = useT();
  const name = b.theme ?? t("moment.harvest.table", { number: b.index });
  const publishing = data.publishing?.breakoutId === b.id;
  return (
    <article id={`breakout-${b.id}`} className="card" aria-labelledby={`breakout-${b.id}-name`}>
      <h3 id={`breakout-${b.id}-name`}>
        {name} {b.seated ? <span className="badge">{t("moment.harvest.yourTable")}</span> : null}
      </h3>
      {b.output ? (
        <>
          <h4>{b.output.title}</h4>
          {b.output.text ? <p className="pre-wrap">{b.output.text}</p> : null}
          <p className="muted">
            <When iso={b.output.at}>{(when) => t("moment.harvest.published", { when })}</When>
          </p>
        </>
      ) : (
        <p className="muted">{b.canPublish ? t("moment.harvest.notPublishedOwn") : t("moment.harvest.notPublished")}</p>
      )}
      {b.output && data.home ? (
        b.offeredDocId ? (
          <p className="status">
            {t("moment.harvest.offered", { group: data.home.name })}{" "}
            <Link to={`/groups/${data.home.id}/docs/${b.offeredDocId}`}>{t("moment.harvest.openDoc")}</Link>
          </p>
        ) : (
          <SafeForm className="inline" preventScrollReset>
            <Hidden fields={{ intent: "offer", breakoutId: b.id }} />
            <Submit>{t("moment.harvest.offer")}</Submit>{" "}
            <span className="muted">{t("moment.harvest.offerHelp", { group: data.home.name })}</span>
          </SafeForm>
        )
      ) : null}
      {b.canPublish ? (
        publishing ? (
          <PublishForm b={b} data={data} result={result} />
        ) : (
          <p>
            <Link to={`?publish=${b.id}#breakout-${b.id}`} preventScrollReset>
              {b.output ? t("moment.harvest.republish") : t("moment.harvest.publish")}
            </Link>
          </p>
        )
      ) : null}
      {b.caseCopies ? <CaseCopies b={b} data={data} result={result} /> : null}
    </article>
  );
}

export default function HarvestPage() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as IntentResult;
  const t = useT();
  const tables = data.blocks.flatMap((b) => b.breakouts).length;
  return (
    <div className="narrow">
      <p>
        <Link to={`/moments/${data.moment.id}`}>← {t("moment.harvest.back")}</Link>
      </p>
      <h1>{t("moment.harvest.heading", { title: data.moment.title })}</h1>
      <p className="muted">
        <When iso={data.moment.startsAt} kind="day" />
        {data.moment.place ? ` · ${data.moment.place}` : ""}
      </p>
      <p>{data.role === "facilitator" ? t("moment.harvest.intro.facilitator") : t("moment.harvest.intro.participant")}</p>
      <FormMessage data={result} />
      {tables === 0 ? <p className="muted">{t("moment.harvest.none")}</p> : null}
      {data.blocks
        .filter((block) => block.breakouts.length > 0)
        .map((block) => (
          <section key={block.id} aria-labelledby={`block-${block.id}`}>
            <h2 id={`block-${block.id}`}>{block.title}</h2>
            {block.breakouts.map((b) => (
              <BreakoutCard key={b.id} b={b} data={data} result={result} />
            ))}
          </section>
        ))}
    </div>
  );
}

export const ErrorBoundary = GroupErrorBoundary;
