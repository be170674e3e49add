import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useRouteLoaderData, useSearchParams } from "@remix-run/react";
import { useId, useState } from "react";
import { ChangeRoleInput, InviteMemberInput, MemberTargetInput, ProposeGuestInput, SetChairInput } from "../../models/group/group.inputs";
import { Avatar } from "../components/avatar";
import { Field, FormMessage, SafeForm, Submit } from "../components/form";
import { useRootData, useT } from "../i18n/use-t";
import { formAction, readForm, readIntent, runService, retryAfterHeaders } from "../utils/form.server";
import { requireServiceContext } from "../utils/session.server";
import type { loader as layoutLoader } from "./groups.$groupId";
import { GroupErrorBoundary } from "../components/errors";

export const headers = retryAfterHeaders;

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { ctx } = await requireServiceContext(request, context);
  return runService(request, () => context.services.group.getGroupOverview(ctx, params.groupId ?? ""), params.groupId);
}

const INTENTS = ["invite", "remove", "role", "guest", "consent", "removeAccount", "chair"] as const;

export async function action({ request, context, params }: ActionFunctionArgs) {
  return formAction(async () => {
    const { ctx } = await requireServiceContext(request, context);
    const intent = await readIntent(request, INTENTS);
    const g = { groupId: params.groupId };
    const run = (fn: () => Promise<unknown>) => runService(request, fn, params.groupId);
    switch (intent) {
      case "invite": {
        const input = await readForm(request, context, InviteMemberInput, g);
        await run(() => context.services.group.inviteMember(ctx, input));
        break;
      }
      case "remove": {
        const input = await readForm(request, context, MemberTargetInput, g);
        await run(() => context.services.group.removeMember(ctx, input));
        break;
      }
      case "role": {
        const input = await readForm(request, context, ChangeRoleInput, g);
        await run(() => context.services.group.changeRole(ctx, input));
        break;
      }
      case "guest": {
        const input = await readForm(request, context, ProposeGuestInput, g);
        await run(() => context.services.group.proposeGuest(ctx, input));
        break;
      }
      case "removeAccount": {
        const input = await readForm(request, context, MemberTargetInput, g);
        // The organiser of this group's trajectory only; removeAccount checks every group of the account.
        await run(() => context.services.group.loadGroupFor(ctx.actor, input.groupId, "member.remove"));
        await run(() => context.services.group.removeAccount(ctx, input.userId));
        break;
      }
      case "chair": {
        const input = await readForm(request, context, SetChairInput, g);
        await run(() => context.services.group.setChair(ctx, input));
        break;
      }
      case "consent": {
        const input = await readForm(request, context, MemberTargetInput, g);
        await run(() => context.services.group.consentToGuest(ctx, input));
        break;
      }
    }
    return json({ ok: true as const, intent });
  });
}

type Member = ReturnType<typeof useLoaderData<typeof loader>>["members"][number];
type Allow = NonNullable<ReturnType<typeof useRouteLoaderData<typeof layoutLoader>>>["allow"];

/** Whether a member matches the search: any word of the query in the name or address, case and accents aside. */
const fold = (s: string) => s.normalize("NFD").replace(/\p{M}/gu, "").toLocaleLowerCase();
const matches = (m: Member, q: string) => fold(`${m.name} ${m.email}`).includes(fold(q.trim()));

export default function Members() {
  const t = useT();
  const overview = useLoaderData<typeof loader>();
  const shell = useRouteLoaderData<typeof layoutLoader>("routes/groups.$groupId");
  const me = useRootData().user;
  const data = useActionData<typeof action>() as
    | { ok?: boolean; intent?: string; message?: string; fieldErrors?: Record<string, string> }
    | undefined;
  const roleId = useId();
  const kindId = useId();
  const searchId = useId();
  const [params] = useSearchParams();
  // Filters as you type; without JavaScript the same field is a GET form (?q=).
  const [query, setQuery] = useState(params.get("q") ?? "");
  const allow = shell?.allow;
  const manages = !!shell?.tabs.members;
  const leaders = overview.members.filter((m) => m.role === "leader" && m.status === "active");
  const pendingGuests = overview.members.filter((m) => m.role === "guest" && m.status === "pending");
  const listed = overview.members.filter((m) => m.status !== "pending" && matches(m, query));
  const sections = [
    ["coach", listed.filter((m) => m.role === "coach" && m.status === "active")],
    ["leader", listed.filter((m) => m.role === "leader" && m.status === "active")],
    ["guest", listed.filter((m) => m.role === "guest" && m.status === "active")],
    ["invited", listed.filter((m) => m.status !== "active")],
  ] as const;
  return (
    <>
      <h2>{manages ? t("members.title") : t("members.guestsTitle")}</h2>
      <FormMessage data={data} />
      {data?.ok && data.intent === "invite" ? (
        <p className="notice" role="status">
          {t("members.invited")}
        </p>
      ) : null}
      {manages ? (
        <>
          <p>{t("members.limit")}</p>
          <p>{t("members.chairHelp")}</p>
          <Form method="get" role="search" className="row search-row" onSubmit={(e) => e.preventDefault()}>
            <div className="field">
              <label htmlFor={searchId}>{t("members.search")}</label>
              <input id={searchId} name="q" type="search" value={query} maxLength={100} onChange={(e) => setQuery(e.target.value)} />
            </div>
            <noscript>
              <button type="submit">{t("members.searchSubmit")}</button>
            </noscript>
          </Form>
          {listed.length === 0 ? <p role="status">{t("members.noMatch", { q: query })}</p> : null}
          {sections.map(([key, members]) =>
            members.length === 0 ? null : (
              <section key={key} className="card member-group" aria-labelledby={`members-${key}`}>
                <h3 id={`members-${key}`}>
                  {t(`members.group.${key}`)} <span className="badge">{members.length}</span>
                </h3>
                <ul className="plain">
                  {members.map((m) => (
                    <MemberRow key={m.userId} m={m} chairId={overview.chairId} allow={allow} />
                  ))}
                </ul>
              </section>
            ),
          )}
        </>
      ) : null}

      {allow?.["member.invite"] ? (
        <SafeForm className="card">
          <h3>{t("members.invite")}</h3>
          <div className="row">
            <Field label={t("members.email")} name="email" type="email" required error={data?.fieldErrors?.email} />
            <div className="field">
              <label htmlFor={roleId}>{t("members.role")}</label>
              <select id={roleId} name="role" defaultValue="leader">
                <option value="leader">{t("role.leader")}</option>
                <option value="coach">{t("role.coach")}</option>
              </select>
            </div>
            <div className="field">
              <Submit name="intent" value="invite">
                {t("members.inviteSubmit")}
              </Submit>
            </div>
          </div>
        </SafeForm>
      ) : null}

      <section className="card" aria-labelledby="pending-h">
        <h3 id="pending-h">{t("members.pendingGuests")}</h3>
        {pendingGuests.length === 0 ? <p>{t("members.noPending")}</p> : null}
        <ul className="plain">
          {pendingGuests.map((g) => (
            <li key={g.userId}>
              <Avatar name={g.name} />
              <span>{g.name}</span>
              <span className="badge guest">{t(`guestKind.${(g.guestKind ?? "supervisor") as "supervisor"}`)}</span>
              <span className="status">
                {t("members.consentCount", { n: leaders.filter((l) => g.consentedBy.includes(l.userId)).length, total: leaders.length })}
              </span>
              {allow?.["guest.consent"] ? (
                g.consentedBy.includes(me?.id ?? "") ? (
                  <span className="notice">{t("members.consented")}</span>
                ) : (
                  <SafeForm className="inline">
                    <input type="hidden" name="userId" value={g.userId} />
                    <Submit name="intent" value="consent">
                      {t("members.consent")} <span className="sr-only">{g.name}</span>
                    </Submit>
                  </SafeForm>
                )
              ) : null}
            </li>
          ))}
        </ul>
        {allow?.["guest.propose"] ? (
          <SafeForm>
            <h3>{t("members.guest")}</h3>
            <p>{t("members.guestHelp")}</p>
            <div className="row">
              <Field label={t("members.email")} name="email" type="email" required />
              <div className="field">
                <label htmlFor={kindId}>{t("members.guestKind")}</label>
                <select id={kindId} name="guestKind" defaultValue="supervisor">
                  <option value="supervisor">{t("guestKind.supervisor")}</option>
                  <option value="team_member">{t("guestKind.team_member")}</option>
                </select>
              </div>
              <div className="field">
                <Submit name="intent" value="guest">
                  {t("members.guestSubmit")}
                </Submit>
              </div>
            </div>
          </SafeForm>
        ) : null}
      </section>
    </>
  );
}

/** One member: name and badges, the common action in sight, the rare ones behind a disclosure
 *  (<details>: a native button, Enter/Space open it, no script needed). */
function MemberRow({ m, chairId, allow }: { m: Member; chairId: string | null; allow: Allow | undefined }) {
  const t = useT();
  const isChair = chairId === m.userId;
  const canChair = allow?.["group.setChair"] && m.role === "leader" && m.status === "active";
  const canRole = allow?.["member.changeRole"] && m.role !== "guest";
  const canRemove = allow?.["member.remove"];
  return (
    <li>
      <Avatar name={m.name} />
      <span className="member-name">
        {m.name}
        {m.email && m.email !== m.name ? <span className="status"> {m.email}</span> : null}
      </span>
      {m.role === "guest" ? <span className="badge guest">{t("common.guestBadge")}</span> : null}
      {m.status !== "active" ? <span className="badge">{t(`status.${m.status as "invited"}`)}</span> : null}
      {isChair ? <span className="badge chair">{t("members.chair")}</span> : null}
      {canChair || canRole || canRemove ? (
        <details className="menu">
          <summary>
            {t("members.actionsFor")} <span className="sr-only">{m.name}</span>
          </summary>
          <div className="menu-items">
            {canChair ? (
              <SafeForm>
                <input type="hidden" name="userId" value={isChair ? "" : m.userId} />
                <Submit name="intent" value="chair" className="secondary">
                  {isChair ? t("members.endChair") : t("members.makeChair")} <span className="sr-only">{m.name}</span>
                </Submit>
              </SafeForm>
            ) : null}
            {canRole ? (
              <SafeForm>
                <input type="hidden" name="userId" value={m.userId} />
                <input type="hidden" name="role" value={m.role === "leader" ? "coach" : "leader"} />
                <Submit name="intent" value="role" className="secondary">
                  {m.role === "leader" ? t("members.makeCoach") : t("members.makeLeader")} <span className="sr-only">{m.name}</span>
                </Submit>
              </SafeForm>
            ) : null}
            {canRemove ? (
              <SafeForm onSubmit={(e) => !confirm(t("members.removeConfirm", { name: m.name })) && e.preventDefault()}>
                <input type="hidden" name="userId" value={m.userId} />
                <Submit name="intent" value="remove" className="danger">
                  {t("members.remove")} <span className="sr-only">{m.name}</span>
                </Submit>
              </SafeForm>
            ) : null}
            {canRemove ? (
              <SafeForm onSubmit={(e) => !confirm(t("members.removeAccountConfirm", { name: m.name })) && e.preventDefault()}>
                <input type="hidden" name="userId" value={m.userId} />
                <Submit name="intent" value="removeAccount" className="danger">
                  {t("members.removeAccount")} <span className="sr-only">{m.name}</span>
                </Submit>
              </SafeForm>
            ) : null}
          </div>
        </details>
      ) : null}
    </li>
  );
}

/** A refusal or a missing thing inside the group keeps the group's name and tabs around it. */
export const ErrorBoundary = GroupErrorBoundary;
