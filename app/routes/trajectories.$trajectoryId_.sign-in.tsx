import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { SchoolSignInConfigInput } from "../../models/oidc/oidc.inputs";
import { GroupErrorBoundary } from "../components/errors";
import { Field, FormMessage, SafeForm, Submit, TextAreaField } from "../components/form";
import { When } from "../i18n/use-dates";
import { useT } from "../i18n/use-t";
import { formAction, readForm, readIntent, runService } from "../utils/form.server";
import { requireServiceContext } from "../utils/session.server";

// Sign in with the school's own account (decision 063): the trajectory's provider, set by its organiser
// (anyone else: 404). The client secret goes in and never comes back out: the page says only whether
// one is stored, and an empty field keeps it.

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { ctx } = await requireServiceContext(request, context);
  const trajectoryId = params.trajectoryId ?? "";
  const overview = await runService(request, () => context.services.trajectory.getTrajectoryOverview(ctx.actor, trajectoryId));
  const signIn = await runService(request, () => context.services.schoolSignIn.getSchoolSignIn(ctx, trajectoryId));
  return { trajectory: { id: overview.id, name: overview.name }, ...signIn };
}

const INTENTS = ["save", "remove"] as const;

export async function action({ request, params, context }: ActionFunctionArgs) {
  return formAction(async () => {
    const { ctx } = await requireServiceContext(request, context);
    const intent = await readIntent(request, INTENTS);
    const trajectoryId = params.trajectoryId ?? "";
    const s = context.services.schoolSignIn;
    switch (intent) {
      case "save": {
        // Someone who does not organise this trajectory learns nothing (404), whatever they post.
        await runService(request, () => s.getSchoolSignIn(ctx, trajectoryId));
        const input = await readForm(request, context, SchoolSignInConfigInput);
        await runService(request, () => s.saveSchoolSignIn(ctx, context.sessionSecret, trajectoryId, input));
        return json({ ok: true as const, intent });
      }
      case "remove": {
        await runService(request, () => s.getSchoolSignIn(ctx, trajectoryId));
        await readForm(request, context, SchoolSignInConfigInput.pick({}));
        await runService(request, () => s.removeSchoolSignIn(ctx, trajectoryId));
        return json({ ok: true as const, intent });
      }
    }
  });
}

export default function TrajectorySignIn() {
  const t = useT();
  const { trajectory, config, callbackUrl, history } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>() as
    | { ok: true; intent: string }
    | { ok: false; message: string; fieldErrors: Record<string, string> }
    | undefined;
  const errors = data && !data.ok ? data.fieldErrors : {};
  return (
    <div className="narrow">
      <p>
        <Link to={`/trajectories/${trajectory.id}`}>{trajectory.name}</Link>
      </p>
      <h1>{t("school_config.title")}</h1>
      <p>{t("school_config.intro")}</p>
      <p>
        {t("school_config.callback")} <code>{callbackUrl}</code>
      </p>
      <p className="status" role="status">
        {data?.ok ? t(data.intent === "remove" ? "school_config.removed" : "school_config.saved") : null}
      </p>
      {/* A fresh form after a save: the secret field is empty again, so the secret never comes back. */}
      <SafeForm className="card" key={config?.updatedAt ?? "new"}>
        <FormMessage data={data && !data.ok ? data : undefined} />
        <Field
          label={t("school_config.issuer")}
          name="issuer"
          type="url"
          required
          defaultValue={config?.issuer ?? ""}
          placeholder="https://login.microsoftonline.com/…/v2.0"
          error={errors.issuer}
        />
        <p className="status">{t("school_config.issuerHelp")}</p>
        <Field
          label={t("school_config.clientId")}
          name="clientId"
          required
          autoComplete="off"
          defaultValue={config?.clientId ?? ""}
          error={errors.clientId}
        />
        <Field
          label={config?.hasSecret ? t("school_config.secretKeep") : t("school_config.secret")}
          name="clientSecret"
          type="password"
          autoComplete="new-password"
          required={!config?.hasSecret}
          defaultValue=""
          error={errors.clientSecret}
        />
        <TextAreaField
          label={t("school_config.domains")}
          help={t("school_config.domainsHelp")}
          name="domains"
          rows={2}
          required
          defaultValue={config?.domains.join("\n") ?? ""}
          error={errors.domains}
        />
        <Submit name="intent" value="save">
          {t("school_config.save")}
        </Submit>
      </SafeForm>
      {config ? (
        <SafeForm>
          <Submit name="intent" value="remove" className="secondary">
            {t("school_config.remove")}
          </Submit>
        </SafeForm>
      ) : (
        <p className="muted">{t("school_config.none")}</p>
      )}
      <h2>{t("school_config.history")}</h2>
      {history.length === 0 ? (
        <p className="muted">{t("audit.empty")}</p>
      ) : (
        <ul>
          {history.map((h) => (
            <li key={h.at + h.type}>
              {t(h.type === "school_sign_in_removed" ? "school_config.historyRemoved" : "school_config.historyChanged", {
                actor: h.actorName,
              })}{" "}
              <When iso={h.at} />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export const ErrorBoundary = GroupErrorBoundary;
