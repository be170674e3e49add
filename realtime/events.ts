import type { z } from "zod";
import type { Server, Socket } from "socket.io";
import type { ErrorCode } from "../models/shared/errors";
import { GroupIdInput, PresenceHereInput } from "../models/group/group.inputs";
import {
  DeleteMessageInput,
  EditMessageInput,
  ListMessagesInput,
  MarkReadInput,
  PinThreadInput,
  SendMessageInput,
  StartThreadInput,
  SubscribeThreadInput,
  SyncInput,
  TypingInput,
} from "../models/thread/thread.inputs";
import type { GroupEventDTO } from "../models/delivery/delivery.service";
import type { InboxChanged } from "../models/thread/thread.service";
import { DocAwarenessInput, DocJoinInput, DocLeaveInput, DocUpdateInput, DocUpdatePartInput } from "../models/document/document.inputs";
import { AddCommentInput, ReplyCommentInput, ResolveCommentInput } from "../models/comment/comment.inputs";
import type { Locale } from "../models/i18n/locale";
import { RoundActInput, RoundRef } from "../models/intervision/round.inputs";
import type { RoundViewDTO } from "../models/intervision/round.dto";
import type { roundHandlers } from "./handlers/round.handlers";
import type { handlePresenceHere, handlePresenceList } from "./handlers/presence.handlers";
import type { threadHandlers } from "./handlers/thread.handlers";
import type { docHandlers } from "./handlers/doc.handlers";
import type { commentHandlers } from "./handlers/comment.handlers";
// The live moment (issue 16)
import { LiveActInput, MomentChatInput, MomentHandInput, MomentRef, PollAnswerInput } from "../models/moment/live.inputs";
import type { BreakoutViewDTO, HandsDTO, LiveStateDTO, MomentMessageDTO, PollResultDTO } from "../models/moment/live.dto";
import type { momentHandlers } from "./handlers/moment.handlers";
import type { MomentRole } from "../models/moment/moment.constants";
// Search (issue 20 item 3, decision 086)
import { SearchInput } from "../models/search/search.inputs";
import type { searchHandlers } from "./handlers/search.handlers";

/** Every ack has this shape. */
export type Ack<T> =
  | { ok: true; data: T }
  | { ok: false; error: { code: ErrorCode; message: string; issues?: { path: string; code: string }[]; retryAfter?: number } };

export interface PresenceState {
  groupId: string;
  userIds: string[];
}

/** Client -> server commands and their input schemas. The policy is asked in the service each
 *  command calls (the same the forms call), never here. */
export const clientEvents = {
  "presence:list": { input: GroupIdInput },
  /** The group whose page the tab shows now (null: none); only there does it count as online. */
  "presence:here": { input: PresenceHereInput },
  "thread:start": { input: StartThreadInput },
  "message:send": { input: SendMessageInput },
  "message:edit": { input: EditMessageInput },
  "message:delete": { input: DeleteMessageInput },
  "thread:pin": { input: PinThreadInput },
  "thread:subscribe": { input: SubscribeThreadInput },
  "thread:read": { input: MarkReadInput },
  "thread:history": { input: ListMessagesInput },
  "group:sync": { input: SyncInput },
  "thread:typing": { input: TypingInput },
  /** Open a document: ack { update, stateVector, seq, canWrite }; the socket joins its room. */
  "doc:join": { input: DocJoinInput },
  "doc:leave": { input: DocLeaveInput },
  /** One client batch (a Yjs update); acknowledged once stored, then sent to the room. */
  "doc:update": { input: DocUpdateInput },
  /** A batch above one frame, in parts: ack { next } until the last, whose ack is doc:update's { seq }. */
  "doc:update-part": { input: DocUpdatePartInput },
  /** Carets and selections: volatile, never stored, only within the document's room. */
  "doc:awareness": { input: DocAwarenessInput },
  /** Comments (decision 008): each answers with the stored group:event, which the group's room gets too. */
  "comment:add": { input: AddCommentInput },
  "comment:reply": { input: ReplyCommentInput },
  "comment:resolve": { input: ResolveCommentInput },
  /** Live rounds (decision 031): join answers the whole view and moves the socket into its round room. */
  "round:join": { input: RoundRef },
  "round:act": { input: RoundActInput },
  /** The room's shared screen (decision 045): the watchers' view and room, never a seat's. */
  "round:screen": { input: RoundRef },
  // The live moment (issue 16 items 2, 3; decisions 069-071): join answers the whole view and moves
  // the socket into the moment's rooms (and its breakout's, when seated in an open one).
  "moment:join": { input: MomentRef },
  "moment:act": { input: LiveActInput },
  "moment:answer": { input: PollAnswerInput },
  "moment:chat": { input: MomentChatInput },
  "moment:hand": { input: MomentHandInput },
  // Search (issue 20 item 3, decision 086): with groupId one group (not_found for an outsider), without it all one's groups.
  "search:query": { input: SearchInput },
} as const satisfies Record<string, { input: z.ZodType }>;

export type ClientEventName = keyof typeof clientEvents;

type Handlers = { "presence:list": typeof handlePresenceList; "presence:here": typeof handlePresenceHere } & typeof threadHandlers &
  typeof docHandlers &
  typeof commentHandlers &
  typeof roundHandlers &
  typeof momentHandlers &
  typeof searchHandlers;
/** What a command's ack carries when it succeeds: what its handler returns (bytes arrive as
 *  Uint8Array in Node, ArrayBuffer in the browser: see wire.ts). */
export type CommandResult<E extends ClientEventName> = Awaited<ReturnType<Handlers[E]>>;

type Command<E extends ClientEventName> = (
  payload: z.input<(typeof clientEvents)[E]["input"]>,
  ack: (res: Ack<CommandResult<E>>) => void,
) => void;
export type ClientToServerEvents = { [E in ClientEventName]: Command<E> };

/** Server -> client facts. */
export interface ServerToClientEvents {
  "presence:state": (state: PresenceState) => void;
  "group:changed": (data: { groupId: string }) => void;
  "group:removed": (data: { groupId: string }) => void;
  "charter:versioned": (data: { groupId: string; version: number }) => void;
  /** A stored fact of the group's log; clients apply it once, in seq order. */
  "group:event": (event: GroupEventDTO) => void;
  "thread:typing": (data: { groupId: string; threadId: string; userId: string }) => void;
  "thread:read": (data: { groupId: string; threadId: string; seq: number }) => void;
  /** To one user's sockets (their room, every node): a notification was created for them or one
   *  of their unread counts changed in this group. Carries no content: the inbox, the dashboard and
   *  the navigation read again. */
  "inbox:changed": (data: InboxChanged) => void;
  /** A stored Yjs update of a document this socket has open (binary `update`). */
  "doc:updated": (data: { docId: string; update: Uint8Array; seq: number }) => void;
  "doc:awareness": (data: { docId: string; update: Uint8Array }) => void;
  /** A document's or case's metadata changed (created, renamed, archived, status): re-read the list. */
  "doc:changed": (data: { groupId: string; docId: string }) => void;
  /** The document was rewritten from its current content (erasure, decision 064): the editor reloads it. */
  "doc:rewritten": (data: { docId: string }) => void;
  /** This node is shutting down (decision 041): reconnect now, the proxy sends the socket elsewhere. */
  "node:draining": () => void;
  /** A live round's state as this viewer may see it (decision 032), with the server's clock. */
  "round:state": (view: RoundViewDTO) => void;
  /** A round was created in the group: the list reads again. */
  "round:listed": (data: { groupId: string; roundId: string }) => void;
  // The live moment (issue 16; decisions 069-071)
  /** The moment's state after a facilitator's action (with the server's clock). */
  "moment:state": (state: LiveStateDTO) => void;
  /** A poll's aggregate as it comes in (results null: hidden from this viewer until revealed). */
  "moment:poll": (result: PollResultDTO) => void;
  "moment:message": (message: MomentMessageDTO) => void;
  "moment:hands": (hands: HandsDTO) => void;
  /** To one breakout's room once its participants were moved in: who sits there, the protocol. */
  "moment:breakout": (breakout: BreakoutViewDTO) => void;
  /** To the facilitators: every breakout of the block just opened. */
  "moment:breakouts": (data: { momentId: string; breakouts: BreakoutViewDTO[] }) => void;
  /** To a user taken out of a moment's rooms (decision 079): out of it (role null), or a participant now. */
  "moment:left": (data: { momentId: string; role: MomentRole | null }) => void;
}

export interface SocketData {
  userId: string;
  isOrganiser: boolean;
  /** The user's display name at the handshake (a reply's author name without a read). */
  name: string;
  locale: Locale;
  /** The stored id of the session the socket was opened with (its room: rooms.session). */
  sessionId: string;
  /** The group whose page the tab shows (null: a page outside groups); undefined when the client
   *  never said (not a browser tab), which counts as online in each of its groups. */
  here?: string | null;
}

/** Room names, built only here. */
export const rooms = {
  user: (id: string) => `user:${id}`,
  /** The sockets opened with one session (its stored id), so signing out one device cuts only those. */
  session: (id: string) => `session:${id}`,
  group: (id: string) => `group:${id}`,
  /** A document's room carries its group, so leaving a group can leave its documents' rooms by name. */
  doc: (groupId: string, docId: string) => `doc:${groupId}:${docId}`,
  /** One viewer's room in a live round (each gets their own view, decision 032); null: the group's other members watching. */
  round: (groupId: string, roundId: string, userId: string | null) => `round:${groupId}:${roundId}:${userId ?? "watch"}`,
  // Network moments (issue 16; decision 070): everyone in a moment, its facilitators, one breakout.
  moment: (momentId: string) => `moment:${momentId}`,
  momentFacilitators: (momentId: string) => `moment:${momentId}:fac`,
  breakout: (breakoutId: string) => `breakout:${breakoutId}`,
};
export const isDocRoomOf = (room: string, groupId: string) => room.startsWith(`doc:${groupId}:`);
/** A room of one of the group's live rounds. */
export const isRoundRoomOf = (room: string, groupId: string) => room.startsWith(`round:${groupId}:`);
export const groupIdOfRoom = (room: string) => (room.startsWith("group:") ? room.slice(6) : null);

/** Between app nodes (through the Redis adapter). */
export interface InterServerEvents {
  /** A document update a node just stored at `seq`: the others learn the log's end and keep the entry (decision 007). */
  "doc:stored": (m: { docId: string; seq: number; update: Uint8Array }) => void;
  /** A user left a group (removed): each node takes the user's sockets out of the group's document rooms. */
  "group:left": (m: { userId: string; groupId: string }) => void;
  /** A document's log was rewritten (erasure, decision 064): each node forgets its copy. */
  "doc:rewritten": (m: { docId: string }) => void;
  /** Access to a group changed: each node forgets what it kept of it (decision 058). */
  "access:changed": (m: { groupId: string }) => void;
}

export type IO = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type AppSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
