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
// Action plans, group goals, the coach's room (issue 14 items 5-7; decisions 037, 038)
export { LearningQuestion, CheckIn, CheckInFeedback, Commitment } from "./plan/plan.model";
export { Goal, GoalVersion, GoalAgreement, GoalProgress } from "./goal/goal.model";
export { CoachNote, CoachingTalkDone } from "./coach/coach.model";
// Meeting content and the calendar feed (issue 14 item 2, decisions 034/035)
export {
  AgendaItem,
  Assignment,
  AssignmentResponse,
  Attendance,
  CalendarFeed,
  MeetingChair,
  MeetingMinutes,
} from "./meeting/meeting-content.model";
// Second factor (decision 039)
export { SecondFactor, RecoveryCode, FactorUse, PendingSignIn } from "./mfa/mfa.model";
// Passkeys (decision 062)
export { Passkey, PasskeyChallenge } from "./mfa/mfa.model";
// Intervision rounds (issue 13, the live round engine)
export { Round, RoundVersion } from "./intervision/round.model";
// preparing intervision rounds (decision 033)
export { ProtocolVersion, ProtocolArchive } from "./intervision/group-protocol.model";
export { CaseProposal, CaseHiddenPart, CaseVote, CasePick } from "./prep/prep.model";
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
// The round's record (issue 13 item 6, decision 044)
export { RoundDoc, ClosingCheck, RoundDecision } from "./intervision/round-record.model";
// Privacy: the export of one's own data (decision 049)
export { DataExport, DataExportChunk, DataExportClaim } from "./privacy/export.model";
// Sign in with the school's account (decision 063)
export { OidcConfig, OidcAttempt, OidcLink } from "./oidc/oidc.model";
// Evaluation (issue 15, decision 052)
export { EvaluationResponse, EvaluationShareConsent } from "./evaluation/evaluation.model";
// Practice stories and the end of the trajectory (issue 15 items 3, 7; decisions 055, 056)
export { PracticeStory, StoryVote, StorySelection, StoryConsent } from "./story/story.model";
export {
  EndReport,
  ReportVersion,
  ReportApproval,
  EndVote,
  EndOutcome,
  ChairSchedule,
  ChairTurn,
  OrganiserViewConsent,
} from "./continuation/continuation.model";
// Privacy: erasure of one's account (decision 064)
export { ErasureRequest, ErasureClaim } from "./privacy/erasure.model";
// Network moments (issue 16)
export { Moment, Breakout, BreakoutSeat } from "./moment/moment.model";
// Network moments, the live moment (issue 16 items 2, 3; decision 069)
export { MomentLiveVersion, MomentPollAnswer, MomentMessage, MomentHand, MomentHandEnd } from "./moment/live.model";
// Composing breakouts: theme choices (issue 16 item 3, decision 068)
export { ThemeChoice } from "./moment/compose.model";
// Network moments: the harvest (issue 16 item 4, decision 074)
export { HarvestOutput, HarvestOffer, MomentCaseCopy } from "./moment/harvest.model";
// Search (issue 20 item 3, decision 085)
export { SearchChange, SearchEntry, SearchGeneration, SearchMark } from "./search/search.model";
