import { useId } from "react";
import { useT } from "../../i18n/use-t";

/** A labelled textarea with its localised error, announced to screen readers (the plan, goal and coach forms). */
export function TextArea({
  label,
  name,
  error,
  ...rest
}: { label: string; name: string; error?: string } & React.TextareaHTMLAttributes<HTMLTextAreaElement>) {
  const id = useId();
  const t = useT();
  const message = t.fieldError(error);
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <textarea
        id={id}
        name={name}
        rows={3}
        aria-invalid={message ? true : undefined}
        aria-describedby={message ? `${id}-err` : undefined}
        {...rest}
      />
      {message ? (
        <p id={`${id}-err`} className="field-error" role="alert">
          {message}
        </p>
      ) : null}
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
