import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import type { MessageKey } from "../../models/i18n/i18n";
import type { ProtocolPreviewDTO } from "../../models/intervision/protocol.service";
import {
  applyOp,
  draftFromFields,
  type ProtocolDraft,
  ProtocolEditForm,
  ROLE_USES,
  structureOf,
} from "../../models/intervision/protocol-form.inputs";
import {
  ARTEFACT_KINDS,
  INBRENGER_MODES,
  INPUT_MODES,
  PROTOCOL_LIMITS,
  ROLE_KINDS,
  type RoleKind,
  TIMER_ENDS,
  TURN_ORDERS,
  VISIBILITIES,
} from "../../models/intervision/protocol.inputs";
import { GroupErrorBoundary } from "../components/errors";
import { Field, FormMessage, SafeForm, SelectField, TextAreaField } from "../components/form";
import { PhaseRules, type T } from "../components/protocol-rules";
import { useT } from "../i18n/use-t";
import { formAction, readForm, readIntent, runService } from "../utils/form.server";
import { requireServiceContext } from "../utils/session.server";

// The protocol editor (issue 13 item 1, decision 033): copy a protocol and adapt it, or adapt a
// group copy; every button posts the whole form and the server answers with the changed draft, so
// it works without JavaScript. Preview: the steps for the group's size. Save: the next version.

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { ctx } = await requireServiceContext(request, context);
  const url = new URL(request.url);
  const source = {
    groupId: params.groupId ?? "",
    from: url.searchParams.get("from") ?? undefined,
    id: url.searchParams.get("id") ?? undefined,
  };
  return runService(request, () => context.services.protocol.protocolDraft(ctx, source), params.groupId);
}

type ActionData = {
  ok?: boolean;
  message?: string;
  draft?: ProtocolDraft;
  errors?: Record<string, string>;
  preview?: ProtocolPreviewDTO;
  fieldErrors?: Record<string, string>;
};

export async function action({ request, context, params }: ActionFunctionArgs) {
  const intent = await readIntent(request, ["edit"]);
  return formAction(async () => {
    const { ctx } = await requireServiceContext(request, context);
    const groupId = params.groupId ?? "";
    const fields = await readForm(request, context, ProtocolEditForm);
    const op = fields.op;
    const draft = applyOp(draftFromFields(fields), op);
    if (op === "preview" || op === "save") {
      const run = <T,>(fn: () => Promise<T>) => runService(request, fn, groupId);
      const input = {
        groupId,
        protocolId: fields.protocolId || null,
        baseVersion: Number(fields.baseVersion),
        basedOn: { id: fields["basedOn.id"], version: Number(fields["basedOn.version"]) },
        draft,
      };
      const checked =
        op === "save"
          ? await run(() => context.services.protocol.saveProtocol(ctx, input))
          : await run(() => context.services.protocol.previewProtocol(ctx, groupId, draft));
      if (!checked.ok) return json({ ok: false as const, draft, errors: checked.errors }, { status: 400 });
      if (op === "save") return redirect(`/groups/${groupId}/protocols?saved=${checked.protocol.id}&version=${checked.protocol.version}`);
      return json({ ok: true as const, draft, preview: checked.preview });
    }
    // A phase added, removed or moved: nothing is stored, the form shows the new draft.
    await runService(request, () => context.services.protocol.assertCanEditProtocols(ctx, groupId), groupId);
    return json({ ok: true as const, draft });
  }, intent);
}

/** The phase's rules chosen from a list: the field, its label, its values (each worded as protocols.<field>.<value>). */
const RULE_SELECTS = [
  ["inbrenger", "protocols.inbrengerMode", INBRENGER_MODES],
  ["turns", "protocols.turns", TURN_ORDERS],
  ["input", "protocols.input", INPUT_MODES],
  ["visibility", "protocols.visibility", VISIBILITIES],
] as const;

const roleName = (t: T, r: RoleKind) => t(`protocols.role.${r}` as MessageKey);

/** Checkboxes for a list of roles or artefacts, as one group with its error. */
function Checks({
  legend,
  name,
  options,
  values,
  error,
}: {
  legend: string;
  name: string;
  options: readonly (readonly [string, string])[];
  values: readonly string[];
  error?: string;
}) {
  const t = useT();
  const message = t.fieldError(error);
  return (
    <fieldset className="checks" aria-invalid={message ? true : undefined}>
      <legend>{legend}</legend>
      {options.map(([value, label]) => (
        <label key={value} className="choice">
          <input type="checkbox" name={`${name}.${value}`} defaultChecked={values.includes(value)} /> {label}
        </label>
      ))}
      {message ? (
        <p className="field-error" role="alert">
          {message}
        </p>
      ) : null}
    </fieldset>
  );
}

/** A text of the protocol in both languages: `name`.nl and `name`.en, each with its error. */
function BothLanguages({
  name,
  label,
  value,
  errors,
  long,
}: {
  name: string;
  label: "name" | "summary" | "instruction";
  value: { nl: string; en: string };
  errors: Record<string, string>;
  long?: boolean;
}) {
  const t = useT();
  return (
    <>
      {(["nl", "en"] as const).map((l) =>
        long ? (
          <TextAreaField
            key={l}
            label={t(`protocol_edit_${label}_${l}`)}
            name={`${name}.${l}`}
            defaultValue={value[l]}
            error={errors[`${name}.${l}`]}
            maxLength={PROTOCOL_LIMITS.instruction}
            rows={3}
          />
        ) : (
          <Field
            key={l}
            label={t(`protocol_edit_${label}_${l}`)}
            name={`${name}.${l}`}
            defaultValue={value[l]}
            error={errors[`${name}.${l}`]}
            maxLength={PROTOCOL_LIMITS.name}
          />
        ),
      )}
    </>
  );
}

function PhaseFields({ t, draft, i, errors }: { t: T; draft: ProtocolDraft; i: number; errors: Record<string, string> }) {
  const phase = draft.phases[i];
  const at = `phases.${i}`;
  const err = (k: string) => errors[`${at}.${k}`];
  const roles = draft.roles.map((r) => r.role);
  const roleOptions = roles.map((r) => [r, roleName(t, r)] as const);
  const count = draft.phases.length;
  const label = (x: { nl: string; en: string }) => x[t.locale] || x.nl || x.en;
  const nameOf = (id: string) => label(draft.phases.find((p) => p.id === id)?.name ?? { nl: id, en: id });
  const structureError = Object.entries(errors).find(([k]) => k.startsWith(`${at}.loop`) || k.startsWith(`${at}.choice`))?.[1];
  return (
    <fieldset className="card phase-edit">
      <legend>{t("protocol_edit_phase", { number: i + 1, name: label(phase.name) })}</legend>
      <input type="hidden" name={`${at}.id`} value={phase.id} />
      <input type="hidden" name={`${at}.structure`} value={structureOf(phase)} />
      <BothLanguages name={`${at}.name`} label="name" value={phase.name} errors={errors} />
      <BothLanguages name={`${at}.instruction`} label="instruction" value={phase.instruction} errors={errors} long />
      <div className="row">
        <Field
          label={t("protocol_edit_minutes")}
          name={`${at}.timer.minutes`}
          type="number"
          inputMode="numeric"
          min={1}
          max={PROTOCOL_LIMITS.minutes}
          defaultValue={Number.isFinite(phase.timer.minutes) ? phase.timer.minutes : ""}
          error={err("timer.minutes")}
        />
        <SelectField
          label={t("protocol_edit_end")}
          name={`${at}.timer.end`}
          defaultValue={phase.timer.end}
          options={TIMER_ENDS.map((e) => [e, t(`protocols.end.${e}`)] as const)}
          error={err("timer.end")}
        />
      </div>
      {RULE_SELECTS.map(([field, labelKey, values]) => (
        <SelectField
          key={field}
          label={t(labelKey)}
          name={`${at}.${field}`}
          defaultValue={phase[field]}
          options={values.map((v) => [v, t(`protocols.${field}.${v}` as MessageKey)] as const)}
          error={err(field)}
        />
      ))}
      <Checks
        legend={t("protocol_edit_speakers")}
        name={`${at}.speakers`}
        options={roleOptions}
        values={phase.speakers}
        error={err("speakers")}
      />
      <Checks
        legend={t("protocol_edit_writers")}
        name={`${at}.writers`}
        options={roleOptions}
        values={phase.writers}
        error={err("writers")}
      />
      <Checks
        legend={t("protocols.artefacts")}
        name={`${at}.artefacts`}
        options={ARTEFACT_KINDS.map((a) => [a, t(`protocols.artefact.${a}`)] as const)}
        values={phase.artefacts ?? []}
        error={err("artefacts")}
      />
      <label className="choice">
        <input type="checkbox" name={`${at}.reveals`} value="what_i_did" defaultChecked={phase.reveals === "what_i_did"} />{" "}
        {t("protocol_edit_reveals")}
      </label>
      {t.fieldError(err("reveals")) ? (
        <p className="field-error" role="alert">
          {t.fieldError(err("reveals"))}
        </p>
      ) : null}
      {phase.loop ? (
        <p className="muted">
          {t("protocols.loop", { condition: label(phase.loop.condition), phase: nameOf(phase.loop.to), n: phase.loop.max })}
        </p>
      ) : null}
      {phase.choice ? <p className="muted">{t("protocols.choice", { phase: nameOf(phase.choice.appliesTo) })}</p> : null}
      {structureError ? (
        <p className="field-error" role="alert">
          {t.fieldError(structureError)}
        </p>
      ) : null}
      <div className="row">
        <button type="submit" name="op" value={`up:${i}`} className="secondary" disabled={i === 0}>
          {t("protocol_edit_up")}
          <span className="sr-only"> {label(phase.name)}</span>
        </button>
        <button type="submit" name="op" value={`down:${i}`} className="secondary" disabled={i === count - 1}>
          {t("protocol_edit_down")}
          <span className="sr-only"> {label(phase.name)}</span>
        </button>
        <button type="submit" name="op" value={`remove:${i}`} className="secondary" disabled={count === 1}>
          {t("protocol_edit_remove")}
          <span className="sr-only"> {label(phase.name)}</span>
        </button>
      </div>
    </fieldset>
  );
}

function Preview({ t, preview }: { t: T; preview: ProtocolPreviewDTO }) {
  return (
    <section className="card protocol-preview" aria-labelledby="preview-title">
      <h3 id="preview-title" tabIndex={-1}>
        {t("protocol_preview_title", { n: preview.members })}
      </h3>
      <p>
        {t("protocols.phaseCount", { n: preview.steps.length })} · {t("protocols.totalMinutes", { n: preview.totalMinutes })}
      </p>
      <ol className="protocol-phases">
        {preview.steps.map((s) => (
          <li key={s.index}>
            <h4>
              {s.name[t.locale]}
              {s.repetition ? ` (${t("protocol_preview_round", { number: s.repetition + 1 })})` : ""}{" "}
              <span className="muted">
                ({t("protocols.minutes", { n: s.timer.minutes })}, {t(`protocols.end.${s.timer.end}`)})
              </span>
            </h4>
            <dl className="protocol-rules">
              <PhaseRules t={t} phase={s} />
              {Object.keys(s.seats).length ? (
                <>
                  <dt>{t("protocol_preview_seats")}</dt>
                  <dd>
                    {Object.entries(s.seats)
                      .map(([role, seat]) => t("protocol_preview_seat", { role: roleName(t, role as RoleKind), number: (seat ?? 0) + 1 }))
                      .join(", ")}
                  </dd>
                </>
              ) : null}
            </dl>
            {s.reveals ? <p>{t("protocol_edit_reveals")}</p> : null}
            {s.loop ? <p className="muted">{t("protocol_preview_loop", { n: s.loop.max, step: s.loop.to + 1 })}</p> : null}
          </li>
        ))}
      </ol>
    </section>
  );
}

export default function EditProtocol() {
  const t = useT();
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionData | undefined;
  const draft = (result?.draft ?? data.draft) as ProtocolDraft;
  const errors = result?.errors ?? {};
  const errorList = Object.entries(errors);
  const label = (x: { nl: string; en: string }) => x[t.locale] || x.nl || x.en;
  const used = (r: RoleKind) => {
    const found = draft.roles.find((x) => x.role === r);
    return found ? (found.required ? "required" : "optional") : "off";
  };
  return (
    <section className="protocol-editor">
      <p>
        <Link to="../protocols" relative="path">
          {t("protocol_edit_back")}
        </Link>
      </p>
      <h2>{data.protocolId ? t("protocol_edit_title", { name: label(data.draft.name) }) : t("protocol_copy_title")}</h2>
      <p className="muted">{data.protocolId ? t("protocol_edit_version", { number: data.baseVersion + 1 }) : t("protocol_copy_intro")}</p>
      <FormMessage data={result} />
      {errorList.length ? (
        <div className="form-error" role="alert">
          <p>{t("protocol_edit_errors", { n: errorList.length })}</p>
          <ul>
            {errorList.map(([path, code]) => (
              <li key={path}>
                {/^phases\.\d+/.test(path) ? `${t("protocol_edit_phase_short", { number: Number(path.split(".")[1]) + 1 })}: ` : ""}
                {t.fieldError(code)}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <SafeForm>
        <input type="hidden" name="intent" value="edit" />
        {/* Enter in a field previews (the form's first button), it never moves or removes a phase. */}
        <button type="submit" name="op" value="preview" className="sr-only" tabIndex={-1} aria-hidden="true">
          {t("protocol_edit_preview")}
        </button>
        <input type="hidden" name="protocolId" value={data.protocolId ?? ""} />
        <input type="hidden" name="baseVersion" value={data.baseVersion} />
        <input type="hidden" name="basedOn.id" value={data.basedOn.id} />
        <input type="hidden" name="basedOn.version" value={data.basedOn.version} />
        <input type="hidden" name="repeat" value={draft.repeat ? JSON.stringify(draft.repeat) : ""} />
        <fieldset className="card">
          <legend>{t("protocol_edit_general")}</legend>
          <BothLanguages name="name" label="name" value={draft.name} errors={errors} />
          <BothLanguages name="summary" label="summary" value={draft.summary} errors={errors} long />
        </fieldset>
        <fieldset className="card">
          <legend>{t("protocols.roles")}</legend>
          {ROLE_KINDS.map((r) => (
            <SelectField
              key={r}
              label={roleName(t, r)}
              name={`role.${r}`}
              defaultValue={used(r)}
              options={ROLE_USES.map((u) => [u, t(`protocol_edit_role_${u}`)] as const)}
            />
          ))}
          {t.fieldError(errors.roles) ? (
            <p className="field-error" role="alert">
              {t.fieldError(errors.roles)}
            </p>
          ) : null}
        </fieldset>
        {draft.repeat ? (
          <p className="muted">
            {t("protocols.repeat", {
              n: draft.repeat.times,
              from: label(draft.phases.find((p) => p.id === draft.repeat?.from)?.name ?? { nl: "?", en: "?" }),
              to: label(draft.phases.find((p) => p.id === draft.repeat?.to)?.name ?? { nl: "?", en: "?" }),
              roles: draft.repeat.rotate.map((r) => roleName(t, r)).join(", "),
            })}
            {errors.repeat ? ` ${t.fieldError(errors.repeat)}` : ""}
          </p>
        ) : null}
        <h3>{t("protocol_edit_phases")}</h3>
        <ol className="phase-list">
          {draft.phases.map((p, i) => (
            <li key={p.id}>
              <PhaseFields t={t} draft={draft} i={i} errors={errors} />
            </li>
          ))}
        </ol>
        <div className="row">
          <button type="submit" name="op" value="add" className="secondary" disabled={draft.phases.length >= PROTOCOL_LIMITS.phases}>
            {t("protocol_edit_add")}
          </button>
        </div>
        <div className="row actions">
          <button type="submit" name="op" value="preview" className="secondary">
            {t("protocol_edit_preview")}
          </button>
          <button type="submit" name="op" value="save">
            {t("protocol_edit_save")}
          </button>
        </div>
      </SafeForm>
      {result?.preview ? <Preview t={t} preview={result.preview} /> : null}
    </section>
  );
}

export const ErrorBoundary = GroupErrorBoundary;
