import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import type { LocalText, Protocol } from "../../models/intervision/protocol.inputs";
import { GroupErrorBoundary } from "../components/errors";
import { PhaseRules, roleList, type T } from "../components/protocol-rules";
import { useT } from "../i18n/use-t";
import { ArchiveProtocolInput } from "../../models/intervision/protocol-form.inputs";
import { FormMessage, SafeForm, Submit } from "../components/form";
import { formAction, readForm, readIntent, runService } from "../utils/form.server";
import { requireServiceContext } from "../utils/session.server";

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { ctx } = await requireServiceContext(request, context);
  return runService(request, () => context.services.protocol.listGroupProtocols(ctx, params.groupId ?? ""), params.groupId);
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const intent = await readIntent(request, ["archive"]);
  return formAction(async () => {
    const { ctx } = await requireServiceContext(request, context);
    const input = await readForm(request, context, ArchiveProtocolInput, { groupId: params.groupId });
    await runService(request, () => context.services.protocol.archiveProtocol(ctx, input), params.groupId);
    return json({ ok: true as const, intent, archived: input.archived === "true" });
  }, intent);
}

function ProtocolCard({ t, protocol }: { t: T; protocol: Protocol }) {
  const text = (x: LocalText) => x[t.locale];
  const nameOf = (id: string) => text(protocol.phases.find((p) => p.id === id)?.name ?? { nl: id, en: id });
  const perPass = protocol.phases.reduce((sum, p) => sum + p.timer.minutes, 0);
  const total = protocol.repeat ? perPass * protocol.repeat.times : perPass;
  return (
    <details className="card protocol">
      <summary>
        <strong>{text(protocol.name)}</strong>{" "}
        <span className="muted">
          {t("protocols.phaseCount", { n: protocol.phases.length })} · {t("protocols.totalMinutes", { n: total })}
        </span>
      </summary>
      <p>{text(protocol.summary)}</p>
      <p>
        {t("protocols.roles")}:{" "}
        {protocol.roles
          .map((r) => (r.required ? t(`protocols.role.${r.role}`) : t("protocols.optional", { role: t(`protocols.role.${r.role}`) })))
          .join(", ")}
      </p>
      {protocol.repeat ? (
        <p>
          {t("protocols.repeat", {
            n: protocol.repeat.times,
            from: nameOf(protocol.repeat.from),
            to: nameOf(protocol.repeat.to),
            roles: roleList(t, protocol.repeat.rotate),
          })}
        </p>
      ) : null}
      <ol className="protocol-phases">
        {protocol.phases.map((phase) => (
          <li key={phase.id}>
            <h3>
              {text(phase.name)}{" "}
              <span className="muted">
                ({t("protocols.minutes", { n: phase.timer.minutes })}, {t(`protocols.end.${phase.timer.end}`)})
              </span>
            </h3>
            <p>{text(phase.instruction)}</p>
            <dl className="protocol-rules">
              <PhaseRules t={t} phase={phase} />
            </dl>
            {phase.loop ? (
              <p>{t("protocols.loop", { condition: text(phase.loop.condition), phase: nameOf(phase.loop.to), n: phase.loop.max })}</p>
            ) : null}
            {phase.choice ? (
              <>
                <p>{t("protocols.choice", { phase: nameOf(phase.choice.appliesTo) })}</p>
                <ul>
                  {phase.choice.modules.map((m) => (
                    <li key={m.id}>
                      <strong>{text(m.name)}</strong>: {text(m.instruction)}
                      <dl className="protocol-rules">
                        <PhaseRules t={t} phase={m} />
                      </dl>
                    </li>
                  ))}
                </ul>
              </>
            ) : null}
          </li>
        ))}
      </ol>
    </details>
  );
}

const copyLink = (from: string) => `edit?${new URLSearchParams({ from })}`;

export default function Protocols() {
  const t = useT();
  const { builtIns, copies, canEdit } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as { ok?: boolean; message?: string; archived?: boolean } | undefined;
  const [search] = useSearchParams();
  const saved = copies.find((c) => c.protocol.id === search.get("saved"));
  const active = copies.filter((c) => !c.archived);
  const archived = copies.filter((c) => c.archived);
  const copyCard = (c: (typeof copies)[number]) => (
    <div key={c.protocol.id} className="protocol-entry">
      <ProtocolCard t={t} protocol={c.protocol as Protocol} />
      <p className="muted">
        {t("protocol_list_saved", { number: c.protocol.version, name: c.savedBy })}
        {" · "}
        {t("protocol_list_based_on", { name: builtIns.find((b) => b.id === c.basedOn.id)?.name[t.locale] ?? c.basedOn.id })}
      </p>
      {canEdit ? (
        <div className="row">
          {c.archived ? null : (
            <Link className="button secondary" to={`edit?${new URLSearchParams({ id: c.protocol.id })}`}>
              {t("protocol_list_adapt")}
              <span className="sr-only">: {c.protocol.name[t.locale]}</span>
            </Link>
          )}
          <Link className="button secondary" to={copyLink(c.protocol.id)}>
            {t("protocol_list_copy")}
            <span className="sr-only">: {c.protocol.name[t.locale]}</span>
          </Link>
          <SafeForm className="inline">
            <input type="hidden" name="intent" value="archive" />
            <input type="hidden" name="protocolId" value={c.protocol.id} />
            <input type="hidden" name="archived" value={c.archived ? "false" : "true"} />
            <Submit className="secondary">
              {c.archived ? t("protocol_list_restore") : t("protocol_list_archive")}
              <span className="sr-only">: {c.protocol.name[t.locale]}</span>
            </Submit>
          </SafeForm>
        </div>
      ) : null}
    </div>
  );
  return (
    <>
      <h2>{t("protocols.title")}</h2>
      <p>{t("protocols.intro")}</p>
      <FormMessage data={result} />
      {saved ? (
        <p role="status" className="notice">
          {t("protocol_list_saved_notice", {
            name: saved.protocol.name[t.locale],
            number: Number(search.get("version")) || saved.protocol.version,
          })}
        </p>
      ) : null}
      {result?.ok ? <p role="status">{result.archived ? t("protocol_list_archived_notice") : t("protocol_list_restored_notice")}</p> : null}
      <h3>{t("protocol_list_group")}</h3>
      {active.length ? (
        active.map(copyCard)
      ) : (
        <p className="muted">{canEdit ? t("protocol_list_group_empty_edit") : t("protocol_list_group_empty")}</p>
      )}
      <h3>{t("protocol_list_builtin")}</h3>
      {builtIns.length ? (
        builtIns.map((p) => (
          <div key={p.id} className="protocol-entry">
            <ProtocolCard t={t} protocol={p as Protocol} />
            {canEdit ? (
              <p>
                <Link className="button secondary" to={copyLink(p.id)}>
                  {t("protocol_list_copy")}
                  <span className="sr-only">: {p.name[t.locale]}</span>
                </Link>
              </p>
            ) : null}
          </div>
        ))
      ) : (
        <p>{t("protocols.empty")}</p>
      )}
      {archived.length ? (
        <details>
          <summary>{t("protocol_list_archived", { n: archived.length })}</summary>
          {archived.map(copyCard)}
        </details>
      ) : null}
    </>
  );
}

/** A refusal or a missing thing inside the group keeps the group's name and tabs around it. */
export const ErrorBoundary = GroupErrorBoundary;
