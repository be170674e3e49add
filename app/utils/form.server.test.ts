import { translate } from "../../models/i18n/i18n";
import { readIntent, safeNext } from "./form.server";

describe("safeNext", () => {
  it.each([
    ["/groups/1", "/groups/1"],
    ["/groups/1?x=2#h", "/groups/1?x=2#h"],
    ["/", "/"],
  ])("keeps the same-site path %s", (input, out) => expect(safeNext(input)).toBe(out));

  it.each([
    "//evil.example",
    "/\t/evil.example",
    "/\\evil.example",
    "https://evil.example",
    "javascript:alert(1)",
    "",
    "evil",
    "/%0a/x\n",
    null,
    42,
    { $ne: 1 },
  ])("turns %j into /", (input) => expect(safeNext(input)).toBe("/"));
});

describe("readIntent", () => {
  const post = (body: string, type: string, lang = "en") =>
    new Request("http://x/groups/1", { method: "POST", headers: { "Content-Type": type, Cookie: `lk_lang=${lang}` }, body });
  const refusal = async (request: Request) => {
    const thrown = await readIntent(request, ["send", "edit"]).then(
      () => null,
      (e: unknown) => e,
    );
    expect(thrown).toBeInstanceOf(Response);
    const res = thrown as Response;
    return { status: res.status, body: await res.json() };
  };

  it("reads a known intent and leaves the body for readForm", async () => {
    const request = post("intent=edit&text=x", "application/x-www-form-urlencoded");
    expect(await readIntent(request, ["send", "edit"])).toBe("edit");
    expect((await request.formData()).get("text")).toBe("x");
  });

  it.each([
    ["a JSON body", '{"intent":"send"}', "application/json"],
    ["a text body", "intent=send", "text/plain"],
    ["a broken multipart body", "--x\r\nnonsense", "multipart/form-data; boundary=y"],
    ["no intent", "text=x", "application/x-www-form-urlencoded"],
    ["another intent", "intent=drop", "application/x-www-form-urlencoded"],
  ])("answers %s with a localised 400 for the form", async (_label, body, type) => {
    expect(await refusal(post(body, type))).toEqual({
      status: 400,
      body: { ok: false, message: translate("en", "refusal.invalid_input"), fieldErrors: {} },
    });
    expect((await refusal(post(body, type, "nl"))).body.message).toBe(translate("nl", "refusal.invalid_input"));
  });
});
