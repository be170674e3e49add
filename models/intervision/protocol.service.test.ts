import { describe, expect, it } from "vitest";
import { buildGroup, buildUser, ctxFor } from "../../test/factories";
import { listProtocols } from "./protocol.service";

describe("listProtocols", () => {
  it("gives a member the nine built-in protocols, an outsider not_found, the organiser forbidden", async () => {
    const { group, leaders, organiser } = await buildGroup({ leaders: 1 });
    const groupId = String(group._id);
    const list = await listProtocols(ctxFor(leaders[0]), groupId);
    expect(list.map((p) => p.id)).toContain("troika");
    expect(list).toHaveLength(9);
    await expect(listProtocols(ctxFor(await buildUser()), groupId)).rejects.toMatchObject({ code: "not_found" });
    await expect(listProtocols(ctxFor(leaders[0]), "000000000000000000000000")).rejects.toMatchObject({ code: "not_found" });
    await expect(listProtocols(ctxFor(organiser), groupId)).rejects.toMatchObject({ code: "forbidden" });
  });
});
