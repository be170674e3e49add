// The declared jobs are the use cases they name: each run here as the scheduler's worker would.
import { PendingSignIn } from "../models/mfa/mfa.model";
import { Types } from "mongoose";
import { describe, expect, it } from "vitest";
import { FeedbackToken } from "../models/analysis/analysis.model";
import { Session } from "../models/session/session.model";
import { hashToken, randomToken } from "../models/session/session.service";
import { AccountToken } from "../models/invite/invite.model";
import { MailClaim } from "../models/notify/notify.model";
import { Message, Notification } from "../models/thread/thread.model";
import type { OutgoingMail } from "../models/shared/context";
import { createServices } from "./services";
import { backgroundJobs, RETIRED_JOBS } from "./jobs";
import { actOnRound, createRound } from "../models/intervision/round.service";
import { buildGroup, buildThread, ctxFor, RecordingPublisher, testNode } from "../test/factories";

function jobsOfANode() {
  const mails: OutgoingMail[] = [];
  const services = createServices(
    {
      publisher: new RecordingPublisher(),
      sendMail: async (m) => void mails.push(m),
      appUrl: "http://leerkring.test",
      redis: null,
    },
    testNode(),
  );
  const jobs = new Map(backgroundJobs(services, { secret: "jobs-test-secret-0123456789abcdefghij" }).map((j) => [j.name, j]));
  const run = (name: string) => jobs.get(name)!.run({ id: `test:${name}`, attempt: 1 });
  return { jobs, run, mails };
}

describe("backgroundJobs", () => {
  it("declares each job once, with a schedule", () => {
    const { jobs } = jobsOfANode();
    expect([...jobs.keys()].sort()).toEqual([
      "advance-async-rounds",
      "evaluation-reminders",
      "mail-digests",
      "mail-immediate",
      "meeting-reminders",
      // Network moments (decision 066)
      "moment-reminders",
      "privacy-erasures",
      "privacy-exports",
      "retention",
      "sweep-account-tokens",
      "sweep-exports",
      "sweep-feedback-links",
      "sweep-mail-claims",
      "sweep-pending-sign-ins",
      // Attachments (issue 20)
      "sweep-pending-uploads",
      "sweep-sessions",
    ]);
    for (const j of jobs.values()) expect("every" in j.repeat || "pattern" in j.repeat, j.name).toBe(true);
    // A retired name is never declared again (a node would remove its schedule at every start).
    for (const name of RETIRED_JOBS) expect(jobs.has(name), name).toBe(false);
  });

  it("the sweeps remove expired sessions, expired invitation and reset links, and old mail claims", async () => {
    const { leaders } = await buildGroup({ leaders: 1 });
    const past = new Date(Date.now() - 1000);
    await Session.create({ _id: hashToken(randomToken()), userId: leaders[0]._id, expiresAt: past });
    await AccountToken.create({ _id: hashToken(randomToken()), purpose: "reset", userId: leaders[0]._id, expiresAt: past });
    await MailClaim.create({ _id: "n:old", at: new Date(Date.now() - 5 * 86_400_000) });
    const { run } = jobsOfANode();
    expect(await run("sweep-sessions")).toBe(1);
    expect(await run("sweep-account-tokens")).toBe(1);
    expect(await run("sweep-mail-claims")).toBe(1);
    // Second factor (decision 039): a sign-in left halfway.
    await PendingSignIn.create({ _id: hashToken(randomToken()), userId: String(leaders[0]._id), purpose: "verify", expiresAt: past });
    expect(await run("sweep-pending-sign-ins")).toBe(1);
  });

  // 360-degree feedback (decision 036)
  it("sweep-feedback-links removes rater links past their expiry, and only those", async () => {
    await FeedbackToken.create([
      { _id: hashToken(randomToken()), analysisId: new Types.ObjectId(), expiresAt: new Date(Date.now() - 1000) },
      { _id: hashToken(randomToken()), analysisId: new Types.ObjectId(), expiresAt: new Date(Date.now() + 86_400_000) },
    ]);
    expect(await jobsOfANode().run("sweep-feedback-links")).toBe(1);
    expect(await FeedbackToken.countDocuments({})).toBe(1);
  });

  it("mail-immediate mails a mention through the node's sender", async () => {
    const { group, leaders } = await buildGroup({ leaders: 2 });
    const [ann, bob] = leaders;
    const threadId = await buildThread(ctxFor(ann), String(group._id));
    const m = await Message.findOne({ threadId }).lean();
    await Notification.create({ _id: `${bob._id}:x`, userId: bob._id, groupId: group._id, threadId, messageId: m!._id, kind: "mention" });
    const { run, mails } = jobsOfANode();
    expect(await run("mail-immediate")).toEqual({ mailed: 1 });
    expect(mails.map((x) => x.to)).toEqual([bob.email]);
    expect(mails[0].headers?.["List-Unsubscribe"]).toMatch(/^<http:\/\/leerkring\.test\/unsubscribe\//);
  });

  // Async rounds (decision 045): the step-opened notification goes by mail with the meetings' choice.
  it("advance-async-rounds moves nothing early; a step opened is mailed to each member once", async () => {
    const { group, leaders } = await buildGroup({ leaders: 2 });
    const [inb, chair] = leaders.map((u) => ctxFor(u));
    const groupId = String(group._id);
    const { id } = await createRound(chair, {
      groupId,
      protocol: "incident",
      inbrengerId: inb.actor.id,
      caseQuestion: "Schriftelijk?",
      mode: "async",
    });
    await actOnRound(chair, { groupId, roundId: id, action: { type: "start" } });
    const { run, mails } = jobsOfANode();
    expect(await run("advance-async-rounds")).toBe(0);
    expect(await run("mail-immediate")).toEqual({ mailed: 2 });
    expect(mails.map((m) => m.to).sort()).toEqual(leaders.map((u) => u.email).sort());
    expect(mails[0].text).toContain(`http://leerkring.test/groups/${groupId}/rounds/${id}`);
    expect(await run("mail-immediate")).toEqual({ mailed: 0 });
  });
});
