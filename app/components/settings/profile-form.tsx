import type { ProfileDTO } from "../../../models/user/user.model";
import { CAREER_PHASES, MAX_SCHOOL_CHARS, MAX_YEARS_AS_LEADER, SCHOOL_LEVELS } from "../../../models/user/user.constants";
import { LOCALES } from "../../../models/i18n/locale";
import { useT } from "../../i18n/use-t";
import { Field, SelectField, Submit } from "../form";
import { SettingsSection, type SettingsResult } from "./section";

/** The settings page's profile section: its own form (intent=profile), next to the others on the page.
 *  The zones come from the loader: the server's list is the one its validation knows, and the
 *  browser's may differ (its own ICU data), which would not hydrate. */
export function ProfileForm({ profile, timeZones, result }: { profile: ProfileDTO; timeZones: string[]; result: SettingsResult }) {
  const t = useT();
  const errors = result?.intent === "profile" ? result.fieldErrors : undefined;
  return (
    <SettingsSection intent="profile" title={t("profile.title")} intro={t("profile.intro")} saved={t("profile.saved")} result={result}>
      <Field
        label={t("profile.name")}
        name="name"
        defaultValue={profile.name}
        required
        minLength={2}
        maxLength={80}
        autoComplete="name"
        error={errors?.name}
      />
      <Field
        label={t("profile.school")}
        name="school"
        defaultValue={profile.school}
        maxLength={MAX_SCHOOL_CHARS}
        autoComplete="organization"
        error={errors?.school}
      />
      <SelectField
        label={t("profile.schoolLevel")}
        name="schoolLevel"
        defaultValue={profile.schoolLevel}
        options={[["", t("profile.level.unset")], ...SCHOOL_LEVELS.map((l) => [l, t(`profile.level.${l}`)] as const)]}
        error={errors?.schoolLevel}
      />
      <SelectField
        label={t("profile.careerPhase")}
        name="careerPhase"
        defaultValue={profile.careerPhase}
        options={[["", t("profile.phase.unset")], ...CAREER_PHASES.map((p) => [p, t(`profile.phase.${p}`)] as const)]}
        error={errors?.careerPhase}
      />
      <Field
        label={t("profile.years")}
        name="yearsAsLeader"
        type="number"
        inputMode="numeric"
        min={0}
        max={MAX_YEARS_AS_LEADER}
        defaultValue={profile.yearsAsLeader ?? ""}
        error={errors?.yearsAsLeader}
      />
      <SelectField
        label={t("profile.language")}
        name="locale"
        defaultValue={profile.locale}
        options={LOCALES.map((l) => [l, l === "nl" ? "Nederlands" : "English"] as const)}
        error={errors?.locale}
      />
      <SelectField
        label={t("profile.timeZone")}
        name="timeZone"
        defaultValue={profile.timeZone}
        options={timeZones.map((z) => [z, z.replaceAll("_", " ")] as const)}
        help={t("profile.timeZoneHelp")}
        error={errors?.timeZone}
      />
      <Submit>{t("common.save")}</Submit>
    </SettingsSection>
  );
}
