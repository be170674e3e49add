// The demo's files (issue 20, the demo line): a real small PDF for a case and a photo-like JPEG of a
// whiteboard for a meeting, made here so no binary is committed. The seed uploads them through the
// attachment service, so the JPEG is re-encoded and gets its thumbnail like any upload.
import sharp from "sharp";

/** PDF text needs its ( ) \ escaped; the built-in Helvetica has no characters beyond Latin-1. */
const pdfText = (s: string) => s.replace(/[\\()]/g, (c) => `\\${c}`);

/** A valid one-page PDF (A4) with a title and lines of text in Helvetica, its cross-reference table exact. */
export function demoPdf(title: string, lines: string[]): Buffer {
  const text = [
    "BT /F1 20 Tf 56 770 Td",
    `(${pdfText(title)}) Tj`,
    "/F1 11 Tf 0 -34 Td 15 TL",
    ...lines.map((l) => `(${pdfText(l)}) '`),
    "ET",
  ].join("\n");
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
    `<< /Length ${Buffer.byteLength(text, "latin1")} >>\nstream\n${text}\nendstream`,
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
  ];
  let out = "%PDF-1.4\n";
  const offsets: number[] = [];
  for (const [i, o] of objects.entries()) {
    offsets.push(Buffer.byteLength(out, "latin1"));
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  }
  const xref = Buffer.byteLength(out, "latin1");
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const off of offsets) out += `${String(off).padStart(10, "0")} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, "latin1");
}

/** A photo-like JPEG of a whiteboard after a brainstorm: sticky notes, arrows and a circled word (shapes only, no fonts needed). */
export async function demoWhiteboard(): Promise<Buffer> {
  const notes = [
    [90, 110, "#ffe066"],
    [260, 90, "#8ce99a"],
    [430, 130, "#74c0fc"],
    [120, 300, "#ffa8a8"],
    [330, 320, "#ffe066"],
    [520, 290, "#8ce99a"],
  ] as const;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="800" height="540">
  <defs><radialGradient id="g" cx="50%" cy="40%" r="75%"><stop offset="0" stop-color="#fbfbf8"/><stop offset="1" stop-color="#d9dad4"/></radialGradient></defs>
  <rect width="800" height="540" fill="#6b5b4b"/>
  <rect x="24" y="22" width="752" height="480" rx="6" fill="url(#g)" stroke="#9aa0a6" stroke-width="6"/>
  ${notes
    .map(
      ([x, y, c], i) =>
        `<g transform="rotate(${(i % 3) - 1} ${x} ${y})"><rect x="${x}" y="${y}" width="130" height="110" fill="${c}" opacity="0.95"/>` +
        [0, 1, 2, 3]
          .map(
            (k) =>
              `<line x1="${x + 14}" y1="${y + 26 + k * 20}" x2="${x + 110 - ((k * 23) % 40)}" y2="${y + 26 + k * 20}" stroke="#333" stroke-width="3"/>`,
          )
          .join("") +
        "</g>",
    )
    .join("\n  ")}
  <path d="M225 165 C 240 150, 250 150, 258 145" stroke="#1c7ed6" stroke-width="4" fill="none"/>
  <path d="M390 150 C 410 160, 420 170, 428 180" stroke="#1c7ed6" stroke-width="4" fill="none"/>
  <ellipse cx="400" cy="460" rx="150" ry="26" stroke="#e03131" stroke-width="4" fill="none"/>
  <line x1="290" y1="460" x2="510" y2="460" stroke="#222" stroke-width="5"/>
  <rect x="620" y="470" width="90" height="16" rx="4" fill="#343a40"/>
</svg>`;
  return sharp(Buffer.from(svg)).blur(0.6).jpeg({ quality: 82 }).toBuffer();
}
