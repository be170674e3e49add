import { Form, useNavigation, type FormProps } from "@remix-run/react";
import { useId, type ReactNode } from "react";
import { useRootData, useT } from "../i18n/use-t";

/** A Remix Form that carries the CSRF field. */
export function SafeForm({ children, ...props }: FormProps & { children: ReactNode }) {
  const { csrf } = useRootData();
  return (
    <Form method="post" {...props}>
      <input type="hidden" name="_csrf" value={csrf} />
      {children}
    </Form>
  );
}

/** A labelled input with its localised error, announced to screen readers. */
export function Field({
  label,
  name,
  error,
  type = "text",
  ...rest
}: { label: string; name: string; error?: string } & React.InputHTMLAttributes<HTMLInputElement>) {
  const id = useId();
  const t = useT();
  const message = t.fieldError(error);
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        name={name}
        type={type}
        aria-invalid={message ? true : undefined}
        aria-describedby={message ? `${id}-err` : undefined}
        {...rest}
      />
      <FieldError id={id} message={message} />
    </div>
  );
}

/** A submit button that shows progress while the form is being sent. */
export function Submit({ children, name, value, className }: { children: ReactNode; name?: string; value?: string; className?: string }) {
  const nav = useNavigation();
  const t = useT();
  const busy = nav.state === "submitting";
  return (
    <button type="submit" name={name} value={value} disabled={busy} aria-busy={busy || undefined} className={className}>
      {busy ? t("common.saving") : children}
    </button>
  );
}

/** The form-level message of a failed action. */
export function FormMessage({ data }: { data?: { ok?: boolean; message?: string } | null }) {
  if (data?.ok !== false || !data.message) return null;
  return (
    <p className="form-error" role="alert">
      {data.message}
    </p>
  );
}

/** A labelled select with its localised error (options as [value, label]). */
export function SelectField({
  label,
  name,
  options,
  error,
  help,
  ...rest
}: {
  label: string;
  name: string;
  options: readonly (readonly [string, string])[];
  error?: string;
  help?: string;
} & React.SelectHTMLAttributes<HTMLSelectElement>) {
  const id = useId();
  const t = useT();
  const message = t.fieldError(error);
  const described = [help ? `${id}-help` : "", message ? `${id}-err` : ""].filter(Boolean).join(" ");
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} name={name} aria-invalid={message ? true : undefined} aria-describedby={described || undefined} {...rest}>
        {options.map(([value, text]) => (
          <option key={value} value={value}>
            {text}
          </option>
        ))}
      </select>
      {help ? (
        <p id={`${id}-help`} className="status">
          {help}
        </p>
      ) : null}
      <FieldError id={id} message={message} />
    </div>
  );
}

/** A field's localised error, announced (the field points to it with aria-describedby `${id}-err`). */
function FieldError({ id, message }: { id: string; message?: string }) {
  return message ? (
    <p id={`${id}-err`} className="field-error" role="alert">
      {message}
    </p>
  ) : null;
}

/** A new password and its confirmation (invitation, reset, settings), with the server's field errors. */
export function NewPasswordFields({ errors }: { errors?: Record<string, string | undefined> }) {
  const t = useT();
  return (
    <>
      <Field
        label={t("password.new")}
        name="password"
        type="password"
        autoComplete="new-password"
        required
        minLength={10}
        error={errors?.password}
      />
      <Field
        label={t("password.confirm")}
        name="passwordConfirm"
        type="password"
        autoComplete="new-password"
        required
        error={errors?.passwordConfirm}
      />
    </>
  );
}

/** A labelled textarea with its localised error (and an optional help line). */
export function TextAreaField({
  label,
  name,
  error,
  help,
  ...rest
}: { label: string; name: string; error?: string; help?: string } & React.TextareaHTMLAttributes<HTMLTextAreaElement>) {
  const id = useId();
  const t = useT();
  const message = t.fieldError(error);
  const described = [help ? `${id}-help` : "", message ? `${id}-err` : ""].filter(Boolean).join(" ");
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {help ? (
        <p id={`${id}-help`} className="status">
          {help}
        </p>
      ) : null}
      <textarea id={id} name={name} aria-invalid={message ? true : undefined} aria-describedby={described || undefined} {...rest} />
      <FieldError id={id} message={message} />
    </div>
  );
}

/** A one-button form posting an intent with hidden fields (toggle, remove, mark done). */
export function Hidden({ fields }: { fields: Record<string, string> }) {
  return (
    <>
      {Object.entries(fields).map(([k, v]) => (
        <input key={k} type="hidden" name={k} value={v} />
      ))}
    </>
  );
}

/** What a page's action with several forms answers: which form posted (intent), and its errors by field. */
export type IntentResult = { ok?: boolean; intent?: string; message?: string; fieldErrors?: Record<string, string> } | undefined;

/** The field errors of `intent`'s form, when that form's post failed. */
export const errorsOf = (result: IntentResult, intent: string) =>
  result?.ok === false && result.intent === intent ? result.fieldErrors : undefined;
