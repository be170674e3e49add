import * as Y from "yjs";
import { CONTENT_FIELD } from "../collab/doc-store";
import { type ContentNode as Node, ContentReader, knownDelta } from "../collab/content";
import { type ContentLeftOut, leftAnythingOut, leftOutTexts } from "../collab/content.constants";
import { type Locale, translate } from "../i18n/i18n";

// A Tiptap document (Yjs XML fragment, StarterKit + task list node names) to Markdown and to
// print-ready HTML. Walks the Yjs tree directly; every text and attribute is escaped, and only
// http(s)/mailto links survive, so a stored document can never inject markup into the export.
// Each render takes children through one ContentReader (models/collab/content.ts): the recursion is
// at most MAX_NESTING_DEPTH deep, unknown nodes are skipped, and what was left out is counted
// (docs/decisions/021-content-bounds.md).

/** One render of a document: the reader that bounds it and the depth of the node at hand. */
type R = { reader: ContentReader };
const children = (r: R, n: Y.XmlElement | Y.XmlFragment, depth: number) => r.reader.children(n, depth);
const safeHref = (v: unknown) => (typeof v === "string" && /^(https?:|mailto:)/i.test(v) ? v : null);

const escHtml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
const escMd = (s: string) => s.replace(/([\\`*_[\]<>#|])/g, "\\$1");

function inline(r: R, n: Node, depth: number, fmt: "md" | "html"): string {
  if (!(n instanceof Y.XmlText)) {
    if (n.nodeName === "hardBreak") return fmt === "md" ? "  \n" : "<br>";
    return children(r, n, depth)
      .map((c) => inline(r, c, depth + 1, fmt))
      .join("");
  }
  return knownDelta(n)
    .map(({ insert, attributes: a = {} }) => {
      if (typeof insert !== "string") return "";
      let s = fmt === "md" ? escMd(insert) : escHtml(insert);
      if (a.code) s = fmt === "md" ? `\`${insert.replace(/`/g, "")}\`` : `<code>${s}</code>`;
      if (a.bold) s = fmt === "md" ? `**${s}**` : `<strong>${s}</strong>`;
      if (a.italic) s = fmt === "md" ? `_${s}_` : `<em>${s}</em>`;
      if (a.strike) s = fmt === "md" ? `~~${s}~~` : `<s>${s}</s>`;
      const href = safeHref((a.link as { href?: unknown } | undefined)?.href);
      if (href) s = fmt === "md" ? `[${s}](${href.replace(/[()\s]/g, encodeURIComponent)})` : `<a href="${escHtml(href)}">${s}</a>`;
      return s;
    })
    .join("");
}

const inlineOf = (r: R, n: Y.XmlElement, depth: number, fmt: "md" | "html") =>
  children(r, n, depth)
    .map((c) => inline(r, c, depth + 1, fmt))
    .join("");

/** The text of a code block (its text runs only). */
const codeOf = (r: R, n: Y.XmlElement, depth: number) =>
  children(r, n, depth)
    .map((c) => (c instanceof Y.XmlText ? c.toString() : ""))
    .join("");

function md(r: R, n: Node, depth: number, indent = ""): string[] {
  if (n instanceof Y.XmlText) return [inline(r, n, depth, "md")];
  switch (n.nodeName) {
    case "heading":
      return [`${"#".repeat(Math.min(6, Math.max(1, Number(n.getAttribute("level")) || 1)))} ${inlineOf(r, n, depth, "md")}`];
    case "paragraph":
      return [inlineOf(r, n, depth, "md")];
    case "blockquote":
      return children(r, n, depth)
        .flatMap((c) => md(r, c, depth + 1))
        .map((l) => `> ${l}`);
    case "codeBlock":
      return ["```", ...codeOf(r, n, depth).split("\n"), "```"];
    case "horizontalRule":
      return ["---"];
    case "bulletList":
    case "orderedList":
    case "taskList":
      return children(r, n, depth).flatMap((item, i) => {
        const marker =
          n.nodeName === "orderedList"
            ? `${i + 1}.`
            : n.nodeName === "taskList"
              ? `- [${(item as Y.XmlElement).getAttribute?.("checked") ? "x" : " "}]`
              : "-";
        const [first, ...rest] =
          item instanceof Y.XmlElement ? children(r, item, depth + 1).flatMap((c) => md(r, c, depth + 2, `${indent}  `)) : [];
        return [`${indent}${marker} ${first ?? ""}`, ...rest.map((l) => (l.startsWith(indent) ? l : `${indent}  ${l}`))];
      });
    default:
      return children(r, n, depth).flatMap((c) => md(r, c, depth + 1, indent));
  }
}

function html(r: R, n: Node, depth: number): string {
  if (n instanceof Y.XmlText) return inline(r, n, depth, "html");
  const inner = () =>
    children(r, n, depth)
      .map((c) => html(r, c, depth + 1))
      .join("");
  switch (n.nodeName) {
    case "heading": {
      const level = Math.min(6, Math.max(1, Number(n.getAttribute("level")) || 1));
      return `<h${level}>${inlineOf(r, n, depth, "html")}</h${level}>`;
    }
    case "paragraph":
      return `<p>${inlineOf(r, n, depth, "html")}</p>`;
    case "blockquote":
      return `<blockquote>${inner()}</blockquote>`;
    case "codeBlock":
      return `<pre><code>${escHtml(codeOf(r, n, depth))}</code></pre>`;
    case "horizontalRule":
      return "<hr>";
    case "bulletList":
      return `<ul>${inner()}</ul>`;
    case "orderedList":
      return `<ol>${inner()}</ol>`;
    case "taskList":
      return `<ul class="tasks">${inner()}</ul>`;
    case "listItem":
      return `<li>${inner()}</li>`;
    case "taskItem":
      return `<li><input type="checkbox" disabled${n.getAttribute("checked") ? " checked" : ""}> ${inner()}</li>`;
    case "hardBreak":
      return "<br>";
    default:
      return inner();
  }
}

/** The content as Markdown blocks, without a title, and what the editor's bounds left out of it. */
export function markdownOf(ydoc: Y.Doc): { body: string; left: ContentLeftOut } {
  const r: R = { reader: new ContentReader() };
  const body = r.reader
    .top(ydoc.getXmlFragment(CONTENT_FIELD))
    .map((b) => md(r, b, 1).join("\n"))
    .join("\n\n");
  return { body, left: r.reader.left };
}

/** The content as Markdown blocks, without a title. */
export const markdownBody = (ydoc: Y.Doc) => markdownOf(ydoc).body;

/** What an export says about the parts the editor's bounds left out (none: empty). */
const leftOutLines = (left: ContentLeftOut, locale: Locale) => leftOutTexts(left).map(([key, vars]) => translate(locale, key, vars));

export function toMarkdown(ydoc: Y.Doc, title: string, lang: Locale = "nl"): string {
  const { body, left } = markdownOf(ydoc);
  const parts = [`# ${escMd(title)}`, ...(body ? [body] : [])];
  if (leftAnythingOut(left))
    parts.push(
      leftOutLines(left, lang)
        .map((l) => `> ${escMd(l)}`)
        .join("\n>\n"),
    );
  return `${parts.join("\n\n")}\n`;
}

/** The content as an HTML fragment (every text escaped, only http(s)/mailto links), safe to embed in a
 *  page, and what the editor's bounds left out of it. */
export function htmlOf(ydoc: Y.Doc): { html: string; left: ContentLeftOut } {
  const r: R = { reader: new ContentReader() };
  const html_ = r.reader
    .top(ydoc.getXmlFragment(CONTENT_FIELD))
    .map((b) => html(r, b, 1))
    .join("\n");
  return { html: html_, left: r.reader.left };
}

/** The content as an HTML fragment (every text escaped, only http(s)/mailto links): safe to embed in a page. */
export const htmlBody = (ydoc: Y.Doc) => htmlOf(ydoc).html;

/** Plain text (one paragraph per line) as the same safe HTML fragment. */
export const textToHtml = (text: string) =>
  text
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => `<p>${escHtml(l)}</p>`)
    .join("\n");

export function toHtml(ydoc: Y.Doc, title: string, lang: Locale): string {
  const { html: body, left } = htmlOf(ydoc);
  const notes = leftOutLines(left, lang)
    .map((l) => `<p class="left-out">${escHtml(l)}</p>`)
    .join("\n");
  return `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><title>${escHtml(title)}</title>
<style>body{font:12pt/1.5 Georgia,serif;max-width:40rem;margin:2rem auto;color:#000}ul.tasks{list-style:none;padding-left:0}blockquote{border-left:3px solid #999;margin-left:0;padding-left:1rem}.left-out{border:1px solid #999;padding:.5rem;font-style:italic}@media print{body{margin:0}}</style>
</head><body><h1>${escHtml(title)}</h1>
${body}${notes ? `\n${notes}` : ""}
</body></html>
`;
}
