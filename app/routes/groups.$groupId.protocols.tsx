import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import type { MessageKey } from "../../models/i18n/i18n";
import type { LocalText, Phase, Protocol, RoleKind } from "../../models/intervision/protocol.inputs";
import { GroupErrorBoundary } from "../components/errors";
import { useT } from "../i18n/use-t";
import { runService } from "../utils/form.server";
import { requireServiceContext } from "../utils/session.server";

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { ctx } = await requireServiceContext(request, context);
  const protocols = await runService(request, () => context.services.protocol.listProtocols(ctx, params.groupId ?? ""), params.groupId);
  return { protocols };
}

type T = ReturnType<typeof useT>;

const roleList = (t: T, roles: readonly RoleKind[]) =>
  roles.length ? roles.map((r) => t(`protocols.role.${r}` as MessageKey)).join(", ") : t("protocols.nobody");

function PhaseRules({ t, phase }: { t: T; phase: Omit<Phase, "id" | "name" | "instruction" | "timer" | "loop" | "choice"> }) {
  return (
    <>
      <dt>{t("protocols.speakers")}</dt>
      <dd>{roleList(t, phase.speakers)}</dd>
      <dt>{t("protocols.inbrengerMode")}</dt>
      <dd>{t(`protocols.inbrenger.${phase.inbrenger}`)}</dd>
      <dt>{t("protocols.turns")}</dt>
      <dd>{t(`protocols.turns.${phase.turns}`)}</dd>
      <dt>{t("protocols.input")}</dt>
      <dd>
        {t(`protocols.input.${phase.input}`)}
        {phase.writers.length ? ` (${t("protocols.writers", { roles: roleList(t, phase.writers) })})` : null}
      </dd>
      <dt>{t("protocols.visibility")}</dt>
      <dd>
        {phase.visibility === "hidden_until_reveal" ? (
          <strong>{t("protocols.visibility.hidden_until_reveal")}</strong>
        ) : (
          t("protocols.visibility.live")
        )}
      </dd>
      {phase.artefacts.length ? (
        <>
          <dt>{t("protocols.artefacts")}</dt>
          <dd>{phase.artefacts.map((a) => t(`protocols.artefact.${a}` as MessageKey)).join(", ")}</dd>
        </>
      ) : null}
    </>
  );
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

export default function Protocols() {
  const t = useT();
  const { protocols } = useLoaderData<typeof loader>();
  return (
    <>
      <h2>{t("protocols.title")}</h2>
      <p>{t("protocols.intro")}</p>
      {protocols.length ? protocols.map((p) => <ProtocolCard key={p.id} t={t} protocol={p} />) : <p>{t("protocols.empty")}</p>}
    </>
  );
}

/** A refusal or a missing thing inside the group keeps the group's name and tabs around it. */
export const ErrorBoundary = GroupErrorBoundary;
