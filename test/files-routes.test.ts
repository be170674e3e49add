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
