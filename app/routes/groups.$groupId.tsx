import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, NavLink, Outlet, useLoaderData } from "@remix-run/react";
import { useT } from "../i18n/use-t";
import { requireGroupShell } from "../utils/group.server";
import { actorOf, requireUser } from "../utils/session.server";
import { GroupErrorBoundary } from "../components/errors";
import { usePresenceHere } from "../components/live";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  return requireGroupShell(context, actorOf(user), params.groupId);
}

export default function GroupLayout() {
  const t = useT();
  const { group, role, tabs } = useLoaderData<typeof loader>();
  // Any page of the group counts as being online in it.
  usePresenceHere(group.id);
  const base = `/groups/${group.id}`;
  return (
    <>
      <h1>
        {group.name}
        {role === "guest" ? <span className="badge guest">{t("common.guestBadge")}</span> : null}
      </h1>
      {group.closed ? (
        <p className="notice" role="status">
          {t("group.closedNotice")}
        </p>
      ) : null}
      <nav aria-label={group.name}>
        <ul className="tabs">
          {tabs.overview ? (
            <li>
              <NavLink end to={base}>
                {t("group.tabs.overview")}
              </NavLink>
            </li>
          ) : null}
          {tabs.threads ? (
            <li>
              <NavLink to={`${base}/threads`}>{t("group.tabs.threads")}</NavLink>
            </li>
          ) : null}
          {tabs.docs ? (
            <li>
              <NavLink to={`${base}/docs`}>{t("docs.tab")}</NavLink>
            </li>
          ) : null}
          {tabs.charter ? (
            <li>
              <NavLink to={`${base}/charter`}>{t("group.tabs.charter")}</NavLink>
            </li>
          ) : null}
          {tabs.meetings ? (
            <li>
              <NavLink to={`${base}/meetings`}>{t("group.tabs.meetings")}</NavLink>
            </li>
          ) : null}
          {/* Action plans, group goals, the coach's room (decisions 037, 038) */}
          {tabs.plan ? (
            <li>
              <NavLink to={`${base}/plan`}>{t("plan_tab")}</NavLink>
            </li>
          ) : null}
          {tabs.goals ? (
            <li>
              <NavLink to={`${base}/goals`}>{t("goal_tab")}</NavLink>
            </li>
          ) : null}
          {tabs.coach ? (
            <li>
              <NavLink to={`${base}/coach`}>{t("coach_tab")}</NavLink>
            </li>
          ) : null}
          {/* Evaluation (issue 15, decisions 052-054) */}
          {tabs.evaluation ? (
            <li>
              <NavLink to={`${base}/evaluation`}>{t("evaluation_tab")}</NavLink>
            </li>
          ) : null}
          {/* Practice stories and the end of the trajectory (decisions 055, 056) */}
          {tabs.stories ? (
            <li>
              <NavLink to={`${base}/stories`}>{t("group.tabs.stories")}</NavLink>
            </li>
          ) : null}
          {tabs.ending ? (
            <li>
              <NavLink to={`${base}/ending`}>{t("group.tabs.ending")}</NavLink>
            </li>
          ) : null}
          {/* Live intervision rounds (issue 13) */}
          {tabs.rounds ? (
            <li>
              <NavLink to={`${base}/rounds`}>{t("round_tab")}</NavLink>
            </li>
          ) : null}
          {tabs.protocols ? (
            <li>
              <NavLink to={`${base}/protocols`}>{t("group.tabs.protocols")}</NavLink>
            </li>
          ) : null}
          {/* preparing intervision rounds (decision 033) */}
          {tabs.prepare ? (
            <li>
              <NavLink to={`${base}/prepare`}>{t("group.tabs.prepare")}</NavLink>
            </li>
          ) : null}
          {tabs.members ? (
            <li>
              <NavLink to={`${base}/members`}>{t("group.tabs.members")}</NavLink>
            </li>
          ) : null}
          {tabs.guests ? (
            <li>
              <NavLink to={`${base}/members`}>{t("group.tabs.guests")}</NavLink>
            </li>
          ) : null}
          {tabs.whoSeesWhat ? (
            <li>
              <NavLink to={`${base}/who-sees-what`}>{t("group.tabs.whoSeesWhat")}</NavLink>
            </li>
          ) : null}
          {tabs.audit ? (
            <li>
              <NavLink to={`${base}/audit`}>{t("group.tabs.audit")}</NavLink>
            </li>
          ) : null}
        </ul>
      </nav>
      {/* Search (issue 20 item 3, decision 086): the group's search box */}
      {tabs.search ? (
        <Form method="get" action={`${base}/search`} role="search" className="group-search">
          <input type="search" name="q" aria-label={t("search.label")} placeholder={t("search.label")} maxLength={200} required />
          <button type="submit">{t("search.button")}</button>
        </Form>
      ) : null}
      <Outlet />
    </>
  );
}

export const ErrorBoundary = GroupErrorBoundary;
