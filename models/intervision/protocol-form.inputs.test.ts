import { describe, expect, it } from "vitest";
import { applyOp, checkDraft, draftFromFields, fieldsFromProtocol, ProtocolEditForm } from "./protocol-form.inputs";
import type { Protocol } from "./protocol.inputs";
import { builtInProtocols } from "./protocols/index";

/** A protocol with its role and artefact lists in one order (the form lists them in the vocabulary's order). */
const sorted = (p: Protocol) => ({
  ...p,
  roles: [...p.roles].sort((a, b) => a.role.localeCompare(b.role)),
  phases: p.phases.map((ph) => ({
    ...ph,
    speakers: [...ph.speakers].sort(),
    writers: [...ph.writers].sort(),
    artefacts: [...ph.artefacts].sort(),
  })),
});

describe("the protocol editor's form", () => {
  it("holds every built-in protocol: fields -> draft -> the same protocol", () => {
    for (const p of builtInProtocols()) {
      const back = checkDraft(draftFromFields(fieldsFromProtocol(p)));
      expect(back.ok && sorted(back.protocol), p.id).toEqual(sorted(p));
    }
  });

  it("adds, removes and moves phases, never past the ends", () => {
    const p = builtInProtocols()[0];
    const ids = (d: typeof p) => d.phases.map((x) => x.id);
    expect(ids(applyOp(p, "up:1")).slice(0, 2)).toEqual([p.phases[1].id, p.phases[0].id]);
    expect(ids(applyOp(p, "up:0"))).toEqual(ids(p));
    expect(ids(applyOp(p, `down:${p.phases.length - 1}`))).toEqual(ids(p));
    expect(ids(applyOp(p, "remove:2"))).toEqual(ids(p).filter((_, i) => i !== 2));
    const added = applyOp(p, "add");
    expect(added.phases).toHaveLength(p.phases.length + 1);
    // A new phase needs its instruction written: the schema says so at that field.
    expect(checkDraft(added)).toMatchObject({
      ok: false,
      errors: { [`phases.${p.phases.length}.instruction.nl`]: "protocol_text_missing" },
    });
  });

  it("reports the schema's rules per field, in the catalogue's codes", () => {
    const f = fieldsFromProtocol(builtInProtocols()[0]);
    f["phases.3.timer.minutes"] = "0";
    f["phases.2.writers.member"] = "on"; // an oral phase: members do not type
    f["phases.4.reveals"] = "what_i_did"; // a second revealing phase (the eighth already reveals)
    f["name.en"] = " ";
    const r = checkDraft(draftFromFields(f));
    expect(r).toMatchObject({
      ok: false,
      errors: {
        "phases.3.timer.minutes": "protocol_timer_range",
        "phases.2.writers": "protocol_oral_writers",
        "phases.8.reveals": "protocol_reveal_twice",
        "name.en": "protocol_text_missing",
      },
    });
  });

  it("refuses a form without a known button or with a malformed loop", () => {
    const f = {
      ...fieldsFromProtocol(builtInProtocols()[0]),
      protocolId: "",
      baseVersion: "0",
      "basedOn.id": "incident",
      "basedOn.version": "1",
    };
    expect(ProtocolEditForm.safeParse({ ...f, op: "save" }).success).toBe(true);
    expect(ProtocolEditForm.safeParse({ ...f, op: "drop:1" }).success).toBe(false);
    expect(ProtocolEditForm.safeParse({ ...f, op: "save", baseVersion: "-1" }).success).toBe(false);
    const broken = checkDraft(draftFromFields({ ...f, "phases.1.structure": "{not json" }));
    expect(broken.ok).toBe(false);
  });
});
