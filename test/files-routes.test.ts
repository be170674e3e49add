// Attachments over the real HTTP door and a real socket (issue 20 items 1, 2, 4; decisions 083, 084):
// upload and download with real files, the headers a download carries, who gets 404, a message
// with files received by another member, a deleted message taking its files.
import mongoose from "mongoose";
import sharp from "sharp";
import { translate } from "../models/i18n/i18n";
import { removeMembership } from "../models/group/group.service";
import { createSession } from "../models/session/session.service";
import type { AttachmentDto } from "../models/attachment/attachment.dto";
import type { MessageDTO } from "../models/thread/thread.service";
import { startAppServer, type RunningApp } from "./e2e/app-server";
import { buildGroup, buildThread, buildUser } from "./factories";
import { createMembership } from "../models/group/memberships";
import { Meeting } from "../models/meeting/meeting.model";
import { httpClient, type HttpClient } from "./http-client";
import { ask, closeClients, okData, online, waitFor } from "./socket";
import { jpegWithGps, PDF } from "./fixtures/files";

let app: RunningApp;
/** 50 kB: small enough to overflow while streaming, under the guard's allowance for the form. */
const MAX_MB = "0.05";
beforeAll(async () => {
  app = await startAppServer({ ATTACHMENT_MAX_MB: MAX_MB });
});
afterEach(() => closeClients());
afterAll(async () => {
  await app?.close();
});

/** Does an EXIF block hold a GPS IFD (tag 0x8825, either byte order)? */
const hasGps = (exif: Buffer | undefined) =>
  !!exif && (exif.includes(Buffer.from([0x88, 0x25])) || exif.includes(Buffer.from([0x25, 0x88])));

async function signedIn(user: { _id: unknown }) {
  const c = httpClient(app.url);
  const session = await createSession(String(user._id));
  c.jar.set("lk_session", session);
  return { c, session, csrf: await c.csrf("/") };
}

async function uploadAs(who: { c: HttpClient; csrf: string }, groupId: string, bytes: Buffer, name: string, csrf = who.csrf) {
  const form = new FormData();
  form.append("_csrf", csrf);
  form.append("file", new Blob([new Uint8Array(bytes)]), name);
  const cookie = [...who.c.jar].map(([k, v]) => `${k}=${v}`).join("; ");
  const res = await fetch(`${app.url}/groups/${groupId}/files`, { method: "POST", body: form, headers: { cookie }, redirect: "manual" });
  return { status: res.status, body: (await res.json()) as { attachment?: AttachmentDto; error?: { code: string; message: string } } };
}

const storedFiles = async () => ({
  files: await mongoose.connection.db!.collection("attachments.files").countDocuments(),
  chunks: await mongoose.connection.db!.collection("attachments.chunks").countDocuments(),
});

async function scene() {
  const g = await buildGroup({ leaders: 3 });
  const groupId = String(g.group._id);
  const [ann, bob, cas] = await Promise.all(g.leaders.map(signedIn));
  const services = app.app.context.services;
  const thread = await buildThread(services.as({ id: String(g.leaders[0]._id), isOrganiser: false }), groupId);
  return { ...g, groupId, ann, bob, cas, services, threadId: thread };
}

describe("uploads and downloads over HTTP", () => {
  it("a PDF round trip: 201 with its DTO, pending for its uploader only, then the same bytes with safe headers", async () => {
    const { groupId, ann, bob } = await scene();
    const up = await uploadAs(ann, groupId, PDF, "Beleid ouderraad.pdf");
    expect(up.body.error).toBeUndefined();
    expect(up.status).toBe(201);
    const a = up.body.attachment!;
    expect(a).toMatchObject({ name: "Beleid ouderraad.pdf", type: "application/pdf", kind: "pdf", size: PDF.length, thumbUrl: null });
    expect(a.url).toBe(`/groups/${groupId}/files/${a.id}`);
    const res = await ann.c.get(a.url);
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).equals(PDF)).toBe(true);
    expect(res.headers.get("content-type")).toBe("application/pdf");
    expect(res.headers.get("content-disposition")).toContain("attachment;");
    expect(res.headers.get("content-disposition")).toContain("filename*=UTF-8''Beleid%20ouderraad.pdf");
    expect(res.headers.get("x-content-type-options")).toMatch(/^nosniff\b/);
    expect(res.headers.get("content-security-policy")).toContain("sandbox; default-src 'none'");
    expect(res.headers.get("cache-control")).toContain("private");
    // Pending: another member does not see it yet.
    expect((await bob.c.get(a.url)).status).toBe(404);
  });

  it("a JPEG's GPS position is gone from the download, and it gets a thumbnail", async () => {
    const { groupId, ann } = await scene();
    const jpeg = await jpegWithGps();
    expect(hasGps((await sharp(jpeg).metadata()).exif), "the fixture has a GPS position").toBe(true);
    const up = await uploadAs(ann, groupId, jpeg, "whiteboard.jpg");
    expect(up.status).toBe(201);
    expect(up.body.attachment).toMatchObject({ kind: "image", type: "image/jpeg", width: 64, height: 48 });
    const res = await ann.c.get(up.body.attachment!.url);
    const meta = await sharp(Buffer.from(await res.arrayBuffer())).metadata();
    expect(meta.format).toBe("jpeg");
    expect(meta.exif).toBeUndefined();
    expect(meta.xmp).toBeUndefined();
    expect(meta.iptc).toBeUndefined();
    const thumb = await ann.c.get(up.body.attachment!.thumbUrl!);
    expect(thumb.status).toBe(200);
    expect(thumb.headers.get("content-type")).toBe("image/webp");
    expect(thumb.headers.get("content-disposition")).toMatch(/^inline;/);
    expect(thumb.headers.get("x-content-type-options")).toMatch(/^nosniff\b/);
    expect(thumb.headers.get("content-security-policy")).toContain("sandbox");
    expect((await sharp(Buffer.from(await thumb.arrayBuffer())).metadata()).format).toBe("webp");
  });

  it("refuses an HTML file named .pdf (415) and a file over the limit while it streams (413), keeping nothing", async () => {
    const { groupId, ann } = await scene();
    const html = Buffer.from("<!doctype html><html><body><script>alert(document.cookie)</script></body></html>");
    const refused = await uploadAs(ann, groupId, html, "rapport.pdf");
    expect(refused).toEqual({ status: 415, body: { error: { code: "unsupported_type", message: translate("nl", "file.error.type") } } });
    // Over 50 kB, under what the guard lets through for an upload form: the stream is cut.
    const big = Buffer.concat([PDF, Buffer.alloc(100 * 1024, 0x20)]);
    const tooBig = await uploadAs(ann, groupId, big, "groot.pdf");
    expect(tooBig.status).toBe(413);
    expect(tooBig.body.error).toEqual({ code: "too_large", message: translate("nl", "file.error.tooLarge", { mb: 0.1 }) });
    expect(await storedFiles()).toEqual({ files: 0, chunks: 0 });
    expect(await mongoose.connection.db!.collection("attachments").countDocuments()).toBe(0);
    // A form without its CSRF field writes nothing either.
    expect((await uploadAs(ann, groupId, PDF, "a.pdf", "forged")).status).toBe(403);
    expect(await storedFiles()).toEqual({ files: 0, chunks: 0 });
  });

  it("an outsider uploads nothing into a group (404)", async () => {
    const { groupId } = await scene();
    const outsider = await signedIn(await buildUser());
    expect((await uploadAs(outsider, groupId, PDF, "a.pdf")).status).toBe(404);
    expect(await storedFiles()).toEqual({ files: 0, chunks: 0 });
  });
});

describe("attachments on messages", () => {
  it("sent over a socket and received by another member; an outsider, the organiser and a removed member get 404; deleting the message takes its files", async () => {
    const { groupId, group, ann, bob, cas, leaders, organiser, services, threadId } = await scene();
    const jpeg = (await uploadAs(ann, groupId, await jpegWithGps(), "bord.jpg")).body.attachment!;
    const pdf = (await uploadAs(ann, groupId, PDF, "beleid.pdf")).body.attachment!;
    const [annSocket, bobSocket] = await Promise.all([online(app, leaders[0], [groupId]), online(app, leaders[1], [groupId])]);
    const received = waitFor(bobSocket, "group:event", (e) => e.type === "message.sent", { timeout: 5000 });
    const sent = await okData(
      ask(annSocket, "message:send", {
        groupId,
        threadId,
        clientId: "files-msg-1",
        text: "Zie bijlagen",
        attachmentIds: [jpeg.id, pdf.id],
      }),
    );
    const message = (sent.data as { message: MessageDTO }).message;
    expect(message.attachments.map((a) => a.id)).toEqual([jpeg.id, pdf.id]);
    const got = ((await received).data as { message: MessageDTO }).message;
    expect(got.attachments).toEqual(message.attachments);

    // The other member now reads both, the thumbnail too.
    expect((await bob.c.get(pdf.url)).status).toBe(200);
    expect((await bob.c.get(jpeg.thumbUrl!)).status).toBe(200);
    // A second message cannot take the same files.
    const again = await ask(annSocket, "message:send", {
      groupId,
      threadId,
      clientId: "files-msg-2",
      text: "nog eens",
      attachmentIds: [pdf.id],
    });
    expect(again).toMatchObject({
      ok: false,
      error: { code: "invalid_input", message: translate("nl", "refusal.invalid_input.attachment") },
    });

    const outsider = await signedIn(await buildUser());
    const org = await signedIn(organiser);
    for (const who of [outsider, org])
      for (const url of [pdf.url, jpeg.url, jpeg.thumbUrl!]) expect((await who.c.get(url)).status, url).toBe(404);
    await removeMembership(services.as({ id: String(organiser._id), isOrganiser: true }), group, String(leaders[2]._id));
    expect((await cas.c.get(pdf.url)).status).toBe(404);
    expect((await cas.c.get(jpeg.thumbUrl!)).status).toBe(404);

    // An edit keeps them.
    const edited = await okData(
      ask(annSocket, "message:edit", { groupId, messageId: message.id, clientId: "files-edit-1", text: "Zie de bijlagen" }),
    );
    expect((edited.data as { message: MessageDTO }).message.attachments).toEqual(message.attachments);

    const before = await storedFiles();
    expect(before.files).toBe(3); // the PDF, the image and its thumbnail
    await okData(ask(annSocket, "message:delete", { groupId, messageId: message.id, clientId: "files-del-1" }));
    expect(await storedFiles()).toEqual({ files: 0, chunks: 0 });
    expect((await bob.c.get(pdf.url)).status).toBe(404);
    expect((await ann.c.get(jpeg.thumbUrl!)).status).toBe(404);
  }, 30_000);
});

// ---- files on cases and meetings (issue 20 round two) ----------------------------------------

describe("files on a case and on a meeting", () => {
  async function pageScene() {
    const s = await scene();
    const coach = await buildUser();
    await createMembership({ groupId: s.group._id, userId: coach._id, role: "coach", status: "active", acceptedCharterVersion: 1 });
    const annCtx = s.services.as({ id: String(s.leaders[0]._id), isOrganiser: false });
    const kase = await s.services.document.createCase(annCtx, { groupId: s.groupId, title: "Casus ouderraad" });
    const meeting = await Meeting.create({
      groupId: s.group._id,
      trajectoryId: s.trajectory._id,
      kind: "contact_day",
      title: "Contactdag",
      startsAt: new Date("2027-01-12T08:00:00Z"),
      endsAt: new Date("2027-01-12T15:00:00Z"),
    });
    const caseUrl = `/groups/${s.groupId}/docs/${kase.docId}`;
    const meetingUrl = `/groups/${s.groupId}/meetings/${meeting._id}`;
    return { ...s, coachUser: coach, coach: await signedIn(coach), caseUrl, meetingUrl, meetingId: String(meeting._id), docId: kase.docId };
  }
  const post = (who: { c: HttpClient; csrf: string }, url: string, form: Record<string, string>) =>
    who.c.post(url, { _csrf: who.csrf, ...form });

  it("a case: attached through its page, listed on it, read by members, 404 for outsiders and the organiser; removed by the coach", async () => {
    const { groupId, ann, bob, coach, organiser, caseUrl, docId, services, leaders } = await pageScene();
    const pdf = (await uploadAs(ann, groupId, PDF, "Beleidsplan zorg.pdf")).body.attachment!;
    const res = await post(ann, caseUrl, { intent: "fileAttach", fileId: pdf.id });
    expect(res.status).toBe(200);
    const asBob = services.as({ id: String(leaders[1]._id), isOrganiser: false });
    expect((await services.document.getDocumentPage(asBob, { groupId, docId })).files).toEqual([pdf]);
    expect(await (await bob.c.get(caseUrl)).text()).toContain("Beleidsplan zorg.pdf");
    expect((await bob.c.get(pdf.url)).status).toBe(200);
    // Another group's member, an outsider and the trajectory's organiser: nothing.
    const other = await buildGroup({ leaders: 1 });
    const strangers = [await signedIn(other.leaders[0]), await signedIn(await buildUser())];
    for (const who of strangers) {
      expect((await who.c.get(pdf.url)).status).toBe(404);
      expect((await post(who, caseUrl, { intent: "fileRemove", fileId: pdf.id })).status).toBe(404);
    }
    // The organiser: the file does not exist; the case page refuses them as it always did (doc.read: 403).
    const org = await signedIn(organiser);
    expect((await org.c.get(pdf.url)).status).toBe(404);
    expect((await post(org, caseUrl, { intent: "fileRemove", fileId: pdf.id })).status).toBe(403);
    expect((await bob.c.get(pdf.url)).status).toBe(200);
    // Someone else's pending upload, or one of another group, is refused with a clear error and attaches nothing.
    const bobs = (await uploadAs(bob, groupId, PDF, "van bob.pdf")).body.attachment!;
    const refused = await post(ann, caseUrl, { intent: "fileAttach", fileId: bobs.id });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain(translate("nl", "refusal.invalid_input.attachment"));
    expect((await bob.c.get(bobs.url)).status).toBe(200); // still bob's, pending
    expect((await post(ann, caseUrl, { intent: "fileAttach", fileId: "nope" })).status).toBe(400);
    // The coach removes it: gone from the page and from storage.
    expect((await post(coach, caseUrl, { intent: "fileRemove", fileId: pdf.id })).status).toBe(200);
    expect((await ann.c.get(pdf.url)).status).toBe(404);
    expect(
      (await services.document.getDocumentPage(services.as({ id: String(leaders[1]._id), isOrganiser: false }), { groupId, docId })).files,
    ).toEqual([]);
  }, 30_000);

  it("a meeting: attached by a member, read by members, 404 for the trajectory's organiser and another group's member", async () => {
    const { groupId, ann, bob, organiser, meetingUrl, meetingId, services, leaders } = await pageScene();
    const jpeg = (await uploadAs(ann, groupId, await jpegWithGps(), "Whiteboard.jpg")).body.attachment!;
    expect((await post(ann, meetingUrl, { intent: "fileAttach", fileId: jpeg.id })).status).toBe(200);
    const asBob = services.as({ id: String(leaders[1]._id), isOrganiser: false });
    expect((await services.meetingContent.getMeetingPage(asBob, { groupId, meetingId })).files).toEqual([jpeg]);
    expect(await (await bob.c.get(meetingUrl)).text()).toContain(jpeg.thumbUrl);
    expect((await bob.c.get(jpeg.url)).status).toBe(200);
    expect((await bob.c.get(jpeg.thumbUrl!)).status).toBe(200);
    const other = await buildGroup({ leaders: 1 });
    for (const who of [await signedIn(organiser), await signedIn(other.leaders[0])]) {
      for (const url of [jpeg.url, jpeg.thumbUrl!]) expect((await who.c.get(url)).status).toBe(404);
      expect((await post(who, meetingUrl, { intent: "fileRemove", fileId: jpeg.id })).status).toBe(404);
    }
    expect((await post(bob, meetingUrl, { intent: "fileRemove", fileId: jpeg.id })).status).toBe(200);
    expect((await ann.c.get(jpeg.url)).status).toBe(404);
    expect(await storedFiles()).toEqual({ files: 0, chunks: 0 });
  }, 30_000);

  it("an assignment's files (its chair) and one's own answer's files: read by members, 404 for the organiser; removing the assignment takes them all", async () => {
    const { groupId, ann, bob, coach, coachUser, organiser, meetingUrl, meetingId, services, leaders } = await pageScene();
    const asCoach = services.as({ id: String(coachUser._id), isOrganiser: false });
    const { id: assignmentId } = await services.meetingContent.addAssignment(asCoach, {
      groupId,
      meetingId,
      title: "Lees het beleidsplan",
      description: "",
      due: "2027-01-20",
    });
    const given = (await uploadAs(coach, groupId, PDF, "Beleidsplan.pdf")).body.attachment!;
    const onAssignment = { intent: "fileAttach", fileId: given.id, on: "assignment", assignmentId };
    // A leader is no chair: refused, and the upload stays the coach's.
    const mine = (await uploadAs(ann, groupId, PDF, "Mijn antwoord.pdf")).body.attachment!;
    expect((await post(ann, meetingUrl, { ...onAssignment, fileId: mine.id })).status).toBe(403);
    expect((await post(coach, meetingUrl, onAssignment)).status).toBe(200);
    // Ann answers, then adds a file to her answer.
    const asAnn = services.as({ id: String(leaders[0]._id), isOrganiser: false });
    await services.meetingContent.respondToAssignment(asAnn, { groupId, meetingId, assignmentId, text: "Gelezen", done: "true" });
    expect((await post(ann, meetingUrl, { intent: "fileAttach", fileId: mine.id, on: "response", assignmentId })).status).toBe(200);
    // An "assignment" target without its id is refused at the door.
    expect((await post(coach, meetingUrl, { intent: "fileAttach", fileId: given.id, on: "assignment" })).status).toBe(400);

    const asBob = services.as({ id: String(leaders[1]._id), isOrganiser: false });
    const [a] = (await services.meetingContent.getMeetingPage(asBob, { groupId, meetingId })).assignments;
    expect(a.files).toEqual([given]);
    expect(a.responses.find((r) => r.userId === String(leaders[0]._id))?.files).toEqual([mine]);
    for (const f of [given, mine]) expect((await bob.c.get(f.url)).status).toBe(200);
    const org = await signedIn(organiser);
    for (const f of [given, mine]) expect((await org.c.get(f.url)).status).toBe(404);
    // Bob cannot remove Ann's answer's file: his own answer holds no such file.
    expect((await post(bob, meetingUrl, { intent: "fileRemove", fileId: mine.id, on: "response", assignmentId })).status).toBe(404);

    await services.meetingContent.removeAssignment(asCoach, { groupId, meetingId, assignmentId });
    for (const f of [given, mine]) expect((await ann.c.get(f.url)).status).toBe(404);
    expect(await storedFiles()).toEqual({ files: 0, chunks: 0 });
  }, 30_000);
});
