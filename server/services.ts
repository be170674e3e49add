// The node's one domain runtime: every use case, bound to this node's dependencies and state.
// Built once per node and handed to both doors: Remix through getLoadContext (routes call
// context.services...) and Socket.IO through createRealtime's serve(). app/ never imports a
// service itself (test/boundaries.test.ts), so the server build holds no second copy of any
// stateful module (docs/decisions/017-one-runtime.md).
import type { Redis } from "ioredis";
import * as audit from "../models/audit/audit.service";
import * as charter from "../models/charter/charter.service";
import * as collab from "../models/document/collab.service";
import * as comment from "../models/comment/comment.service";
import * as delivery from "../models/delivery/delivery.service";
import * as devmail from "../models/devmail/devmail.service";
import * as document from "../models/document/document.service";
import * as group from "../models/group/group.service";
import * as invite from "../models/invite/invite.service";
import * as protocol from "../models/intervision/protocol.service";
import * as round from "../models/intervision/round.service";
// The round's record (issue 13 item 6, decision 044)
import * as roundRecord from "../models/intervision/round-record.service";
import { createNodeState } from "../models/node";
import * as notify from "../models/notify/notify.service";
import * as meeting from "../models/meeting/meeting.service";
// Meeting content, calendars and reminders (issue 14 item 2, decisions 034/035)
import * as calendar from "../models/meeting/calendar.service";
import * as meetingContent from "../models/meeting/meeting-content.service";
import * as meetingReminders from "../models/meeting/reminders";
import * as programme from "../models/trajectory/programme.service";
// preparing intervision rounds (decision 033)
import * as prep from "../models/prep/prep.service";
import * as session from "../models/session/session.service";
import type { Actor, Deps, ServiceContext } from "../models/shared/context";
import { createLimits } from "../models/shared/limits";
import * as thread from "../models/thread/thread.service";
import * as trajectory from "../models/trajectory/trajectory.service";
import * as user from "../models/user/user.service";
import * as version from "../models/document/version.service";
// Action plans, group goals, the coach's room (decisions 037, 038)
import * as plan from "../models/plan/plan.service";
import * as commitment from "../models/plan/commitment.service";
import * as goal from "../models/goal/goal.service";
import * as coach from "../models/coach/coach.service";
// Second factor (decision 039)
import * as mfa from "../models/mfa/mfa.service";
// baseline/end analysis and 360-degree feedback (decision 036)
import * as analysis from "../models/analysis/analysis.service";
import * as feedback360 from "../models/analysis/feedback.service";
// Privacy: retention and export (decisions 048, 049)
import * as retention from "../models/privacy/retention.service";
import * as dataExport from "../models/privacy/export.service";
// Sign in with the school's account (decision 063)
import * as schoolSignIn from "../models/oidc/oidc.service";
// Passkeys (decision 062)
import * as passkey from "../models/mfa/passkey.service";
// Evaluation: reaction checks, learning indicators, the learning-culture scan (issue 15, decisions 052-054)
import * as evaluation from "../models/evaluation/evaluation.service";
// Practice stories and the end of the trajectory (issue 15 items 3, 7; decisions 055, 056)
import * as story from "../models/story/story.service";
import * as continuation from "../models/continuation/continuation.service";
// Privacy: erasure of one's account (decision 064)
import * as erasure from "../models/privacy/erasure.service";
// Network moments, the live moment (issue 16 items 2, 3; decisions 069-071)
import * as live from "../models/moment/live.service";
// Network moments, part A: planning, calendars and reminders (issue 16 item 1, decision 066)
import * as moment from "../models/moment/moment.service";
import * as momentCalendar from "../models/moment/moment.calendar";
import * as momentReminders from "../models/moment/moment.reminders";
// Network moments: composing breakouts (issue 16 item 3, decision 068)
import * as compose from "../models/moment/compose.service";
// Network moments: the harvest (issue 16 item 4, decision 074)
import * as harvest from "../models/moment/harvest.service";
// Attachments (issue 20, decisions 083, 084)
import * as attachment from "../models/attachment/attachment.service";
// Search (issue 20 item 3, decision 085)
import * as search from "../models/search/search.service";

/** Builds the node's runtime: its state (a fresh one unless given), its limits (on `redis`, shared by
 *  every node; in memory without it) and the use cases, over the given dependencies. */
export function createServices(
  { redis, limits, ...deps }: Omit<Deps, "node" | "limits"> & { redis: Redis | null; limits?: Deps["limits"] },
  node = createNodeState(),
) {
  const all: Deps = { ...deps, limits: limits ?? createLimits(redis), node };
  return {
    deps: all,
    /** The context every use case takes, acting as `actor`. */
    as: (actor: Actor): ServiceContext => ({ ...all, actor }),
    audit,
    charter,
    collab,
    comment,
    delivery,
    devmail,
    document,
    group,
    invite,
    notify,
    meeting,
    // Meeting content, calendars and reminders (issue 14 item 2, decisions 034/035)
    calendar,
    meetingContent,
    meetingReminders,
    programme,
    protocol,
    // Live intervision rounds (issue 13)
    round,
    // preparing intervision rounds (decision 033)
    prep,
    // The round's record (issue 13 item 6, decision 044)
    roundRecord,
    session,
    thread,
    trajectory,
    user,
    version,
    // Action plans, group goals, the coach's room (decisions 037, 038)
    plan,
    commitment,
    goal,
    coach,
    // Second factor (decision 039)
    mfa,
    // baseline/end analysis and 360-degree feedback (decision 036)
    analysis,
    feedback360,
    // Privacy (decisions 048, 049)
    retention,
    dataExport,
    // Sign in with the school's account (decision 063)
    schoolSignIn,
    // Passkeys (decision 062)
    passkey,
    // Evaluation (issue 15, decisions 052-054)
    evaluation,
    // Practice stories and the end of the trajectory (issue 15 items 3, 7; decisions 055, 056)
    story,
    continuation,
    // Privacy: erasure of one's account (decision 064)
    erasure,
    // Network moments, the live moment (issue 16 items 2, 3; decisions 069-071)
    live,
    // Network moments, part A: planning, calendars and reminders (issue 16 item 1, decision 066)
    moment,
    momentCalendar,
    momentReminders,
    // Network moments: composing breakouts (issue 16 item 3, decision 068)
    compose,
    // Network moments: the harvest (issue 16 item 4, decision 074)
    harvest,
    // Attachments (issue 20, decisions 083, 084)
    attachment,
    // Search (issue 20 item 3, decision 085)
    search,
    /** Stops what the node's state runs (worker threads). */
    close: () => node.close(),
  };
}

export type Services = ReturnType<typeof createServices>;
