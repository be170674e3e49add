import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { STORY_CHANGE_MAX, STORY_INTENTION_MAX, STORY_WHY_MAX } from "../../models/story/story.constants";
import { SelectStoryInput, StoryConsentInput, VoteStoryInput, WriteStoryInput } from "../../models/story/story.inputs";
import type { StoriesPageDTO, StoryDTO } from "../../models/story/story.service";
import { GroupErrorBoundary } from "../components/errors";
import { FormMessage, Hidden, SafeForm, Submit, TextAreaField, type IntentResult, errorsOf } from "../components/form";
import { useFormatDate } from "../i18n/use-dates";
import { useT } from "../i18n/use-t";
import { formAction, readForm, readIntent, runService } from "../utils/form.server";
import { requireServiceContext } from "../utils/session.server";

// Practice stories and the most significant change (issue 15 item 3, decision 055).

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { ctx } = await requireServiceContext(request, context);
  const moment = new URL(request.url).searchParams.get("moment") ?? undefined;
  return runService(request, () => context.services.story.getStoriesPage(ctx, { groupId: params.groupId ?? "", moment }), params.groupId);
}

const INTENTS = ["write", "vote", "select", "consent"] as const;

export async function action({ request, context, params }: ActionFunctionArgs) {
  const intent = await readIntent(request, INTENTS);
  return formAction(async () => {
    const { ctx } = await requireServiceContext(request, context);
    const story = context.services.story;
    const run = async <S extends Parameters<typeof readForm>[2]>(schema: S, fn: (input: unknown) => Promise<unknown>) => {
      const input = await readForm(request, context, schema, { groupId: params.groupId });
      await runService(request, () => fn(input), params.groupId);
    };
    switch (intent) {
      case "write":
        await run(WriteStoryInput, (i) => story.writeStory(ctx, i));
        break;
      case "vote":
        await run(VoteStoryInput, (i) => story.voteStory(ctx, i));
        break;
      case "select":
        await run(SelectStoryInput, (i) => story.selectStory(ctx, i));
        break;
      case "consent":
        await run(StoryConsentInput, (i) => story.setStoryConsent(ctx, i));
        break;
    }
    return json({ ok: true as const, intent });
  }, intent);
}

type ActionData = IntentResult;

function StoryCard({ story, data, result }: { story: StoryDTO; data: StoriesPageDTO; result: ActionData }) {
  const t = useT();
  const moment = data.moment!;
  const selected = data.selection?.storyId === story.id;
  return (
    <article className="card" aria-labelledby={`story-${story.id}`}>
      <h3 id={`story-${story.id}`}>
        {story.authorName} {selected ? <span className="badge">{t("story_selected")}</span> : null}
      </h3>
      <p>{story.change}</p>
      <p className="muted">{t("story_intends", { text: story.intention })}</p>
      <p>{t("story_votes", { n: story.votes })}</p>
      {data.myVote === story.id ? <p className="status">{t("story_voted")}</p> : null}
      {data.can.vote && !data.myVote && !story.mine ? (
        <SafeForm className="inline">
          <Hidden fields={{ intent: "vote", moment, storyId: story.id }} />
          <Submit className="secondary">{t("story_vote")}</Submit>
        </SafeForm>
      ) : null}
      {data.can.confirm && story.votes > 0 && story.votes === data.stories[0].votes ? (
        <details>
          <summary>{t("story_select")}</summary>
          <SafeForm>
            <Hidden fields={{ intent: "select", moment, storyId: story.id }} />
            <TextAreaField
              rows={3}
              label={t("story_why")}
              name="why"
              required
              maxLength={STORY_WHY_MAX}
              error={errorsOf(result, "select")?.why}
            />
            <Submit>{t("story_select")}</Submit>
          </SafeForm>
        </details>
      ) : null}
    </article>
  );
}

export default function StoriesPage() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionData;
  const t = useT();
  const day = useFormatDate();
  const writeErrors = errorsOf(result, "write");
  const selected = data.stories.find((s) => s.id === data.selection?.storyId);
  return (
    <section aria-labelledby="stories-title">
      <h2 id="stories-title">{t("story_title")}</h2>
      <p>{t("story_intro")}</p>
      <nav aria-label={t("story_moments")}>
        <ul className="tabs">
          {data.moments.map((m) => (
            <li key={m.key}>
              {m.open ? (
                <Link to={`?moment=${m.key}`} aria-current={m.key === data.moment ? "page" : undefined}>
                  {t(`story_moment_${m.key}`)}
                </Link>
              ) : (
                <span className="muted">
                  {t(`story_moment_${m.key}`)} ({t("story_opens", { date: day(m.opensAt, "day") })})
                </span>
              )}
            </li>
          ))}
        </ul>
      </nav>
      <FormMessage data={result} />
      {!data.moment || !data.moments.some((m) => m.key === data.moment && m.open) ? (
        <p className="muted">{t("story_none_open")}</p>
      ) : (
        <>
          <h3>{t(`story_moment_${data.moment}`)}</h3>
          {data.selection && selected ? (
            <article className="card" aria-labelledby="story-selected">
              <h3 id="story-selected">{t("story_selected")}</h3>
              <p>{selected.change}</p>
              <p>{t("story_selected_why", { text: data.selection.why })}</p>
              <p className="muted">{t("story_selected_by", { name: data.selection.confirmedByName })}</p>
              {selected.mine ? (
                <>
                  <h4>{t("story_consent_title")}</h4>
                  <p>{t("story_consent_help")}</p>
                  <p className="status">{data.selection.consent ? t("story_consent_given") : t("story_consent_none")}</p>
                  <SafeForm className="inline">
                    <Hidden fields={{ intent: "consent", storyId: selected.id, consent: data.selection.consent ? "false" : "true" }} />
                    <Submit className={data.selection.consent ? "secondary" : undefined}>
                      {data.selection.consent ? t("story_consent_revoke") : t("story_consent_give")}
                    </Submit>
                  </SafeForm>
                </>
              ) : null}
            </article>
          ) : null}
          {data.can.write ? (
            <details className="card" open={!data.myStory || !!writeErrors}>
              <summary>{data.myStory ? t("story_mine") : t("story_write")}</summary>
              <SafeForm>
                <Hidden fields={{ intent: "write", moment: data.moment }} />
                <TextAreaField
                  rows={5}
                  label={t("story_change")}
                  help={t("story_change_help")}
                  name="change"
                  required
                  maxLength={STORY_CHANGE_MAX}
                  defaultValue={data.myStory?.change}
                  error={writeErrors?.change}
                />
                <TextAreaField
                  rows={2}
                  label={t("story_intention")}
                  name="intention"
                  required
                  maxLength={STORY_INTENTION_MAX}
                  defaultValue={data.myStory?.intention}
                  error={writeErrors?.intention}
                />
                <Submit>{data.myStory ? t("story_rewrite") : t("story_write")}</Submit>
              </SafeForm>
            </details>
          ) : null}
          <h3>{t("story_stories")}</h3>
          {!data.selection ? <p className="muted">{t("story_vote_help")}</p> : null}
          {data.waiting.length ? <p className="muted">{t("story_waiting", { names: data.waiting.join(", ") })}</p> : null}
          {data.stories.length ? (
            data.stories.map((s) => <StoryCard key={s.id} story={s} data={data} result={result} />)
          ) : (
            <p className="muted">{t("story_empty")}</p>
          )}
        </>
      )}
    </section>
  );
}

export const ErrorBoundary = GroupErrorBoundary;
