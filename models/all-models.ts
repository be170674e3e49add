// Registers every model, so server/ can build their indexes at boot (m.init()).
export { User } from "./user/user.model";
export { Session } from "./session/session.model";
export { Trajectory } from "./trajectory/trajectory.model";
export { Group, Membership, MembershipRef, LeaderSeat, GuestConsent } from "./group/group.model";
export { CharterVersion } from "./charter/charter.model";
export { AuditEvent } from "./audit/audit.model";
export { AccountToken } from "./invite/invite.model";
export { DevMail } from "./devmail/devmail.model";
export { GroupEvent, GroupCommand } from "./delivery/group-event.model";
export { Thread, Message, ReadMarker, ThreadSubscription, Notification } from "./thread/thread.model";
export { CollabDocument, DocUpdate, DocSnapshot, Case, DocVersion, DocEditMark } from "./document/document.model";
export { DocComment, DocCommentEntry } from "./comment/comment.model";
export { MailClaim, MailPrefsRecord } from "./notify/notify.model";
export { Meeting, MeetingPlan } from "./meeting/meeting.model";
// baseline/end analysis and 360-degree feedback (decision 036)
export {
  QuestionnaireVersion,
  Analysis,
  AnalysisAnswer,
  AnalysisSubmission,
  FeedbackRater,
  FeedbackSlot,
  FeedbackToken,
  FeedbackUse,
  FeedbackResponse,
} from "./analysis/analysis.model";
