import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { AcceptInviteInput, ChangePasswordInput, ForgotPasswordInput, LocaleInput, LoginInput, ResetPasswordInput } from "./user.inputs";

// Every input that reaches a query or a hash comes through these schemas, from a form or a
// socket payload. Table: for each schema a valid value, then each field replaced by something
// that must be refused (with the issue on that field).

const TOKEN = "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-abcd";
const PW = "correct horse battery";

/** What a hostile or broken client may send in place of any string. */
const NOT_A_STRING: [string, unknown][] = [
  ["operator $ne", { $ne: null }],
  ["operator $gt", { $gt: "" }],
  ["operator $regex", { $regex: ".*" }],
  ["$where", { $where: "sleep(1000)" }],
  ["array", ["a@school.test"]],
  ["number", 42],
  ["boolean", true],
  ["null", null],
  ["undefined", undefined],
];
const HUGE = "a".repeat(1_000_000);

type Row = { schema: z.ZodType; valid: Record<string, unknown>; bad: Record<string, [string, unknown][]> };

const TABLE: Record<string, Row> = {
  LoginInput: {
    schema: LoginInput,
    valid: { email: "ann@school.test", password: "x" },
    bad: {
      email: [
        ...NOT_A_STRING,
        ["empty", ""],
        ["no @", "ann.school.test"],
        ["huge", `${HUGE}@school.test`],
        ["255 chars", `${"a".repeat(243)}@school.test`],
      ],
      password: [...NOT_A_STRING, ["empty", ""], ["huge", HUGE], ["201 chars", "p".repeat(201)]],
    },
  },
  ForgotPasswordInput: {
    schema: ForgotPasswordInput,
    valid: { email: "ann@school.test" },
    bad: { email: [...NOT_A_STRING, ["empty", ""], ["two addresses", "a@school.test,b@school.test"], ["huge", HUGE]] },
  },
  AcceptInviteInput: {
    schema: AcceptInviteInput,
    valid: { token: TOKEN, name: "Ann Example", password: PW, passwordConfirm: PW },
    bad: {
      token: [
        ...NOT_A_STRING,
        ["short", "abc"],
        ["101 chars", "a".repeat(101)],
        ["slash", `${TOKEN}/`],
        ["space", ` ${TOKEN}`],
        ["huge", HUGE],
      ],
      name: [...NOT_A_STRING, ["one letter", "A"], ["blank", "     "], ["81 chars", "n".repeat(81)], ["huge", HUGE]],
      password: [...NOT_A_STRING, ["9 chars", "123456789"], ["201 chars", "p".repeat(201)], ["huge", HUGE]],
      passwordConfirm: [...NOT_A_STRING, ["different", "correct horse batter"], ["huge", HUGE]],
    },
  },
  ResetPasswordInput: {
    schema: ResetPasswordInput,
    valid: { token: TOKEN, password: PW, passwordConfirm: PW },
    bad: {
      token: [...NOT_A_STRING, ["short", "abc"], ["huge", HUGE]],
      password: [...NOT_A_STRING, ["9 chars", "123456789"], ["huge", HUGE]],
      passwordConfirm: [...NOT_A_STRING, ["different", `${PW}!`]],
    },
  },
  ChangePasswordInput: {
    schema: ChangePasswordInput,
    valid: { currentPassword: "old one", password: PW, passwordConfirm: PW },
    bad: {
      currentPassword: [...NOT_A_STRING, ["empty", ""], ["huge", HUGE]],
      password: [...NOT_A_STRING, ["9 chars", "123456789"], ["huge", HUGE]],
      passwordConfirm: [...NOT_A_STRING, ["different", "something else entirely"]],
    },
  },
  LocaleInput: {
    schema: LocaleInput,
    valid: { locale: "en" },
    bad: { locale: [...NOT_A_STRING, ["unknown", "de"], ["upper case", "EN"], ["huge", HUGE]] },
  },
};

describe("user inputs", () => {
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
    for (const payload of [null, undefined, "email=a@b.test", 1, [], [{}]]) expect(schema.safeParse(payload).success).toBe(false);
  });

  it("normalises the email: trimmed and lower case", () => {
    expect(LoginInput.parse({ email: "  Ann@School.TEST ", password: "x" }).email).toBe("ann@school.test");
  });

  it("trims the name and keeps the password as typed", () => {
    const v = AcceptInviteInput.parse({ token: TOKEN, name: "  Ann  ", password: ` ${PW} `, passwordConfirm: ` ${PW} ` });
    expect(v.name).toBe("Ann");
    expect(v.password).toBe(` ${PW} `);
  });

  it("drops keys it does not know (no mass assignment)", () => {
    const v = LoginInput.parse({ email: "ann@school.test", password: "x", isOrganiser: true, $where: "1" });
    expect(Object.keys(v).sort()).toEqual(["email", "password"]);
  });
});
