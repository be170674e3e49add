// A group that chose to continue on its own (decision 056), reached through the services as its
// members would: the report compiled, fixed and approved by all, then a majority votes to continue.
import { approveReport, compileReport, fixReport, voteEnd } from "../models/continuation/continuation.service";
import { buildGroup, ctxFor } from "./factories";

export async function continueGroup(leaders = 3) {
  const built = await buildGroup({ leaders, coaches: 1 });
  const groupId = String(built.group._id);
  const coach = built.coaches[0];
  await compileReport(ctxFor(coach), { groupId });
  const { version } = await fixReport(ctxFor(built.leaders[0]), { groupId });
  for (const who of [...built.leaders.slice(1), coach]) await approveReport(ctxFor(who), { groupId, version });
  for (const who of built.leaders.slice(0, Math.floor(leaders / 2) + 1)) await voteEnd(ctxFor(who), { groupId, choice: "continue" });
  return { ...built, groupId, coach };
}
