import { useFetcher } from "@remix-run/react";
import { useId } from "react";
import type { ThemeChoiceDTO } from "../../../models/moment/compose.dto";
import { useRootData, useT } from "../../i18n/use-t";

// A participant chooses their theme for a "theme" breakout block (issue 16 item 3, decision 068).
// The moment's page embeds it with the block's ThemeChoiceDTO (context.services.compose.themeChoiceFor);
// it posts to /moments/:momentId/theme/:blockId and shows the choice once stored.

export function ThemeChoice({ choice, blockTitle }: { choice: ThemeChoiceDTO; blockTitle: string }) {
  const t = useT();
  const { csrf } = useRootData();
  const fetcher = useFetcher<{ ok: boolean; message?: string; choice?: ThemeChoiceDTO }>();
  const id = useId();
  const chosen = (fetcher.data?.ok ? fetcher.data.choice?.chosen : null) ?? choice.chosen;
  const busy = fetcher.state !== "idle";
  return (
    <fetcher.Form
      method="post"
      action={`/moments/${choice.momentId}/theme/${choice.blockId}`}
      className="card"
      aria-labelledby={`${id}-title`}
    >
      <input type="hidden" name="_csrf" value={csrf} />
      <input type="hidden" name="intent" value="chooseTheme" />
      <fieldset>
        <legend id={`${id}-title`}>{t("moment.compose.theme.title", { block: blockTitle })}</legend>
        <p className="muted">{t("moment.compose.theme.intro")}</p>
        {choice.themes.map((theme) => (
          <label key={theme} className="row">
            <input type="radio" name="theme" value={theme} defaultChecked={theme === chosen} required /> {theme}
          </label>
        ))}
      </fieldset>
      <button type="submit" disabled={busy} aria-busy={busy || undefined}>
        {busy ? t("common.saving") : t("moment.compose.theme.choose")}
      </button>
      <p role="status">{chosen ? t("moment.compose.theme.chosen", { theme: chosen }) : null}</p>
      {fetcher.data?.ok === false && fetcher.data.message ? (
        <p className="form-error" role="alert">
          {fetcher.data.message}
        </p>
      ) : null}
    </fetcher.Form>
  );
}
