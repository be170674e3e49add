import { useEffect, useId, useState, type FormEvent } from "react";
import { useRevalidator } from "@remix-run/react";
import { browserSupportsWebAuthn, startAuthentication, startRegistration } from "@simplewebauthn/browser";
import type { PasskeyDTO } from "../../../models/mfa/mfa.dto";
import { When } from "../../i18n/use-dates";
import { useRootData, useT } from "../../i18n/use-t";
import { Field, FormMessage, SafeForm, Submit } from "../form";
import type { SettingsResult } from "../settings/section";
import { RecoveryCodes } from "./totp-setup";

// Passkeys in the browser (decision 062): @simplewebauthn/browser asks the device, the server's
// resource routes (settings_.passkeys.ts, login_.passkey.ts) give the challenge and check the answer.

type Answer = { ok: true; options?: unknown; codes?: string[] | null; next?: string } | { ok: false; message?: string };

/** Posts `fields` (with this browser's CSRF field) to a resource route; its JSON answer, or a refusal. */
async function post(url: string, csrf: string, fields: Record<string, string>, failed: string): Promise<Answer> {
  const body = new FormData();
  body.set("_csrf", csrf);
  for (const [k, v] of Object.entries(fields)) body.set(k, v);
  const res = await fetch(url, { method: "POST", body, headers: { Accept: "application/json" } }).catch(() => null);
  if (!res) return { ok: false, message: failed };
  const data = (await res.json().catch(() => null)) as Answer | null;
  if (!res.ok || !data) return { ok: false, message: (data && !data.ok && data.message) || failed };
  return data;
}

/** What the device said when it did not make or give a passkey, in words. */
function deviceRefusal(t: ReturnType<typeof useT>, e: unknown) {
  const name = e instanceof Error ? e.name : "";
  if (name === "InvalidStateError") return t("passkey.already");
  if (name === "NotAllowedError" || name === "AbortError") return t("passkey.cancelled");
  return t("passkey.failed");
}

/** Can this browser use passkeys? Known only after hydration (the server cannot tell). */
function useSupported() {
  const [supported, setSupported] = useState<boolean | null>(null);
  useEffect(() => setSupported(browserSupportsWebAuthn()), []);
  return supported;
}

/** "Inloggen met een passkey": passwordless from /login, or the second step (purpose "verify"). */
export function PasskeySignIn({ purpose, next }: { purpose: "signin" | "verify"; next: string }) {
  const t = useT();
  const { csrf } = useRootData();
  const supported = useSupported();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (supported === false) return <p className="status">{t("passkey.unsupported")}</p>;
  const url = `/login/passkey?purpose=${purpose}${next === "/" ? "" : `&next=${encodeURIComponent(next)}`}`;
  const signIn = async () => {
    setBusy(true);
    setError(null);
    const failed = t("passkey.failed");
    const options = await post(url, csrf, { intent: "options" }, failed);
    if (!options.ok) return [setError(options.message ?? failed), setBusy(false)];
    let response: unknown;
    try {
      response = await startAuthentication({ optionsJSON: options.options as Parameters<typeof startAuthentication>[0]["optionsJSON"] });
    } catch (e) {
      return [setError(deviceRefusal(t, e)), setBusy(false)];
    }
    const done = await post(url, csrf, { intent: "finish", response: JSON.stringify(response) }, failed);
    if (!done.ok) return [setError(done.message ?? failed), setBusy(false)];
    window.location.assign(done.next ?? "/");
  };
  return (
    <div className="passkey-sign-in">
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : null}
      <button type="button" className="secondary" onClick={signIn} disabled={busy || !supported}>
        {purpose === "signin" ? t("passkey.signIn") : t("passkey.verify")}
      </button>
    </div>
  );
}

/** The settings page's passkeys (decision 062): the list with "remove" (password), and "add" (a name,
 *  then the device makes the passkey). The first factor of an account shows its recovery codes once. */
export function PasskeysSection({ passkeys, required, result }: { passkeys: PasskeyDTO[]; required: boolean; result: SettingsResult }) {
  const t = useT();
  const { csrf } = useRootData();
  const supported = useSupported();
  const revalidator = useRevalidator();
  const headingId = useId();
  const [state, setState] = useState<{ busy: boolean; error?: string; nameError?: string; added?: string; codes?: string[] }>({
    busy: false,
  });
  const removal = result?.intent === "passkeyRemove" ? result : undefined;
  const add = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const name = String(new FormData(form).get("name") ?? "");
    const failed = t("passkey.failed");
    setState({ busy: true });
    const options = await post("/settings/passkeys", csrf, { intent: "options", name }, failed);
    if (!options.ok) return setState({ busy: false, error: options.message ?? failed });
    let response: unknown;
    try {
      response = await startRegistration({ optionsJSON: options.options as Parameters<typeof startRegistration>[0]["optionsJSON"] });
    } catch (err) {
      return setState({ busy: false, error: deviceRefusal(t, err) });
    }
    const done = await post("/settings/passkeys", csrf, { intent: "add", response: JSON.stringify(response) }, failed);
    if (!done.ok) return setState({ busy: false, error: done.message ?? failed });
    form.reset();
    setState({ busy: false, added: name, codes: done.codes ?? undefined });
    revalidator.revalidate();
  };
  const last = passkeys.length === 1;
  return (
    <section id="passkeys" aria-labelledby={headingId}>
      <h2 id={headingId}>{t("passkey.title")}</h2>
      <p>{t("passkey.intro")}</p>
      {removal?.ok ? (
        <p className="notice" role="status">
          {t("passkey.removed")}
        </p>
      ) : null}
      <FormMessage data={removal} />
      {passkeys.length === 0 ? (
        <p className="status">{t("passkey.none")}</p>
      ) : (
        <ul className="passkeys card">
          {passkeys.map((p) => (
            <li key={p.id}>
              <strong>{p.name}</strong>
              <br />
              <span className="status">
                {t("passkey.added")} <When iso={p.createdAt} />
                {p.lastUsedAt ? (
                  <>
                    {" · "}
                    {t("passkey.lastUsed")} <When iso={p.lastUsedAt} />
                  </>
                ) : null}
              </span>
              {required && last ? (
                <p className="status">{t("passkey.lastRequired")}</p>
              ) : (
                <SafeForm>
                  <input type="hidden" name="passkeyId" value={p.id} />
                  <Field
                    label={t("passkey.removePassword", { name: p.name })}
                    name="currentPassword"
                    type="password"
                    autoComplete="current-password"
                    required
                    error={removal && !removal.ok ? removal.fieldErrors?.currentPassword : undefined}
                  />
                  <Submit name="intent" value="passkeyRemove" className="danger">
                    {t("passkey.remove")}
                  </Submit>
                </SafeForm>
              )}
            </li>
          ))}
        </ul>
      )}
      {state.added ? (
        <p className="notice" role="status">
          {t("passkey.addedNotice", { name: state.added })}
        </p>
      ) : null}
      {state.codes?.length ? <RecoveryCodes codes={state.codes} /> : null}
      {supported === false ? (
        <p className="status">{t("passkey.unsupported")}</p>
      ) : (
        <form className="card" onSubmit={add} aria-labelledby={headingId}>
          {state.error ? (
            <p className="error" role="alert">
              {state.error}
            </p>
          ) : null}
          <Field label={t("passkey.name")} name="name" maxLength={60} required placeholder={t("passkey.namePlaceholder")} />
          <button type="submit" disabled={state.busy || !supported}>
            {t("passkey.add")}
          </button>
        </form>
      )}
    </section>
  );
}
