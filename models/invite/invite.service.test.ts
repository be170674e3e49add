import { describe, expect, it } from "vitest";
import { buildUser } from "../../test/factories";
import { hashToken, randomToken } from "../session/session.service";
import { AccountToken } from "./invite.model";
import { sweepExpiredTokens } from "./invite.service";

describe("sweepExpiredTokens", () => {
  it("removes expired invitation and reset links, used or not, and keeps the ones still valid", async () => {
    const user = await buildUser();
    const now = new Date();
    const at = (ms: number) => new Date(now.getTime() + ms);
    const token = (purpose: "invite" | "reset", expiresAt: Date, usedAt: Date | null = null) => ({
      _id: hashToken(randomToken()),
      purpose,
      userId: user._id,
      expiresAt,
      usedAt,
    });
    const validInvite = token("invite", at(86_400_000));
    const validReset = token("reset", at(60_000));
    await AccountToken.create([
      token("invite", at(-1)),
      token("reset", at(-3_600_000)),
      token("reset", at(-60_000), at(-120_000)),
      validInvite,
      validReset,
    ]);

    expect(await sweepExpiredTokens(now)).toBe(3);
    expect((await AccountToken.find().lean()).map((t) => t._id).sort()).toEqual([validInvite._id, validReset._id].sort());
  });
});
