import { AccountToken } from "./invite.model";

/** Removes every invitation and reset link that expired before `now`, used or not (the background sweep). Returns how many. */
export async function sweepExpiredTokens(now = new Date()): Promise<number> {
  const { deletedCount } = await AccountToken.deleteMany({ expiresAt: { $lt: now } });
  return deletedCount;
}
