import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import type { RaterFormDTO } from "../../models/analysis/feedback.service";
import { isDomainError } from "../../models/shared/errors";
import { errorMessage } from "../../models/shared/error-messages";
import { useT } from "../i18n/use-t";
import { getLocale } from "../utils/i18n.server";

// A 360-degree rater's page (issue 14 item 4, docs/decisions/036): reached from a mailed link, no
// account. Opening it changes nothing; the one POST stores the answers and uses the link up. No
// CSRF field: the secret token is the authority, and all it can do is answer once. Works without
// scripts and at phone width. Each open and answer spends the network's budget (LIMITS.feedbackLink).

// The token must not reach search engines; the server's Referrer-Policy (same-origin) keeps it from
// other sites. No "no-referrer" here: under it the browser posts the form with Origin "null", which
// server/app.ts refuses as foreign.
export const meta: MetaFunction = () => [{ title: "Leerkring" }, { name: "robots", content: "noindex" }];

type Refusal = { refused: "token_invalid" | "rate_limited"; message: string; status: number; retryAfter?: number };

async function guard<T>(request: Request, work: () => Promise<T>): Promise<T | Refusal> {
  try {
    return await work();
  } catch (e) {
    if (isDomainError(e) && (e.code === "token_invalid" || e.code === "rate_limited"))
      return { refused: e.code, message: errorMessage(getLocale(request), e.code, e.meta), status: e.code === "rate_limited" ? 429 : 404 };
    throw e;
  }
}

const isRefusal = (v: unknown): v is Refusal => typeof v === "object" && v !== null && "refused" in v;

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const r = await guard(request, () =>
    context.services.feedback360.getRaterForm(context.services.deps, params.token, context.clientIp ?? "unknown"),
  );
  if (isRefusal(r)) return json({ form: null, refusal: r }, { status: r.status });
  return json({ form: r, refusal: null });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  let raw: Record<string, string> = {};
  try {
    const form = await request.formData();
    raw = Object.fromEntries([...form.entries()].filter((e): e is [string, string] => typeof e[1] === "string"));
  } catch {}
  try {
    const r = await guard(request, () =>
      context.services.feedback360.submitRating(context.services.deps, params.token, raw, context.clientIp ?? "unknown"),
    );
    if (isRefusal(r))
      return json({ done: false, refusal: r, fieldErrors: {} as Record<string, string>, values: raw }, { status: r.status });
    return json({ done: true, refusal: null, fieldErrors: {} as Record<string, string>, values: {} });
  } catch (e) {
    if (isDomainError(e) && e.code === "invalid_input") {
      const fieldErrors: Record<string, string> = {};
      for (const i of e.issues ?? []) fieldErrors[i.path] = i.code;
      return json({ done: false, refusal: null, fieldErrors, values: raw }, { status: 400 });
    }
    throw e;
  }
}

export default function RaterPage() {
  const t = useT();
  const { form, refusal } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  if (result?.done) {
    return (
      <div className="narrow">
        <h1>{t("feedback360_rater.thanksTitle")}</h1>
        <p role="status">{t("feedback360_rater.thanks")}</p>
      </div>
    );
  }
  const stop = result?.refusal ?? refusal;
  if (stop || !form) {
    return (
      <div className="narrow">
        <h1>{t("feedback360_rater.invalidTitle")}</h1>
        <p role="alert">{stop?.refused === "rate_limited" ? stop.message : t("feedback360_rater.invalid")}</p>
      </div>
    );
  }
  const f = form as RaterFormDTO;
  const errors = result?.fieldErrors ?? {};
  const values = (result?.values ?? {}) as Record<string, string>;
  const leader = f.leaderName;
  return (
    <div className="narrow rater">
      <h1>{t("feedback360_rater.title", { leader })}</h1>
      <p>{t("feedback360_rater.intro", { leader, school: f.school || t("feedback360_mail.yourSchool") })}</p>
      <Form method="post" noValidate>
        {Object.keys(errors).length ? (
          <p className="form-error" role="alert">
            {errorMessage(t.locale, "invalid_input")}
          </p>
        ) : null}
        {f.sections.map((s) => (
          <section key={s.id} className="card" aria-labelledby={`s-${s.id}`}>
            <h2 id={`s-${s.id}`}>{s.title[t.locale]}</h2>
            {s.items.map((i) => {
              const name = `a:${i.id}`;
              const message = t.fieldError(errors[name]);
              return (
                <fieldset key={i.id} className="analysis-item" aria-describedby={message ? `${i.id}-err` : undefined}>
                  <legend>{i.text[t.locale]}</legend>
                  <div className="scale">
                    {f.anchors.map((a, n) => (
                      <label key={a.nl}>
                        <input type="radio" name={name} value={String(n + 1)} required defaultChecked={values[name] === String(n + 1)} />{" "}
                        <span className="point">{n + 1}</span> {a[t.locale]}
                      </label>
                    ))}
                    <label>
                      <input type="radio" name={name} value="0" defaultChecked={values[name] === "0"} />{" "}
                      {t("feedback360_rater.cannotJudge")}
                    </label>
                  </div>
                  {message ? (
                    <p id={`${i.id}-err`} className="field-error" role="alert">
                      {message}
                    </p>
                  ) : null}
                </fieldset>
              );
            })}
          </section>
        ))}
        <button type="submit" disabled={busy}>
          {t("feedback360_rater.submit")}
        </button>
      </Form>
    </div>
  );
}
