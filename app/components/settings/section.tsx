import { useId, type ReactNode } from "react";
import { FormMessage, SafeForm } from "../form";

/** What a settings form's action answered: `intent` tells which of the page's forms it was for. */
export type SettingsResult = { ok?: boolean; intent?: string; message?: string; fieldErrors?: Record<string, string> } | undefined;

/** One section of the settings page: a heading, its own form posting `intent`, its saved notice and
 *  refusal. Each feature adds a section; the page's action dispatches on the intent. */
export function SettingsSection({
  intent,
  id,
  className,
  title,
  intro,
  saved,
  result,
  children,
}: {
  intent: string;
  /** The section's anchor, for links to it (a mail's link to /settings#mail). */
  id?: string;
  /** More classes for the section's form. */
  className?: string;
  title: string;
  intro?: string;
  saved: string;
  result: SettingsResult;
  children: ReactNode;
}) {
  const headingId = useId();
  const introId = useId();
  const mine = result?.intent === intent ? result : undefined;
  return (
    <section id={id} aria-labelledby={headingId}>
      <h2 id={headingId}>{title}</h2>
      {intro ? <p id={introId}>{intro}</p> : null}
      {mine?.ok ? (
        <p className="notice" role="status">
          {saved}
        </p>
      ) : null}
      <SafeForm className={className ? `card ${className}` : "card"} aria-describedby={intro ? introId : undefined}>
        <input type="hidden" name="intent" value={intent} />
        <FormMessage data={mine} />
        {children}
      </SafeForm>
    </section>
  );
}
