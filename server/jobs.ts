// The repeating jobs every node declares (docs/decisions/023-scheduler.md): data only, each
// handler a use case of the node's services. server/index.ts runs them through the scheduler.
import type { JobSpec } from "./scheduler";
import type { Services } from "./services";

/** Jobs that no version declares any more: every node removes their schedules at start (a name
 *  it merely does not know may be a newer version's, so it stays). A name moves here when its
 *  job is deleted from backgroundJobs, and may leave once every node runs a version without it. */
export const RETIRED_JOBS: readonly string[] = [];

/** The background jobs of a node built on `services`; `secret` signs the mails' unsubscribe links. */
export function backgroundJobs(services: Services, opts: { secret: string }): JobSpec[] {
  const mail = { ...services.deps, secret: opts.secret };
  return [
    // "Immediately" means within a minute or so: every 30 s, plus the time one run takes.
    { name: "mail-immediate", repeat: { every: 30_000 }, run: () => services.notify.mailImmediate(mail) },
    // Each user's digest goes in the first run at or after 08:00 in their own time zone.
    { name: "mail-digests", repeat: { pattern: "*/15 * * * *" }, run: () => services.notify.mailDigests(mail) },
    { name: "sweep-sessions", repeat: { pattern: "17 * * * *" }, run: () => services.session.sweepExpiredSessions() },
    { name: "sweep-account-tokens", repeat: { pattern: "23 * * * *" }, run: () => services.invite.sweepExpiredTokens() },
    { name: "sweep-mail-claims", repeat: { pattern: "41 * * * *" }, run: () => services.notify.sweepMailClaims() },
    // Meeting reminders (decision 034): written a day ahead, mailed by the jobs above per each member's choice.
    { name: "meeting-reminders", repeat: { pattern: "*/15 * * * *" }, run: () => services.meetingReminders.queueMeetingReminders() },
    // Second factor (decision 039): sign-ins left halfway.
    { name: "sweep-pending-sign-ins", repeat: { pattern: "29 * * * *" }, run: () => services.mfa.sweepExpiredPendingSignIns() },
    // 360-degree feedback (decision 036): rater links past their 30 days
    { name: "sweep-feedback-links", repeat: { pattern: "29 * * * *" }, run: () => services.feedback360.sweepExpiredFeedbackLinks() },
    // Async rounds (decision 045): a step whose days are up moves on; members hear of each step opened.
    { name: "advance-async-rounds", repeat: { every: 60_000 }, run: () => services.round.advanceAsyncRounds(services.deps) },
    // Retention (decision 048): closed groups' content past the trajectory's period, once a day at night.
    { name: "retention", repeat: { pattern: "37 3 * * *" }, run: () => services.retention.applyRetention(new Date(), services.deps) },
    // Export of one's own data (decision 049): built within a minute or so of the request; expired files go hourly.
    { name: "privacy-exports", repeat: { every: 15_000 }, run: () => services.dataExport.buildQueuedExports(services.deps) },
    // Evaluation (decision 052): one reminder per person and check that is still open and unanswered.
    { name: "evaluation-reminders", repeat: { pattern: "7,37 * * * *" }, run: () => services.evaluation.queueEvaluationReminders() },
    // Erasure of one's account (decision 064): requests whose cooling-off period has passed.
    { name: "privacy-erasures", repeat: { pattern: "*/5 * * * *" }, run: () => services.erasure.eraseDueAccounts(services.deps) },
    // Network moments (decision 066): the reminder the day before, like meetings', mailed by the jobs above.
    { name: "moment-reminders", repeat: { pattern: "*/15 * * * *" }, run: () => services.momentReminders.queueMomentReminders() },
    { name: "sweep-exports", repeat: { pattern: "47 * * * *" }, run: () => services.dataExport.sweepExpiredExports() },
    // Attachments (issue 20, decision 083): uploads attached to nothing for a day are deleted.
    { name: "sweep-pending-uploads", repeat: { pattern: "53 * * * *" }, run: () => services.attachment.sweepPending(services.deps) },
  ];
}
