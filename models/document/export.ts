import * as Y from "yjs";
import { CONTENT_FIELD } from "../collab/doc-store";

// A Tiptap document (Yjs XML fragment, StarterKit + task list node names) to Markdown and to
// print-ready HTML. Walks the Yjs tree directly; every text and attribute is escaped, and only
// http(s)/mailto links survive, so a stored document can never inject markup into the export.

type Node = Y.XmlElement | Y.XmlText;
type Delta = { insert: unknown; attributes?: Record<string, unknown> };

const children = (n: Y.XmlElement | Y.XmlFragment) => n.toArray() as Node[];
const safeHref = (v: unknown) => (typeof v === "string" && /^(https?:|mailto:)/i.test(v) ? v : null);

const escHtml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
const escMd = (s: string) => s.replace(/([\\`*_[\]<>#|])/g, "\\$1");

function inline(n: Node, fmt: "md" | "html"): string {
  if (!(n instanceof Y.XmlText)) {
    if (n.nodeName === "hardBreak") return fmt === "md" ? "  \n" : "<br>";
    return children(n)
      .map((c) => inline(c, fmt))
      .join("");
  }
  return (n.toDelta() as Delta[])
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

const inlineOf = (n: Y.XmlElement, fmt: "md" | "html") =>
  children(n)
    .map((c) => inline(c, fmt))
    .join("");

function md(n: Node, indent = ""): string[] {
  if (n instanceof Y.XmlText) return [inline(n, "md")];
  switch (n.nodeName) {
    case "heading":
      return [`${"#".repeat(Math.min(6, Math.max(1, Number(n.getAttribute("level")) || 1)))} ${inlineOf(n, "md")}`];
    case "paragraph":
      return [inlineOf(n, "md")];
    case "blockquote":
      return children(n)
        .flatMap((c) => md(c))
        .map((l) => `> ${l}`);
    case "codeBlock":
      return [
        "```",
        ...n
          .toArray()
          .map((c) => (c instanceof Y.XmlText ? c.toString() : ""))
          .join("")
          .split("\n"),
        "```",
      ];
    case "horizontalRule":
      return ["---"];
    case "bulletList":
    case "orderedList":
    case "taskList":
      return children(n).flatMap((item, i) => {
        const marker =
          n.nodeName === "orderedList"
            ? `${i + 1}.`
            : n.nodeName === "taskList"
              ? `- [${(item as Y.XmlElement).getAttribute?.("checked") ? "x" : " "}]`
              : "-";
        const [first, ...rest] = item instanceof Y.XmlElement ? children(item).flatMap((c) => md(c, `${indent}  `)) : [];
        return [`${indent}${marker} ${first ?? ""}`, ...rest.map((l) => (l.startsWith(indent) ? l : `${indent}  ${l}`))];
      });
    default:
      return children(n).flatMap((c) => md(c, indent));
  }
}

function html(n: Node): string {
  if (n instanceof Y.XmlText) return inline(n, "html");
  const inner = () => children(n).map(html).join("");
  switch (n.nodeName) {
    case "heading": {
      const level = Math.min(6, Math.max(1, Number(n.getAttribute("level")) || 1));
      return `<h${level}>${inlineOf(n, "html")}</h${level}>`;
    }
    case "paragraph":
      return `<p>${inlineOf(n, "html")}</p>`;
    case "blockquote":
      return `<blockquote>${inner()}</blockquote>`;
    case "codeBlock":
      return `<pre><code>${escHtml(
        n
          .toArray()
          .map((c) => (c instanceof Y.XmlText ? c.toString() : ""))
          .join(""),
      )}</code></pre>`;
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

/** The content as Markdown blocks, without a title. */
export function markdownBody(ydoc: Y.Doc): string {
  return children(ydoc.getXmlFragment(CONTENT_FIELD))
    .map((b) => md(b).join("\n"))
    .join("\n\n");
}

export function toMarkdown(ydoc: Y.Doc, title: string): string {
  const body = markdownBody(ydoc);
  const parts = [`# ${escMd(title)}`, ...(body ? [body] : [])];
  return `${parts.join("\n\n")}\n`;
}

/** The content as an HTML fragment (every text escaped, only http(s)/mailto links): safe to embed in a page. */
export function htmlBody(ydoc: Y.Doc): string {
  return children(ydoc.getXmlFragment(CONTENT_FIELD)).map(html).join("\n");
}

/** Plain text (one paragraph per line) as the same safe HTML fragment. */
export const textToHtml = (text: string) =>
  text
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => `<p>${escHtml(l)}</p>`)
    .join("\n");

export function toHtml(ydoc: Y.Doc, title: string, lang: "nl" | "en"): string {
  const body = htmlBody(ydoc);
  return `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><title>${escHtml(title)}</title>
<style>body{font:12pt/1.5 Georgia,serif;max-width:40rem;margin:2rem auto;color:#000}ul.tasks{list-style:none;padding-left:0}blockquote{border-left:3px solid #999;margin-left:0;padding-left:1rem}@media print{body{margin:0}}</style>
</head><body><h1>${escHtml(title)}</h1>
${body}
</body></html>
`;
}
