import { Link } from "@remix-run/react";
import { BLOCK_KINDS, BREAKOUT_SIZE, COMPOSITION_RULES, MAX_MOMENT_BLOCKS } from "../../../models/moment/moment.constants";
import type { MomentBlockDTO, MomentSummaryDTO } from "../../../models/moment/moment.dto";
import { BLOCK_MINUTES, type BlockDraft, MOMENT_TEXT, type MomentDraft, SHORT_PROTOCOLS } from "../../../models/moment/moment.inputs";
import { Field, SafeForm, SelectField, TextAreaField } from "../form";
import { useDateSettings, When } from "../../i18n/use-dates";
import { useT } from "../../i18n/use-t";

// The planning form of a network moment (decision 066) and how a moment's programme reads. The form
// works without JavaScript: each block's buttons post the whole form, the server answers with the
// changed draft; Enter in a field saves (the form's first, hidden button), it never moves a block.

function BlockFields({ b, i, count, errors }: { b: BlockDraft; i: number; count: number; errors: Record<string, string> }) {
  const t = useT();
  const at = `blocks.${i}`;
  const number = i + 1;
  return (
    <fieldset className="block-edit">
      <legend className="block-legend">{t("moment.plan.block", { number })}</legend>
      <input type="hidden" name={`${at}.id`} value={b.id} />
      <input type="hidden" name={`${at}.key`} value={b.key} />
      <SelectField
        label={t("moment.plan.field.kind")}
        name={`${at}.kind`}
        defaultValue={b.kind}
        options={BLOCK_KINDS.map((k) => [k, t(`moment.plan.kind.${k}`)] as const)}
        error={errors[`${at}.kind`]}
      />
      <Field
        label={t("moment.plan.field.blockTitle")}
        name={`${at}.title`}
        defaultValue={b.title}
        maxLength={MOMENT_TEXT.blockTitle}
        required
        error={errors[`${at}.title`]}
      />
      <Field
        label={t("moment.plan.field.minutes")}
        name={`${at}.minutes`}
        type="number"
        inputMode="numeric"
        min={BLOCK_MINUTES.min}
        max={BLOCK_MINUTES.max}
        defaultValue={b.minutes}
        required
        error={errors[`${at}.minutes`]}
      />
      <details open={b.kind === "breakouts" || Object.keys(errors).some((k) => k.startsWith(`${at}.`))}>
        <summary>{t("moment.plan.breakoutOnly")}</summary>
        <SelectField
          label={t("moment.plan.field.rule")}
          name={`${at}.rule`}
          defaultValue={b.rule}
          options={COMPOSITION_RULES.map((r) => [r, t(`moment.plan.rule.${r}`)] as const)}
          error={errors[`${at}.rule`]}
        />
        <Field
          label={t("moment.plan.field.size")}
          name={`${at}.size`}
          type="number"
          inputMode="numeric"
          min={BREAKOUT_SIZE.min}
          max={BREAKOUT_SIZE.max}
          defaultValue={b.size}
          error={errors[`${at}.size`]}
        />
        <TextAreaField
          label={t("moment.plan.field.themes")}
          name={`${at}.themes`}
          defaultValue={b.themes}
          rows={3}
          error={errors[`${at}.themes`]}
        />
        <SelectField
          label={t("moment.plan.field.protocol")}
          name={`${at}.protocolId`}
          defaultValue={b.protocolId}
          options={[
            ["", t("moment.plan.protocol.none")] as const,
            ...SHORT_PROTOCOLS.map((p) => [p, t(`moment.plan.protocol.${p}`)] as const),
          ]}
          error={errors[`${at}.protocolId`]}
        />
      </details>
      <div className="row">
        <button
          type="submit"
          name="op"
          value={`up:${i}`}
          className="secondary"
          disabled={i === 0}
          aria-label={t("moment.plan.upBlock", { number })}
        >
          ↑
        </button>
        <button
          type="submit"
          name="op"
          value={`down:${i}`}
          className="secondary"
          disabled={i === count - 1}
          aria-label={t("moment.plan.downBlock", { number })}
        >
          ↓
        </button>
        <button type="submit" name="op" value={`remove:${i}`} className="secondary" disabled={count === 1}>
          {t("moment.plan.removeBlock", { number })}
        </button>
      </div>
    </fieldset>
  );
}

/** The plan's fields and its blocks' editor, posting intent "plan" with the button pressed as `op`. */
export function PlanForm({
  draft,
  groups,
  errors,
  submitLabel,
  changed,
}: {
  draft: MomentDraft;
  groups: { id: string; name: string }[];
  errors: Record<string, string>;
  submitLabel: string;
  /** The draft came back from a block operation: not stored yet. */
  changed: boolean;
}) {
  const t = useT();
  const { timeZone } = useDateSettings();
  const groupError = t.fieldError(errors.groupIds);
  const blocksError = t.fieldError(errors.blocks);
  return (
    <SafeForm className="moment-plan">
      <input type="hidden" name="intent" value="plan" />
      <button type="submit" name="op" value="save" className="sr-only" tabIndex={-1} aria-hidden="true">
        {submitLabel}
      </button>
      {changed ? <p role="status">{t("moment.plan.draftChanged")}</p> : null}
      <Field
        label={t("moment.plan.field.title")}
        name="title"
        defaultValue={draft.title}
        maxLength={MOMENT_TEXT.title}
        required
        error={errors.title}
      />
      <div className="row">
        <Field label={t("moment.plan.field.date")} name="date" type="date" defaultValue={draft.date} required error={errors.date} />
        <Field label={t("moment.plan.field.time")} name="time" type="time" defaultValue={draft.time} required error={errors.time} />
      </div>
      <p className="muted">{t("meetings.timesIn", { zone: timeZone })}</p>
      <Field
        label={t("moment.plan.field.place")}
        name="place"
        defaultValue={draft.place}
        maxLength={MOMENT_TEXT.place}
        error={errors.place}
      />
      <TextAreaField
        label={t("moment.plan.field.agenda")}
        help={t("moment.plan.field.agendaHelp")}
        name="agenda"
        defaultValue={draft.agenda}
        maxLength={MOMENT_TEXT.agenda}
        rows={5}
        error={errors.agenda}
      />
      <fieldset className="checks" aria-invalid={groupError ? true : undefined}>
        <legend>{t("moment.plan.field.groups")}</legend>
        <p className="status">{t("moment.plan.field.groupsHelp")}</p>
        {groups.map((g) => (
          <label key={g.id} className="choice">
            <input type="checkbox" name={`group.${g.id}`} defaultChecked={draft.groupIds.includes(g.id)} /> {g.name}
          </label>
        ))}
        {groupError ? (
          <p className="field-error" role="alert">
            {groupError}
          </p>
        ) : null}
      </fieldset>
      <h3>{t("moment.plan.blocks")}</h3>
      {blocksError ? (
        <p className="field-error" role="alert">
          {blocksError}
        </p>
      ) : null}
      <ol className="block-list">
        {draft.blocks.map((b, i) => (
          <li key={b.key}>
            <BlockFields b={b} i={i} count={draft.blocks.length} errors={errors} />
          </li>
        ))}
      </ol>
      <div className="row">
        <button type="submit" name="op" value="add" className="secondary" disabled={draft.blocks.length >= MAX_MOMENT_BLOCKS}>
          {t("moment.plan.addBlock")}
        </button>
        <button type="submit" name="op" value="save">
          {submitLabel}
        </button>
      </div>
    </SafeForm>
  );
}

/** One block of a programme as everyone reads it: its time, kind, title and length. */
function BlockLine({ b }: { b: MomentBlockDTO }) {
  const t = useT();
  return (
    <li>
      <When iso={b.startsAt} kind="time" /> · <strong>{b.title}</strong>{" "}
      <span className="muted">
        ({t(`moment.plan.kind.${b.kind}`)}, {t("moment.plan.minutes", { n: b.minutes })}
        {b.kind === "breakouts" && b.rule ? `, ${t(`moment.plan.rule.${b.rule}`)}` : ""}
        {b.kind === "breakouts" && b.size ? `, ${t("moment.plan.sizeLine", { n: b.size })}` : ""}
        {b.protocolId ? `, ${t(`moment.plan.protocol.${b.protocolId}`)}` : ""})
      </span>
      {b.themes.length ? <span className="muted"> — {b.themes.join(", ")}</span> : null}
    </li>
  );
}

/** A moment in a list: when, where, its programme and agenda, and the links its reader may follow. */
export function MomentCard({ m, withAgenda, headingLevel = 3 }: { m: MomentSummaryDTO; withAgenda: boolean; headingLevel?: 3 | 4 }) {
  const t = useT();
  const cancelled = m.status === "cancelled";
  const Heading = `h${headingLevel}` as const;
  return (
    <li className={`card moment${cancelled ? " muted" : ""}`}>
      <Heading>
        <Link to={`/moments/${m.id}`}>{m.title}</Link>
        {cancelled ? <span className="badge"> {t("moment.plan.cancelled")}</span> : null}
      </Heading>
      <p>
        <When iso={m.startsAt} kind="day" />
        {", "}
        <When iso={m.startsAt} kind="time" />–<When iso={m.endsAt} kind="time" />
      </p>
      {m.place ? <p>{t("moment.plan.place", { place: m.place })}</p> : null}
      <p className="muted">
        {t(`moment.plan.role.${m.role}`)} · {m.trajectoryName} · {t("moment.plan.groupCount", { n: m.groupCount })}
      </p>
      {withAgenda ? (
        <>
          {m.agenda ? (
            <>
              <p>
                <strong>{t("moment.plan.agenda")}</strong>
              </p>
              <p className="moment-agenda">{m.agenda}</p>
            </>
          ) : null}
          <p>
            <strong>{t("moment.plan.programme")}</strong>
          </p>
          <ol className="programme">
            {m.blocks.map((b) => (
              <BlockLine key={b.id} b={b} />
            ))}
          </ol>
        </>
      ) : null}
      <p className="row">
        {cancelled ? null : (
          <a href={`/moments/${m.id}/ics`} download>
            {t("moment.plan.ics")}
          </a>
        )}
        {m.role === "facilitator" ? <Link to={`/moments/${m.id}/plan`}>{t("moment.plan.edit")}</Link> : null}
      </p>
    </li>
  );
}
