// Attachments in the export and the erasure of one's account (issue 20 item 2; decisions 049, 064, 083).
import { Readable } from "node:stream";
import { unzipSync } from "fflate";
import mongoose from "mongoose";
import { describe, expect, it } from "vitest";
import { addMembership, buildGroup, ctxFor, PASSWORD, TEST_APP_URL, type TestContext } from "../../test/factories";
import { PDF } from "../../test/fixtures/files";
import { Group } from "../group/group.model";
import { eraseDueAccounts, requestErasure } from "../privacy/erasure.service";
import { buildQueuedExports, downloadExport, requestExport } from "../privacy/export.service";
import type { OutgoingMail } from "../shared/context";
import { Message } from "../thread/thread.model";
import { startThread } from "../thread/thread.service";
import { attachCaseFile, createCase } from "../document/document.service";
import { Attachment } from "./attachment.model";
import { upload } from "./attachment.service";

const storedFiles = () => mongoose.connection.db!.collection("attachments.files").countDocuments();

async function postWithFile(ctx: TestContext, groupId: string, name: string) {
  const a = await upload(ctx, { groupId, name, stream: Readable.from([PDF]) });
  const event = await startThread(ctx, { groupId, clientId: `c-${a.id}`, title: "Beleid", text: "Zie bijlage", attachmentIds: [a.id] });
  return { attachment: a, messageId: (event.data as { message: { id: string } }).message.id };
}

describe("the export", () => {
  it("holds the files one uploaded, byte for byte, beside their records", async () => {
    const { group, leaders } = await buildGroup({ leaders: 2 });
    const a = ctxFor(leaders[0]);
    const { attachment } = await postWithFile(a, String(group._id), "beleid.pdf");
    await postWithFile(ctxFor(leaders[1]), String(group._id), "van-bob.pdf");
    await requestExport(a);
    const mails: OutgoingMail[] = [];
    await buildQueuedExports({ appUrl: TEST_APP_URL, sendMail: async (m) => void mails.push(m), node: a.node });
    const [, exportId, token] = /\/settings\/export\/([0-9a-f]{24})\?token=([A-Za-z0-9_-]+)/.exec(mails[0].text)!;
    const files = unzipSync(new Uint8Array((await downloadExport(a, { exportId, token })).bytes));
    const name = `leerkring-export/files/${attachment.id}-beleid.pdf`;
    expect(Object.keys(files).filter((f) => f.includes("/files/"))).toEqual([name]);
    expect(Buffer.from(files[name]).equals(PDF)).toBe(true);
    const data = JSON.parse(Buffer.from(files["leerkring-export/data.json"]).toString());
    expect(data.attachments).toEqual([
      expect.objectContaining({ _id: attachment.id, name: "beleid.pdf", owner: expect.stringMatching(/^message:/) }),
    ]);
  });
});

describe("erasure of one's account", () => {
  async function erase(ctx: TestContext) {
    await requestErasure(ctx, "secret", { password: PASSWORD, code: "" }, "127.0.0.1");
    expect(await eraseDueAccounts(ctx, new Date(Date.now() + 8 * 86_400_000))).toEqual({ erased: 1 });
  }

  it("takes the files of messages a 'remove' group loses and every unsent upload; a keeping group keeps its files under a former member", async () => {
    const removing = await buildGroup({ leaders: 2 });
    const keeping = await buildGroup({ leaders: 2 });
    await Group.updateOne({ _id: removing.group._id }, { $set: { erasure: "remove" } });
    await Group.updateOne({ _id: keeping.group._id }, { $set: { erasure: "anonymise" } });
    // One user, a leader in both.
    const ann = removing.leaders[0];
    await addMembership(keeping.group, ann, { role: "leader", status: "active" });
    const a = ctxFor(ann);
    const gone = await postWithFile(a, String(removing.group._id), "weg.pdf");
    const kept = await postWithFile(a, String(keeping.group._id), "blijft.pdf");
    const unsent = await upload(a, { groupId: String(keeping.group._id), name: "concept.pdf", stream: Readable.from([PDF]) });
    const others = await postWithFile(ctxFor(removing.leaders[1]), String(removing.group._id), "van-bob.pdf");
    expect(await storedFiles()).toBe(4);

    await erase(a);
    const left = await Attachment.find({}).lean();
    expect(left.map((x) => String(x._id)).sort()).toEqual([kept.attachment.id, others.attachment.id].sort());
    expect(left.some((x) => String(x.uploaderId) === String(ann._id))).toBe(false);
    expect(await storedFiles()).toBe(2);
    expect(unsent.id).toBeTruthy();
    const removedMessage = await Message.findById(gone.messageId).lean();
    expect(removedMessage?.attachments).toEqual([]);
    expect((await Message.findById(kept.messageId).lean())?.attachments).toHaveLength(1);
  });

  it("a case they brought in a 'remove' group goes with every file on it, another member's too (issue 20 round two)", async () => {
    const removing = await buildGroup({ leaders: 2 });
    await Group.updateOne({ _id: removing.group._id }, { $set: { erasure: "remove" } });
    const groupId = String(removing.group._id);
    const [a, b] = removing.leaders.map((u) => ctxFor(u));
    const kase = await createCase(a, { groupId, title: "Casus ouderraad" });
    for (const who of [a, b]) {
      const up = await upload(who, { groupId, name: "bijlage.pdf", stream: Readable.from([PDF]) });
      await attachCaseFile(who, { groupId, docId: kase.docId, fileId: up.id });
    }
    expect(await storedFiles()).toBe(2);
    await erase(a);
    expect(await Attachment.countDocuments({})).toBe(0);
    expect(await storedFiles()).toBe(0);
  });
});
