import type { ServiceContext } from "../shared/context";
import { oid } from "../shared/oid";
import { displayNames } from "../user/user.service";
import { CoachNote } from "./coach.model";

export interface CoachNoteDTO {
  id: string;
  text: string;
  authorName: string;
  createdAt: string;
}

/** The coaching notes about one member, newest first. The caller has decided that the reader is that member or the group's coach. */
export async function notesForMember(ctx: ServiceContext, groupId: string, memberId: string): Promise<CoachNoteDTO[]> {
  const notes = await CoachNote.find({ groupId: oid(groupId), memberId: oid(memberId) }).lean();
  const names = await displayNames(
    ctx,
    notes.map((n) => n.authorId),
  );
  return notes
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())
    .map((n) => ({
      id: String(n._id),
      text: n.text,
      authorName: names.get(String(n.authorId)) ?? "",
      createdAt: n.createdAt.toISOString(),
    }));
}
