import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useLocation, useSearchParams } from "@remix-run/react";
import { useEffect, useMemo, useState, type DragEvent } from "react";
import type { ComposeBreakoutDTO, ComposePageDTO, ComposePersonDTO } from "../../models/moment/compose.dto";
import { ComposeTargetInput, assignmentField } from "../../models/moment/compose.inputs";
import { GroupErrorBoundary } from "../components/errors";
import { FormMessage, SafeForm, Submit } from "../components/form";
import { useT } from "../i18n/use-t";
import { formAction, readForm, readIntent, runService } from "../utils/form.server";
import { requireServiceContext } from "../utils/session.server";

// Composing a breakout block (issue 16 item 3, decision 068), the facilitator's page: the proposal by
// the block's rule (or what is stored), re-roll, adjust by hand (drag and drop, or the select beside
// each person, which the keyboard reaches), sizes and warnings, save. The service decides who may.

export const meta: MetaFunction = () => [{ title: "Leerkring" }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { ctx } = await requireServiceContext(request, context);
  const url = new URL(request.url);
  const seed = url.searchParams.get("seed");
  return runService(request, () =>
    context.services.compose.previewComposition(ctx, {
      momentId: params.momentId ?? "",
      blockId: params.blockId ?? "",
      ...(seed === null ? {} : { seed }),
    }),
  );
}

const INTENTS = ["save"] as const;
const SaveForm = ComposeTargetInput.extend({ assignment: assignmentField });

export async function action({ request, context, params }: ActionFunctionArgs) {
  const intent = await readIntent(request, INTENTS);
  return formAction(async () => {
    const { ctx } = await requireServiceContext(request, context);
    const input = await readForm(request, context, SaveForm, { momentId: params.momentId, blockId: params.blockId });
    await runService(request, () => context.services.compose.storeComposition(ctx, input));
    // Show what is stored now (a re-roll's seed would show a new proposal).
    return redirect(`${new URL(request.url).pathname}?saved=1`);
  }, intent);
}

type Breakouts = ComposePersonDTO[][];

/** Pairs of one home group at one table (what "mixed" avoids). */
function sameGroupPairs(breakouts: Breakouts) {
  const out: { breakout: number; group: string; names: [string, string] }[] = [];
  breakouts.forEach((members, i) => {
    for (let x = 0; x < members.length; x++)
      for (let y = x + 1; y < members.length; y++)
        if (members[x].homeGroupId === members[y].homeGroupId)
          out.push({ breakout: i + 1, group: members[x].homeGroupName, names: [members[x].name, members[y].name] });
  });
  return out;
}

export default function ComposeBreakouts() {
  const data = useLoaderData<typeof loader>() as ComposePageDTO;
  // A re-roll or a save is a navigation with new data: start from it.
  return <Composer key={useLocation().key} data={data} />;
}

function Composer({ data }: { data: ComposePageDTO }) {
  const t = useT();
  const [params] = useSearchParams();
  const result = useActionData<typeof action>() as { ok?: boolean; message?: string } | undefined;
  const [breakouts, setBreakouts] = useState<Breakouts>(() => data.breakouts.map((b) => b.members));
  const [themes, setThemes] = useState<(string | null)[]>(() => data.breakouts.map((b) => b.theme));
  const [dirty, setDirty] = useState(false);
  const [dragged, setDragged] = useState<string | null>(null);
  // After a move the focus follows the person (their select in the new breakout), and it is announced.
  const [moved, setMoved] = useState<{ userId: string; text: string } | null>(null);
  const { block } = data;
  useEffect(() => {
    if (moved) document.querySelector<HTMLSelectElement>(`select[data-user="${moved.userId}"]`)?.focus();
  }, [moved]);

  const move = (userId: string, to: number) => {
    const person = breakouts.flat().find((p) => p.userId === userId);
    if (!person || !breakouts[to] || breakouts[to].some((p) => p.userId === userId)) return;
    setBreakouts(breakouts.map((members, i) => (i === to ? [...members, person] : members.filter((p) => p.userId !== userId))));
    setMoved({ userId, text: t("moment.compose.moved", { name: person.name, breakout: nameOf(to) }) });
    setDirty(true);
  };
  const add = () => {
    setBreakouts((current) => [...current, []]);
    setThemes((current) => [...current, null]);
    setDirty(true);
  };
  const nameOf = (i: number) =>
    themes[i] ? `${t("moment.compose.breakout", { number: i + 1 })} · ${themes[i]}` : t("moment.compose.breakout", { number: i + 1 });
  const pairs = useMemo(() => (block.rule === "mixed" ? sameGroupPairs(breakouts) : []), [breakouts, block.rule]);
  const assignment = JSON.stringify(breakouts.map((members, i) => ({ theme: themes[i] ?? null, userIds: members.map((p) => p.userId) })));
  const detail = (p: ComposePersonDTO) =>
    block.rule === "career_phase"
      ? t(`profile.phase.${p.careerPhase || "unset"}`)
      : block.rule === "school_level"
        ? t(`profile.level.${p.schoolLevel || "unset"}`)
        : block.rule === "theme"
          ? (p.theme ?? t("moment.compose.no_theme"))
          : null;
  const drop = (i: number) => (e: DragEvent) => {
    e.preventDefault();
    if (dragged) move(dragged, i);
    setDragged(null);
  };
  const total = breakouts.reduce((n, b) => n + b.length, 0);

  return (
    <div className="compose">
      <p>
        <Link to={`/moments/${data.moment.id}`}>{data.moment.title}</Link>
      </p>
      <h1>{t("moment.compose.title", { block: block.title })}</h1>
      <p>
        {t(`moment.compose.rule.${block.rule}`)} {t("moment.compose.size", { n: block.size })}
      </p>
      {params.get("saved") && !dirty ? (
        <p className="notice" role="status">
          {t("moment.compose.saved")}
        </p>
      ) : null}
      <FormMessage data={result} />
      {total === 0 ? (
        <p className="muted">{t("moment.compose.empty")}</p>
      ) : (
        <>
          <p className="muted">
            {dirty ? t("moment.compose.unsaved") : data.stored ? t("moment.compose.stored") : t("moment.compose.proposal")}{" "}
            {t("moment.compose.help")}
          </p>
          <div className="row">
            <Link to={`?seed=${(data.seed % 2 ** 31) + 1}`}>{t("moment.compose.reroll")}</Link>
            <button type="button" onClick={add}>
              {t("moment.compose.add")}
            </button>
            <SafeForm replace>
              <input type="hidden" name="intent" value="save" />
              <input type="hidden" name="assignment" value={assignment} />
              <Submit>{t("moment.compose.save")}</Submit>
            </SafeForm>
          </div>
          {pairs.length > 0 || (!dirty && data.warnings.length > 0) ? (
            <section className="card" aria-labelledby="compose-warnings">
              <h2 id="compose-warnings">{t("moment.compose.warnings")}</h2>
              <ul>
                {pairs.map((w) => (
                  <li key={`${w.breakout}:${w.names.join()}`}>
                    {t("moment.compose.warn_same_group", { number: w.breakout, a: w.names[0], b: w.names[1], group: w.group })}
                  </li>
                ))}
                {dirty
                  ? null
                  : data.warnings.flatMap((w) =>
                      w.kind === "alone"
                        ? [<li key={`alone:${w.name}`}>{t("moment.compose.warn_alone", { number: w.breakout, name: w.name })}</li>]
                        : [],
                    )}
              </ul>
            </section>
          ) : null}
          <p className="sr-only" role="status">
            {moved?.text}
          </p>
          <div className="compose-breakouts">
            {breakouts.map((members, i) => (
              <BreakoutCard
                // biome-ignore lint/suspicious/noArrayIndexKey: a breakout is its position (its index is its name)
                key={i}
                index={i}
                name={nameOf(i)}
                members={members}
                size={block.size}
                names={breakouts.map((_, j) => nameOf(j))}
                detail={detail}
                onMove={move}
                onDragStart={setDragged}
                onDrop={drop(i)}
              />
            ))}
          </div>
        </>
      )}
    </div>
  );
}

function BreakoutCard(props: {
  index: number;
  name: string;
  members: ComposeBreakoutDTO["members"];
  size: number;
  names: string[];
  detail: (p: ComposePersonDTO) => string | null;
  onMove: (userId: string, to: number) => void;
  onDragStart: (userId: string) => void;
  onDrop: (e: DragEvent) => void;
}) {
  const t = useT();
  const { index, name, members, size } = props;
  const headingId = `breakout-${index + 1}`;
  return (
    <section className="card compose-breakout" aria-labelledby={headingId} onDragOver={(e) => e.preventDefault()} onDrop={props.onDrop}>
      <h2 id={headingId}>
        {name}{" "}
        <span className={members.length > size ? "badge compose-over" : "badge"}>
          {t("moment.compose.people", { n: members.length })}
          {members.length > size ? ` · ${t("moment.compose.over_size", { size })}` : ""}
        </span>
      </h2>
      {members.length === 0 ? <p className="muted">{t("moment.compose.empty_breakout")}</p> : null}
      <ul className="compose-people">
        {members.map((p) => (
          <li key={p.userId} className="compose-person" draggable onDragStart={() => props.onDragStart(p.userId)}>
            <span>
              <strong>{p.name}</strong>
              <span className="muted"> · {[p.homeGroupName, props.detail(p)].filter(Boolean).join(" · ")}</span>
            </span>
            <select
              data-user={p.userId}
              aria-label={t("moment.compose.move_label", { name: p.name })}
              value={index}
              onChange={(e) => props.onMove(p.userId, Number(e.target.value))}
            >
              {props.names.map((n, j) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: the breakouts' positions are their names
                <option key={j} value={j}>
                  {n}
                </option>
              ))}
            </select>
          </li>
        ))}
      </ul>
    </section>
  );
}

export const ErrorBoundary = GroupErrorBoundary;
