import { describe, expect, it } from "vitest";
import { contentDispositionOf } from "./attachment.dto";
import { detectType, safeName } from "./file-safety";

describe("file names", () => {
  it.each([
    ["../../etc/passwd.pdf", "pdf", "passwd.pdf"],
    ["C:\\Users\\an\\Beleid.PDF", "pdf", "Beleid.pdf"],
    ["ouder\u0007raad\u202e.pdf", "pdf", "ouderraad.pdf"],
    ["rapport.pdf", "docx", "rapport.pdf.docx"],
    ["foto.jpeg", "jpg", "foto.jpeg"],
    ["", "png", "bestand.png"],
    ["...verborgen.odt", "odt", "verborgen.odt"],
    [`${"é".repeat(300)}.pdf`, "pdf", `${"é".repeat(116)}.pdf`],
  ] as const)("%s as %s -> %s", (raw, ext, want) => {
    expect(safeName(raw, ext)).toBe(want);
  });

  it("Content-Disposition carries an ASCII fallback and the exact name", () => {
    expect(contentDispositionOf("attachment", 'Ouderraad "één".pdf')).toBe(
      "attachment; filename=\"Ouderraad ___n_.pdf\"; filename*=UTF-8''Ouderraad%20%22%C3%A9%C3%A9n%22.pdf",
    );
  });
});

describe("type detection", () => {
  it("takes content, not names", async () => {
    expect(await detectType(Buffer.from("%PDF-1.4\n%%EOF\n"), "x.txt")).toBe("pdf");
    expect(await detectType(Buffer.from("<!doctype html><script>1</script>"), "x.pdf")).toBeNull();
    expect(await detectType(Buffer.from("MZ\x90\x00\x03\x00\x00\x00"), "x.pdf")).toBeNull();
    // A Compound File (legacy Office) only under a legacy Office name.
    const cfb = Buffer.alloc(1024);
    Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(cfb);
    expect(await detectType(cfb, "notulen.doc")).toBe("doc");
    expect(await detectType(cfb, "setup.msi")).toBeNull();
  });
});
