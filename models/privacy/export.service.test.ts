import { strFromU8, unzipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { startThread } from "../thread/thread.service";
import { actOnRound, createRound } from "../intervision/round.service";
import { collectUserData } from "./export.service";
import type { OutgoingMail } from "../shared/context";
import { EXPORT_LINK_HOURS } from "./export.constants";
import { DataExportChunk } from "./export.model";
import { buildQueuedExports, downloadExport, getExportStatus, requestExport, sweepExpiredExports } from "./export.service";
import { buildGroup, buildUser, ctxFor, TEST_APP_URL } from "../../test/factories";

const linkOf = (mail: OutgoingMail) => {
  const m = /\/settings\/export\/([0-9a-f]{24})\?token=([A-Za-z0-9_-]+)/.exec(mail.text);
  if (!m) throw new Error(`no export link in: ${mail.text}`);
  return { exportId: m[1], token: m[2] };
};

function mailbox() {
  const mails: OutgoingMail[] = [];
  return { mails, deps: { appUrl: TEST_APP_URL, sendMail: async (m: OutgoingMail) => void mails.push(m) } };
}

describe("export of one's own data", () => {
  it("is built in the background with progress, mailed as a link, and holds what the user wrote as JSON and escaped HTML", async () => {
    const { group, leaders } = await buildGroup({ leaders: 2 });
    const [ann, bob] = leaders;
    const a = ctxFor(ann);
    const written = `Mijn twijfel <script>alert("x")</script> ${Date.now()}`;
    await startThread(a, { groupId: String(group._id), clientId: "c-export-0001", title: "Ouderraad", text: written });
    await startThread(ctxFor(bob), { groupId: String(group._id), clientId: "c-export-0002", title: "Bobs", text: "Bob's own words" });

    expect(await getExportStatus(a)).toBeNull();
    const requested = await requestExport(a);
    expect(requested).toMatchObject({ status: "queued", progress: 0, expiresAt: null });
    // One at a time.
    await expect(requestExport(a)).rejects.toMatchObject({ code: "conflict", meta: { reason: "privacy_export_busy" } });

    const { mails, deps } = mailbox();
    expect(await buildQueuedExports(deps)).toEqual({ built: 1 });
    const status = (await getExportStatus(a))!;
    expect(status).toMatchObject({ id: requested.id, status: "ready", progress: 100 });
    expect(new Date(status.expiresAt!).getTime() - Date.now()).toBeLessThanOrEqual(EXPORT_LINK_HOURS * 3_600_000);
    expect(mails.map((m) => m.to)).toEqual([ann.email]);
    const link = linkOf(mails[0]);
    expect(link.exportId).toBe(requested.id);

    const { filename, bytes } = await downloadExport(a, link);
    expect(filename).toMatch(/^leerkring-export-\d{4}-\d{2}-\d{2}\.zip$/);
    const files = unzipSync(new Uint8Array(bytes));
    expect(Object.keys(files).sort()).toEqual(["leerkring-export/data.json", "leerkring-export/index.html"]);
    const json = strFromU8(files["leerkring-export/data.json"]);
    const data = JSON.parse(json);
    expect(data.profile).toMatchObject({ email: ann.email });
    expect(data.messages.map((m: { text: string }) => m.text)).toEqual([written]);
    expect(data.threads.map((t: { title: string }) => t.title)).toEqual(["Ouderraad"]);
    expect(data.memberships).toHaveLength(1);
    expect(data.groups).toEqual([{ id: String(group._id), name: group.name }]);
    expect(data.sessions).toEqual([]);
    // Nothing of anyone else's, and no secret.
    expect(json).not.toContain("Bob's own words");
    expect(json).not.toMatch(/passwordHash|tokenHash|"secret"/);
    const html = strFromU8(files["leerkring-export/index.html"]);
    expect(html).toContain("Mijn twijfel &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain(ann.email);
  });

  it("is found only by its owner with the mailed token while the link is valid: anyone and anything else is not_found", async () => {
    const ann = await buildUser();
    const a = ctxFor(ann);
    await requestExport(a);
    const { mails, deps } = mailbox();
    await buildQueuedExports(deps);
    const link = linkOf(mails[0]);
    const notFound = { code: "not_found" };
    await expect(downloadExport(ctxFor(await buildUser()), link)).rejects.toMatchObject(notFound);
    await expect(downloadExport(a, { ...link, token: `${link.token.slice(0, -2)}xx` })).rejects.toMatchObject(notFound);
    await expect(downloadExport(a, { ...link, token: "" })).rejects.toMatchObject(notFound);
    await expect(downloadExport(a, { exportId: "not-an-id", token: link.token })).rejects.toMatchObject(notFound);
    const later = new Date(Date.now() + EXPORT_LINK_HOURS * 3_600_000 + 60_000);
    await expect(downloadExport(a, link, later)).rejects.toMatchObject(notFound);
    expect((await downloadExport(a, link)).bytes.length).toBeGreaterThan(0);
    // The hourly sweep deletes the file of an expired link; the page says so.
    expect(await sweepExpiredExports(later)).toBe(1);
    expect(await DataExportChunk.countDocuments({})).toBe(0);
    expect(await getExportStatus(a)).toMatchObject({ status: "failed", expiresAt: null });
    await expect(downloadExport(a, link)).rejects.toMatchObject(notFound);
    // A new one may be asked for.
    expect(await requestExport(a)).toMatchObject({ status: "queued" });
  });

  it("holds the user's own round contributions and the case they brought, nobody else's", async () => {
    const g = await buildGroup({ leaders: 4 });
    const groupId = String(g.group._id);
    const [inbrenger, chair, ann, bob] = g.leaders.map((u) => ctxFor(u));
    const { id: roundId } = await createRound(chair, {
      groupId,
      protocol: "incident",
      inbrengerId: inbrenger.actor.id,
      caseQuestion: "Hoe ga ik om met een ouder die elke week boos belt?",
      whatIDid: "Ik nodigde de ouder uit.",
      memberIds: g.leaders.map((u) => String(u._id)),
    });
    const act = (ctx: typeof ann, action: Parameters<typeof actOnRound>[1]["action"]) => actOnRound(ctx, { groupId, roundId, action });
    await act(chair, { type: "start" });
    for (let v = 2; v < 5; v++) await act(chair, { type: "next", seen: v });
    await act(ann, { type: "contribute", id: "q-000000001", text: "Anns vraag" });
    await act(bob, { type: "contribute", id: "q-000000002", text: "Bobs vraag" });
    const anns = (await collectUserData(ann.actor.id)).rounds as { caseQuestion: string | null; contributions: { text: string }[] }[];
    expect(anns).toEqual([
      expect.objectContaining({ roundId, caseQuestion: null, contributions: [expect.objectContaining({ text: "Anns vraag" })] }),
    ]);
    const brought = (await collectUserData(inbrenger.actor.id)).rounds as { caseQuestion: string | null; contributions: unknown[] }[];
    expect(brought).toEqual([
      expect.objectContaining({ caseQuestion: "Hoe ga ik om met een ouder die elke week boos belt?", contributions: [] }),
    ]);
  });

  it("two nodes' job runs at once build and mail it once", async () => {
    const ann = await buildUser();
    await requestExport(ctxFor(ann));
    const { mails, deps } = mailbox();
    const runs = await Promise.all([buildQueuedExports(deps), buildQueuedExports(deps)]);
    expect(runs.map((r) => r.built).sort()).toEqual([0, 1]);
    expect(mails).toHaveLength(1);
  });
});
