import type { MessageKey } from "../../models/i18n/i18n";
import type { Phase, RoleKind } from "../../models/intervision/protocol.inputs";
import type { useT } from "../i18n/use-t";

// A phase's rules as rows of a <dl class="protocol-rules">: the Werkvormen tab's cards and the
// editor's preview show them alike.

export type T = ReturnType<typeof useT>;

/** Roles as words ("inbrenger, deelnemers"), or "nobody (silent)". */
export const roleList = (t: T, roles: readonly RoleKind[]) =>
  roles.length ? roles.map((r) => t(`protocols.role.${r}` as MessageKey)).join(", ") : t("protocols.nobody");

/** Who speaks, the inbrenger, turns, input (and who writes), visibility and artefacts. */
export function PhaseRules({ t, phase }: { t: T; phase: Omit<Phase, "id" | "name" | "instruction" | "timer" | "loop" | "choice"> }) {
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
