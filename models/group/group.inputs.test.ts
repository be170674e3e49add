import { describe, expect, it } from "vitest";
import type { z } from "zod";
import {
  AcceptCharterInput,
  ChangeRoleInput,
  GroupIdInput,
  InviteMemberInput,
  MemberTargetInput,
  ProposeCharterInput,
  ProposeGuestInput,
} from "./group.inputs";

// Table: for each schema a valid value, then each field replaced by something that must be
// refused (with the issue on that field). Ids reach queries, so only 24-hex strings pass.

const ID = "0123456789abcdef01234567";
const ID2 = "76543210fedcba9876543210";
const HUGE = "a".repeat(1_000_000);

const NOT_A_STRING: [string, unknown][] = [
  ["operator $ne", { $ne: null }],
  ["operator $gt", { $gt: "" }],
  ["operator $in", { $in: [ID] }],
  ["array", [ID]],
  ["number", 42],
  ["boolean", true],
  ["null", null],
  ["undefined", undefined],
];
const BAD_ID: [string, unknown][] = [
  ...NOT_A_STRING,
  ["empty", ""],
  ["23 hex", ID.slice(1)],
  ["25 hex", `${ID}0`],
  ["24 non-hex", "zzzzzzzzzzzzzzzzzzzzzzzz"],
  ["surrounded by spaces", ` ${ID} `],
  ["extended JSON", JSON.stringify({ $oid: ID })],
  ["huge", HUGE],
];
const BAD_EMAIL: [string, unknown][] = [...NOT_A_STRING, ["empty", ""], ["no domain", "ann@"], ["huge", `${HUGE}@school.test`]];

type Row = { schema: z.ZodType; valid: Record<string, unknown>; bad: Record<string, [string, unknown][]> };

const TABLE: Record<string, Row> = {
  GroupIdInput: { schema: GroupIdInput, valid: { groupId: ID }, bad: { groupId: BAD_ID } },
  InviteMemberInput: {
    schema: InviteMemberInput,
    valid: { groupId: ID, email: "ann@school.test", role: "leader" },
    bad: {
      groupId: BAD_ID,
      email: BAD_EMAIL,
      role: [...NOT_A_STRING, ["guest (proposed, not invited)", "guest"], ["organiser", "organiser"], ["upper case", "LEADER"]],
    },
  },
  ProposeGuestInput: {
    schema: ProposeGuestInput,
    valid: { groupId: ID, email: "boss@board.test", guestKind: "supervisor" },
    bad: { groupId: BAD_ID, email: BAD_EMAIL, guestKind: [...NOT_A_STRING, ["unknown", "inspector"], ["huge", HUGE]] },
  },
  MemberTargetInput: {
    schema: MemberTargetInput,
    valid: { groupId: ID, userId: ID2 },
    bad: { groupId: BAD_ID, userId: BAD_ID },
  },
  ChangeRoleInput: {
    schema: ChangeRoleInput,
    valid: { groupId: ID, userId: ID2, role: "coach" },
    bad: { groupId: BAD_ID, userId: BAD_ID, role: [...NOT_A_STRING, ["guest", "guest"]] },
  },
  ProposeCharterInput: {
    schema: ProposeCharterInput,
    valid: { groupId: ID, text: "We keep what is said here inside the group." },
    bad: {
      groupId: BAD_ID,
      text: [...NOT_A_STRING, ["9 chars", "too short"], ["blank", " ".repeat(50)], ["20001 chars", "t".repeat(20_001)], ["huge", HUGE]],
    },
  },
  AcceptCharterInput: {
    schema: AcceptCharterInput,
    valid: { groupId: ID, version: 2 },
    bad: {
      groupId: BAD_ID,
      version: [
        ["operator $gt", { $gt: 0 }],
        ["operator $ne", { $ne: null }],
        ["array", [2]],
        ["boolean", true],
        ["null", null],
        ["undefined", undefined],
        ["zero", 0],
        ["negative", -1],
        ["fraction", 1.5],
        ["too large", 1_000_001],
        ["not a number", "two"],
        ["empty", ""],
        ["NaN", Number.NaN],
        ["Infinity", Number.POSITIVE_INFINITY],
        ["huge digit string", "9".repeat(100_000)],
      ],
    },
  },
};

describe("group inputs", () => {
  it.each(Object.entries(TABLE))("%s accepts its valid value", (_, { schema, valid }) => {
    expect(schema.safeParse(valid).success).toBe(true);
  });

  const refusals = Object.entries(TABLE).flatMap(([name, { schema, valid, bad }]) =>
    Object.entries(bad).flatMap(([field, values]) => values.map(([what, value]) => ({ name, schema, valid, field, what, value }))),
  );

  it.each(refusals)("$name refuses $field: $what", ({ schema, valid, field, value }) => {
    const r = schema.safeParse({ ...valid, [field]: value });
    expect(r.success).toBe(false);
    expect(r.error!.issues.some((i) => i.path[0] === field)).toBe(true);
  });

  it.each(Object.entries(TABLE))("%s refuses a non-object payload", (_, { schema }) => {
    for (const payload of [null, undefined, ID, 1, [], [{}]]) expect(schema.safeParse(payload).success).toBe(false);
  });

  it("a charter version from a form (a digit string) becomes a number", () => {
    expect(AcceptCharterInput.parse({ groupId: ID, version: "3" }).version).toBe(3);
  });

  it("charter text is trimmed; ids are lowercased, so one id has one room name", () => {
    const v = ProposeCharterInput.parse({ groupId: ID.toUpperCase(), text: "  We agree on this, all of us.  " });
    expect(v).toEqual({ groupId: ID.toLowerCase(), text: "We agree on this, all of us." });
  });

  it("the invited address is normalised like the login address", () => {
    expect(InviteMemberInput.parse({ groupId: ID, email: " Ann@School.Test ", role: "leader" }).email).toBe("ann@school.test");
  });
});
