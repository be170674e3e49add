import type { ReactNode } from "react";

// A small, safe markdown subset for messages: **bold**, *italic*, "- " lists, [text](url) links and
// bare http(s) URLs. Everything becomes React elements holding text: nothing a user writes is ever
// parsed as HTML (no dangerouslySetInnerHTML), and only http(s) and mailto links become anchors.

const SAFE_URL = /^(https?:\/\/[^\s<>"']+|mailto:[^\s<>"':]+@[^\s<>"']+)$/i;

/** The URL when it is an http(s) or mailto link we are willing to render, else null. */
export function safeHref(url: string): string | null {
  const u = url.trim();
  if (!SAFE_URL.test(u)) return null;
  try {
    const parsed = new URL(u);
    return ["http:", "https:", "mailto:"].includes(parsed.protocol) ? u : null;
  } catch {
    return null;
  }
}

const LINK_REL = "noopener noreferrer nofollow";

function Anchor({ href, children }: { href: string; children: ReactNode }) {
  return (
    <a href={href} rel={LINK_REL} target="_blank">
      {children}
    </a>
  );
}

// One pass over the text: the earliest of these wins, then the rest is parsed again.
const INLINE =
  /\*\*((?:[^*\n]|\*[^*\n]+\*)+?)\*\*|\*([^*\n]+?)\*|\[([^\]\n]{1,200})\]\(([^)\s]{1,2000})\)|(https?:\/\/[^\s<>"')\]]+[^\s<>"')\].,;:!?])/;

function inline(text: string, key: string, depth = 0): ReactNode[] {
  const out: ReactNode[] = [];
  let rest = text;
  let i = 0;
  while (rest) {
    const m = depth < 4 ? INLINE.exec(rest) : null;
    if (!m) {
      out.push(rest);
      break;
    }
    if (m.index > 0) out.push(rest.slice(0, m.index));
    const k = `${key}.${i++}`;
    const [whole, bold, italic, linkText, linkUrl, bare] = m;
    if (bold !== undefined) out.push(<strong key={k}>{inline(bold, k, depth + 1)}</strong>);
    else if (italic !== undefined) out.push(<em key={k}>{inline(italic, k, depth + 1)}</em>);
    else if (linkText !== undefined) {
      const href = safeHref(linkUrl);
      out.push(
        href ? (
          <Anchor key={k} href={href}>
            {inline(linkText, k, depth + 1)}
          </Anchor>
        ) : (
          whole
        ),
      );
    } else if (bare !== undefined) {
      const href = safeHref(bare);
      out.push(
        href ? (
          <Anchor key={k} href={href}>
            {bare}
          </Anchor>
        ) : (
          bare
        ),
      );
    }
    rest = rest.slice(m.index + whole.length);
  }
  return out;
}

function lines(text: string, key: string): ReactNode[] {
  return (
    text
      .split("\n")
      // biome-ignore lint/suspicious/noArrayIndexKey: the lines are split from immutable text and never reorder, so their index is their identity
      .flatMap((line, i) => (i === 0 ? inline(line, `${key}.${i}`) : [<br key={`${key}.br${i}`} />, ...inline(line, `${key}.${i}`)]))
  );
}

type Block = { kind: "p"; lines: string[] } | { kind: "ul"; items: string[] };

/** Splits a message into paragraphs (blank line) and lists (lines starting with "- " or "* "). */
function blocks(text: string): Block[] {
  const out: Block[] = [];
  for (const raw of text.replace(/\r\n?/g, "\n").split("\n")) {
    const item = /^\s*[-*]\s+(.*)$/.exec(raw);
    const last = out.at(-1);
    if (item) {
      if (last?.kind === "ul") last.items.push(item[1]);
      else out.push({ kind: "ul", items: [item[1]] });
    } else if (raw.trim() === "") {
      out.push({ kind: "p", lines: [] });
    } else if (last?.kind === "p") {
      last.lines.push(raw);
    } else {
      out.push({ kind: "p", lines: [raw] });
    }
  }
  return out.filter((b) => (b.kind === "p" ? b.lines.length > 0 : true));
}

/** A message's text as React elements. */
export function Markdown({ text }: { text: string }) {
  return (
    <div className="md">
      {blocks(text).map((b, i) =>
        b.kind === "ul" ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: the blocks are parsed from immutable text and never reorder, so their index is their identity
          <ul key={i}>
            {b.items.map((it, j) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: the items are parsed from immutable text and never reorder, so their index is their identity
              <li key={j}>{inline(it, `${i}.${j}`)}</li>
            ))}
          </ul>
        ) : (
          // biome-ignore lint/suspicious/noArrayIndexKey: the blocks are parsed from immutable text and never reorder, so their index is their identity
          <p key={i}>{lines(b.lines.join("\n"), String(i))}</p>
        ),
      )}
    </div>
  );
}
