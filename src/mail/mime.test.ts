import { simpleParser } from "mailparser";
import { describe, expect, it } from "vitest";
import { buildMime } from "./mime.js";

describe("the MIME message Warta builds", () => {
  it("reads back in a real mail parser: headers, both parts, non-ASCII text", async () => {
    const subject =
      "Kabar Perpustakaan — Desember 2026: Lomba Bercerita Anak 📚 dan buku-buku baru yang menarik";
    const raw = buildMime(
      {
        to: "ani@example.org",
        subject,
        text: "Halo Ani,\n\nAcara minggu ini: Bedah Buku «Bumi Manusia».\nSampai jumpa!",
        html: "<p>Halo Ani, <b>é ü 📚</b></p>",
        messageId: "<abc-123@perpustakaan.example>",
        headers: {
          "List-Id": "Perpustakaan Kota Manado <newsletter.perpustakaan.example>",
          "List-Unsubscribe": `<https://perpustakaan.example/unsubscribe/${"x".repeat(45)}>, <mailto:unsubscribe@perpustakaan.example?subject=unsubscribe%20${"x".repeat(45)}>`,
          "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
      },
      '"Perpustakaan Kota Manado — Warta" <warta@perpustakaan.example>',
      new Date("2026-12-01T01:00:00Z"),
    );
    expect(raw.split("\r\n").every((line) => line.length <= 998)).toBe(true);
    const headerLines = raw.slice(0, raw.indexOf("\r\n\r\n")).split("\r\n");
    // Folded at spaces: a line runs past 78 only where it has no space to fold at.
    expect(
      headerLines.filter((line) => line.length > 78 && line.trimStart().includes(" ")),
    ).toEqual([]);
    expect(raw).not.toMatch(/[^\r]\n/);
    const mail = await simpleParser(raw);
    expect(mail.subject).toBe(subject);
    expect(mail.from?.value[0]).toEqual({
      name: "Perpustakaan Kota Manado — Warta",
      address: "warta@perpustakaan.example",
    });
    expect(mail.messageId).toBe("<abc-123@perpustakaan.example>");
    expect(mail.date?.toISOString()).toBe("2026-12-01T01:00:00.000Z");
    expect(mail.text?.replace(/\r\n/g, "\n").trim()).toBe(
      "Halo Ani,\n\nAcara minggu ini: Bedah Buku «Bumi Manusia».\nSampai jumpa!",
    );
    expect(mail.html).toContain("<b>é ü 📚</b>");
    expect(raw).toMatch(/^Content-Type: multipart\/alternative;\s+boundary=/m);
    const list = mail.headers.get("list") as {
      unsubscribe?: { url?: string; mail?: string };
      id?: { id?: string };
    };
    expect(list.unsubscribe?.url).toBe(
      `https://perpustakaan.example/unsubscribe/${"x".repeat(45)}`,
    );
    expect(list.unsubscribe?.mail).toBe(
      `unsubscribe@perpustakaan.example?subject=unsubscribe%20${"x".repeat(45)}`,
    );
    expect(list.id?.id).toBe("newsletter.perpustakaan.example");
    expect(raw).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r$/m);
  });

  it("encodes any text quoted-printable so it reads back exactly, in lines of at most 76", async () => {
    const text = [
      "Rumus: a = b + c, dan 100% = 1",
      "Baris dengan spasi di akhir   ",
      "\tTab di awal dan di akhir\t",
      `Satu baris yang sangat panjang: ${"kata-kata perpustakaan ".repeat(12)}selesai.`,
      ".Titik di awal baris",
      "Aksara: é ü — «Bumi Manusia» 📚 ".repeat(4),
      "",
      "=3D bukan escape",
      `https://perpustakaan.example/preferences/${"a1_-".repeat(40)}`,
      "b".repeat(75),
      "c".repeat(76),
    ].join("\n");
    const raw = buildMime(
      {
        to: "ani@example.org",
        subject: "QP",
        text,
        html: `<p>${text}</p>`,
        messageId: "<q@x.example>",
      },
      "warta@perpustakaan.example",
      new Date("2026-12-01T01:00:00Z"),
    );
    expect(raw.split("\r\n").every((line) => line.length <= 76)).toBe(true);
    const mail = await simpleParser(raw);
    expect(mail.text?.replace(/\r\n/g, "\n")).toBe(text);
    expect(mail.html).toBe(`<p>${text}</p>`);
  });
});
