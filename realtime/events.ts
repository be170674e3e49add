import type { z } from "zod";
import type { Server, Socket } from "socket.io";
import type { ErrorCode } from "../models/shared/errors";
import { GroupIdInput } from "../models/group/group.inputs";
import type { GroupAction } from "../models/group/group.policy";

/** Every ack has this shape. */
export type Ack<T> =
  | { ok: true; data: T }
  | { ok: false; error: { code: ErrorCode; message: string; issues?: { path: string; code: string }[] } };

export interface PresenceState {
  groupId: string;
  userIds: string[];
}

/** Client -> server commands; each has an input schema and the policy action it needs. */
export const clientEvents = {
  "presence:list": { input: GroupIdInput, action: "presence.read" },
} as const satisfies Record<string, { input: z.ZodType; action: GroupAction }>;

export type ClientEventName = keyof typeof clientEvents;

export interface ClientToServerEvents {
  "presence:list": (payload: z.input<typeof GroupIdInput>, ack: (res: Ack<PresenceState>) => void) => void;
}

/** Server -> client facts. */
export interface ServerToClientEvents {
  "presence:state": (state: PresenceState) => void;
  "group:changed": (data: { groupId: string }) => void;
  "group:removed": (data: { groupId: string }) => void;
  "charter:versioned": (data: { groupId: string; version: number }) => void;
}

export interface SocketData {
  userId: string;
  isOrganiser: boolean;
  locale: "nl" | "en";
}

/** Room names, built only here. */
export const rooms = {
  user: (id: string) => `user:${id}`,
  group: (id: string) => `group:${id}`,
};
export const groupIdOfRoom = (room: string) => (room.startsWith("group:") ? room.slice(6) : null);

export type IO = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
export type AppSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
