import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { Markdown, safeHref } from "./markdown";

const html = (text: string) => renderToStaticMarkup(<Markdown text={text} />);
const REL = 'rel="noopener noreferrer nofollow"';

describe("Markdown subset", () => {
  it.each([
    ["**vet**", "<strong>vet</strong>"],
    ["*schuin*", "<em>schuin</em>"],
    ["**vet en *schuin***", "<strong>vet en <em>schuin</em></strong>"],
    ["- een\n- twee", "<ul><li>een</li><li>twee</li></ul>"],
    ["regel 1\nregel 2", "<p>regel 1<br/>regel 2</p>"],
    ["alinea 1\n\nalinea 2", "<p>alinea 1</p><p>alinea 2</p>"],
    ["[site](https://example.org/a?b=1)", `<a href="https://example.org/a?b=1" ${REL} target="_blank">site</a>`],
    ["zie https://example.org/x.", `zie <a href="https://example.org/x" ${REL} target="_blank">https://example.org/x</a>.`],
    ["[mail](mailto:a@example.org)", `<a href="mailto:a@example.org" ${REL} target="_blank">mail</a>`],
  ])("%j", (text, expected) => {
    expect(html(text)).toContain(expected);
  });

  it.each([
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    '<a href="javascript:alert(1)">x</a>',
    "<svg onload=alert(1)>",
    "<iframe src=https://evil.example></iframe>",
    '<div style="background:url(javascript:alert(1))">',
  ])("renders markup as plain text: %s", (text) => {
    const out = html(text);
    expect(out).not.toMatch(/<(script|img|svg|iframe|div style)/i);
    expect(out).toContain("&lt;");
  });

  it.each([
    "[klik](javascript:alert(1))",
    "[klik](JaVaScRiPt:alert(1))",
    "[klik](data:text/html;base64,PHNjcmlwdD4=)",
    "[klik](vbscript:msgbox(1))",
    "[klik](//evil.example/x)",
    "javascript:alert(1)",
  ])("never makes an anchor of an unsafe link: %s", (text) => {
    const out = html(text);
    expect(out).not.toContain("<a");
    expect(out).not.toMatch(/href=|onmouseover=/);
  });

  it("keeps attribute-like text inert inside a safe link", () => {
    const out = html('[x" onerror="alert(1)](https://example.org)');
    expect(out).toContain(`<a href="https://example.org" ${REL}`);
    expect(out).toContain("x&quot; onerror=&quot;alert(1)");
    expect(out).not.toMatch(/<[^>]*\son\w+=/);
  });

  it("never lets a quote in a URL add an attribute", () => {
    const out = html('[klik](https://ok.example" onmouseover="alert(1)) https://ok.example"onclick="x');
    expect(out).not.toMatch(/<[^>]*\son\w+=/);
    expect(out).toContain("&quot;");
  });

  it("safeHref allows only http(s) and mailto", () => {
    expect(safeHref("https://a.example")).toBe("https://a.example");
    expect(safeHref("http://a.example/b")).toBe("http://a.example/b");
    expect(safeHref("mailto:x@y.example")).toBe("mailto:x@y.example");
    for (const bad of ["javascript:alert(1)", "ftp://x.example", "data:,x", "/relative", "https://", " javascript:x"])
      expect(safeHref(bad)).toBeNull();
  });
});
