// Steps in the analysis pages that more than one browser test takes (decision 036).
import type { Page } from "playwright-core";
import { DEFAULT_QUESTIONNAIRE } from "../../models/analysis/default-questionnaire.constants";

export const scaleItems = DEFAULT_QUESTIONNAIRE.sections.flatMap((s) => s.items.filter((i) => i.kind === "scale"));

/** A statement's option for `point`, by its label: the point and its anchor. */
export const option = (page: Page, statement: string, point: number) =>
  page.getByRole("group", { name: statement }).getByLabel(`${point} ${DEFAULT_QUESTIONNAIRE.anchors[point - 1].nl}`, { exact: true });

/** From the home page, in Dutch: starts the BSA, answers every statement with `pointOf(sectionId)`,
 *  writes the open practice question and submits. */
export async function submitBsa(page: Page, pointOf: (sectionId: string) => number, question: string) {
  await page.getByRole("link", { name: "Analyse", exact: true }).click();
  await page.getByRole("button", { name: /Begin.*Beginsituatieanalyse/ }).click();
  await page.getByRole("heading", { name: /Beginsituatieanalyse \(BSA\)/ }).waitFor();
  for (const section of DEFAULT_QUESTIONNAIRE.sections)
    for (const item of section.items) if (item.kind === "scale") await option(page, item.prompt.nl, pointOf(section.id)).check();
  const needs = page.getByRole("form", { name: "Leernoden" });
  await needs.getByLabel("Welke vraag uit je eigen praktijk wil je in dit traject beantwoorden?").fill(question);
  await needs.getByRole("button", { name: "Opslaan" }).click();
  await page.getByText("Je antwoorden zijn opgeslagen.").waitFor();
  await page.getByTestId("analysis-progress").getByText("20 van 20 uitspraken beantwoord").waitFor();
  await page.getByRole("button", { name: "Indienen" }).click();
  await page.getByText("Ingediend. Hieronder zie je je scores.").waitFor();
}
