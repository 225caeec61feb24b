import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { xWeightedLength } from "./length.js";
import {
  isSentenceEnd,
  type SplitIntoThreadOptions,
  splitIntoThread,
  stripThreadSuffix,
  THREAD_SUFFIX_PATTERN,
  threadSuffix,
} from "./thread.js";

const tokens = (s: string) => s.match(/\S+/gu) ?? [];
const graphemeSegmenter = new Intl.Segmenter("id", { granularity: "grapheme" });
const graphemesOf = (s: string) => Array.from(graphemeSegmenter.segment(s), (g) => g.segment);
const contents = (parts: string[]) => parts.map(stripThreadSuffix);

function expectValidThread(text: string, parts: string[], options: SplitIntoThreadOptions = {}) {
  const max = options.maxWeighted ?? 280;
  expect(parts.length).toBeGreaterThan(0);
  for (const [i, part] of parts.entries()) {
    expect(xWeightedLength(part), `part ${i + 1}: ${JSON.stringify(part)}`).toBeLessThanOrEqual(
      max,
    );
    expect(part.trim()).toBe(part);
    expect(part).not.toBe("");
    if (parts.length > 1 && options.numbering !== false) {
      expect(part.endsWith(threadSuffix(i + 1, parts.length))).toBe(true);
    }
  }
  const bodies = parts.length > 1 && options.numbering !== false ? contents(parts) : parts;
  for (const body of bodies) expect(body.trim()).not.toBe("");
  expect(tokens(bodies.join(" "))).toEqual(tokens(text));
}

const ANNOUNCEMENT = [
  "Perpustakaan Kota Manado mengundang warga untuk mengikuti Kelas Literasi Digital pada Sabtu, 6 Desember 2025 pukul 09.00 WITA di ruang baca lantai dua.",
  "Kelas ini gratis dan terbuka untuk umum, mulai dari pelajar sampai lansia yang ingin lebih percaya diri memakai internet.",
  "Peserta akan belajar mengenali hoaks, membuat kata sandi yang kuat, dan mencari buku lewat katalog daring perpustakaan.",
  "Harap membawa ponsel pintar atau laptop sendiri, karena jumlah perangkat di perpustakaan terbatas.",
  "Tempat duduk hanya tersedia untuk 40 orang, jadi silakan mendaftar lebih dahulu di meja layanan atau lewat telepon.",
  "Pendaftaran ditutup Jumat sore!",
  "Apakah Anda punya pertanyaan?",
  "Petugas kami siap membantu setiap hari kerja dari pukul 08.00 sampai 16.00 WITA.",
].join(" ");

describe("splitIntoThread", () => {
  it("returns a short text unchanged, with no numbering", () => {
    const text = "Buku baru minggu ini: Laut Bercerita karya Leila S. Chudori. 📚";
    expect(splitIntoThread(text)).toEqual([text]);
    expect(splitIntoThread("  spasi tetap utuh  ")).toEqual(["  spasi tetap utuh  "]);
  });

  it("returns nothing for blank text", () => {
    expect(splitIntoThread("")).toEqual([]);
    expect(splitIntoThread(" \n\n ".repeat(200))).toEqual([]);
  });

  it("returns the trimmed text as one part when only surrounding whitespace made it too long", () => {
    const text = `${" ".repeat(200)}Sampai jumpa di perpustakaan!${"\n".repeat(200)}`;
    expect(splitIntoThread(text)).toEqual(["Sampai jumpa di perpustakaan!"]);
  });

  it("splits a long Indonesian announcement at sentence ends", () => {
    expect(xWeightedLength(ANNOUNCEMENT)).toBeGreaterThan(560);
    const parts = splitIntoThread(ANNOUNCEMENT);
    expect(parts.length).toBeGreaterThanOrEqual(3);
    expectValidThread(ANNOUNCEMENT, parts);
    for (const body of contents(parts)) expect(body).toMatch(/[.!?]$/u);
    // The decimal-looking times "09.00" and "16.00" never end a part.
    for (const body of contents(parts)) expect(body).not.toMatch(/\d\.$/u);
  });

  it("prefers a paragraph break over a later sentence end", () => {
    const first = "Pengumuman jadwal layanan akhir tahun untuk semua anggota perpustakaan. ".repeat(
      3,
    );
    const second = "Layanan peminjaman tetap buka seperti biasa. ".repeat(4);
    const text = `${first.trim()}\n\n${second.trim()}`;
    const parts = splitIntoThread(text);
    expectValidThread(text, parts);
    expect(stripThreadSuffix(parts[0] ?? "")).toBe(first.trim());
  });

  it("keeps a long URL near the boundary whole (it weighs 23)", () => {
    const url = `https://perpustakaan.manadokota.go.id/acara/kelas-literasi-digital?${"x".repeat(120)}`;
    for (let filler = 240; filler <= 270; filler += 3) {
      const words = "kata "
        .repeat(Math.ceil(filler / 5))
        .slice(0, filler)
        .trim();
      const text = `${words} ${url} ${"lanjutan ".repeat(30).trim()}`;
      const parts = splitIntoThread(text);
      expectValidThread(text, parts);
      expect(parts.filter((p) => p.includes(url))).toHaveLength(1);
      for (const p of parts) expect(p.includes("https://") === p.includes(url)).toBe(true);
    }
    // A URL longer than 280 characters still fits in a part, next to 250 characters of text.
    const text = `${"kata ".repeat(50).trim()} ${url} ${"lanjutan ".repeat(30).trim()}`;
    const [first] = splitIntoThread(text);
    expect(first).toContain(url);
    expect((first ?? "").length).toBeGreaterThan(280);
  });

  it("counts each emoji as 2 and never splits an emoji sequence", () => {
    const emoji = ["📚", "👨‍👩‍👧‍👦", "🇮🇩", "👍🏽", "1️⃣", "🎉"];
    const text = Array.from({ length: 120 }, (_, i) => emoji[i % emoji.length]).join(" ");
    expect(text.length).toBeGreaterThan(280 * 2);
    expect(xWeightedLength(text)).toBe(120 * 2 + 119);
    const parts = splitIntoThread(text);
    expect(parts).toHaveLength(2);
    expectValidThread(text, parts);
    for (const body of contents(parts)) {
      for (const token of tokens(body)) expect(emoji).toContain(token);
    }
    // 91 emoji of weight 2 and 90 spaces fill 272 of the 274 left beside " (9/9)".
    expect(tokens(contents(parts)[0] ?? "")).toHaveLength(91);
  });

  it("hard-cuts a run of emoji with no spaces between grapheme clusters", () => {
    const family = "👨‍👩‍👧‍👦";
    const text = family.repeat(200);
    const parts = splitIntoThread(text);
    expect(parts).toHaveLength(2);
    for (const part of parts) expect(xWeightedLength(part)).toBeLessThanOrEqual(280);
    const bodies = contents(parts);
    expect(bodies.join("")).toBe(text);
    for (const body of bodies) expect(new Set(graphemesOf(body))).toEqual(new Set([family]));
  });

  it("hard-cuts a single 400-character word at grapheme boundaries", () => {
    const word = "e\u0301📚abcdef".repeat(40);
    expect(word).toHaveLength(400);
    const parts = splitIntoThread(word);
    expect(parts.length).toBeGreaterThanOrEqual(2);
    for (const part of parts) expect(xWeightedLength(part)).toBeLessThanOrEqual(280);
    const bodies = contents(parts);
    expect(bodies.join("")).toBe(word);
    const boundaries = new Set<number>();
    let at = 0;
    for (const g of graphemesOf(word)) {
      at += g.length;
      boundaries.add(at);
    }
    let cut = 0;
    for (const body of bodies.slice(0, -1)) {
      cut += body.length;
      expect(boundaries.has(cut), `cut at ${cut}`).toBe(true);
    }

    const plain = splitIntoThread("a".repeat(400));
    expect(plain).toEqual([`${"a".repeat(274)} (1/2)`, `${"a".repeat(126)} (2/2)`]);
  });

  it("does not cut inside a URL when hard-cutting a long word that contains one", () => {
    const url = "https://perpustakaan.manadokota.go.id/katalog";
    const word = `${"z".repeat(250)}(${url})${"z".repeat(100)}`;
    const parts = splitIntoThread(word);
    for (const part of parts) expect(xWeightedLength(part)).toBeLessThanOrEqual(280);
    expect(contents(parts).join("")).toBe(word);
    expect(parts.filter((p) => p.includes(url))).toHaveLength(1);
  });

  it("widens the numbering suffix when the thread reaches 10 parts", () => {
    const options = { maxWeighted: 20 };
    // Room for two 6-letter words beside " (9/9)" (13 + 6 = 19) ...
    const nine = splitIntoThread(Array(18).fill("abcdef").join(" "), options);
    expect(nine).toHaveLength(9);
    expect(nine[8]).toBe("abcdef abcdef (9/9)");
    // ... but not beside " (10/10)" (13 + 8 = 21): ten parts would not fit, so one word each.
    const text = Array(20).fill("abcdef").join(" ");
    const twenty = splitIntoThread(text, options);
    expect(twenty).toHaveLength(20);
    expect(twenty[0]).toBe("abcdef (1/20)");
    expect(twenty[19]).toBe("abcdef (20/20)");
    expectValidThread(text, twenty, options);

    const long = Array.from({ length: 12 }, () => ANNOUNCEMENT).join("\n\n");
    const parts = splitIntoThread(long);
    expect(parts.length).toBeGreaterThanOrEqual(10);
    expectValidThread(long, parts);
  });

  it("does not split 'Jl. Sam Ratulangi No. 5' at its abbreviations", () => {
    const opening =
      "Mulai bulan depan, layanan keliling Perpustakaan Kota Manado akan singgah di sekolah-sekolah dasar setiap hari Selasa dan Kamis pagi bersama para relawan.";
    expect(xWeightedLength(opening)).toBeGreaterThan(140);
    const address = "Jl. Sam Ratulangi No. 5";
    const text = `${opening} Kantor layanan dipindahkan ke ${address} dekat taman kota dan siapa pun boleh datang membaca atau meminjam buku tanpa biaya apa pun selama jam buka yang tertera di papan pengumuman gedung baru tersebut bersama keluarga dan teman teman`;
    const parts = splitIntoThread(text);
    expectValidThread(text, parts);
    expect(stripThreadSuffix(parts[0] ?? "")).toBe(opening);
    expect(parts.filter((p) => p.includes(address))).toHaveLength(1);
    for (const body of contents(parts)) expect(body).not.toMatch(/(Jl|No)\.$/u);
  });

  it("recognises sentence ends but not abbreviations, initials or decimals", () => {
    for (const word of [
      "selesai.",
      "Manado!",
      "datang?",
      "nanti…",
      "tunggu...",
      '"selesai."',
      "(gratis.)",
    ]) {
      expect(isSentenceEnd(word), word).toBe(true);
    }
    for (const word of [
      "dll.",
      "dsb.",
      "No.",
      "Jl.",
      "Dr.",
      "H.",
      "a.n.",
      "S.Pd.",
      "3.5",
      "(dll.)",
      "kata",
    ]) {
      expect(isSentenceEnd(word), word).toBe(false);
    }
  });

  it("keeps a trailing hashtag line together in the last part", () => {
    const tags =
      "#PerpusManado #LiterasiDigital #BacaBuku #Manado #SulawesiUtara #PerpustakaanKota #GemarMembaca #LiterasiInformasi #KelasLiterasi #AyoKePerpus #Indonesia";
    const prose = Array(80).fill("buku").join(" ");
    const text = `${prose}\n${tags}`;
    const parts = splitIntoThread(text);
    expectValidThread(text, parts);
    expect(stripThreadSuffix(parts.at(-1) ?? "")).toBe(tags);
    for (const part of parts.slice(0, -1)) expect(part).not.toContain("#");

    // Inline at the end of the prose, with no sentence end nearby.
    const inline = `${Array(52).fill("buku").join(" ")} #PerpusManado #LiterasiDigital #BacaBuku`;
    const inlineParts = splitIntoThread(inline);
    expectValidThread(inline, inlineParts);
    expect(stripThreadSuffix(inlineParts.at(-1) ?? "")).toContain(
      "#PerpusManado #LiterasiDigital #BacaBuku",
    );
  });

  it("lets trailing hashtags fall where they may when they cannot fit in one part", () => {
    const tags = Array.from({ length: 30 }, (_, i) => `#LiterasiManado${i}`).join(" ");
    const text = `${ANNOUNCEMENT}\n\n${tags}`;
    const parts = splitIntoThread(text);
    expectValidThread(text, parts);
  });

  it("leaves the suffix off when numbering is disabled", () => {
    const parts = splitIntoThread(ANNOUNCEMENT, { numbering: false });
    expectValidThread(ANNOUNCEMENT, parts, { numbering: false });
    for (const part of parts) expect(part).not.toMatch(THREAD_SUFFIX_PATTERN);
  });

  it("rejects a limit too small for one character and the suffix", () => {
    expect(() => splitIntoThread("kata ".repeat(10), { maxWeighted: 6 })).toThrow(RangeError);
    expect(() => splitIntoThread("kata", { maxWeighted: 0 })).toThrow(RangeError);
  });

  it("is deterministic", () => {
    expect(splitIntoThread(ANNOUNCEMENT)).toEqual(splitIntoThread(ANNOUNCEMENT));
  });
});

describe("thread suffix", () => {
  it("formats and strips ' (i/n)'", () => {
    expect(threadSuffix(3, 12)).toBe(" (3/12)");
    expect(stripThreadSuffix("Halo (1/2) dunia (3/12)")).toBe("Halo (1/2) dunia");
    expect("x (3/12)".match(THREAD_SUFFIX_PATTERN)?.slice(1)).toEqual(["3", "12"]);
  });
});

const letters = "abcdeghijklmnoprstuwyABDKMPS".split("");
const plainWord = fc.string({ unit: fc.constantFrom(...letters), minLength: 1, maxLength: 14 });
const tokenArb = fc.oneof(
  { weight: 6, arbitrary: plainWord },
  {
    weight: 2,
    arbitrary: fc
      .tuple(plainWord, fc.constantFrom(".", "!", "?", "…", ",", ":"))
      .map(([w, p]) => w + p),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom("dll.", "No.", "Jl.", "Dr.", "H.", "3.5", "09.00", "Rp50.000"),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(plainWord, fc.string({ unit: fc.constantFrom(...letters), maxLength: 80 }))
      .map(([host, path]) => `https://${host}.go.id/${path}`),
  },
  { weight: 1, arbitrary: plainWord.map((w) => `#${w}`) },
  { weight: 1, arbitrary: plainWord.map((w) => `@${w}`) },
  {
    weight: 2,
    arbitrary: fc
      .array(fc.constantFrom("📚", "👨‍👩‍👧‍👦", "🇮🇩", "👍🏽", "1️⃣", "é", "e\u0301"), {
        minLength: 1,
        maxLength: 3,
      })
      .map((e) => e.join("")),
  },
);
const separatorArb = fc.constantFrom(" ", " ", " ", "  ", "\n", "\n\n", " \n ");
const textArb = fc
  .array(fc.tuple(tokenArb, separatorArb), { minLength: 0, maxLength: 120, size: "max" })
  .chain((pairs) =>
    fc
      .array(
        plainWord.map((w) => `#${w}`),
        { maxLength: 4 },
      )
      .map(
        (tags) =>
          pairs.map(([t, s]) => t + s).join("") + (tags.length > 0 ? `\n${tags.join(" ")}` : ""),
      ),
  );

describe("splitIntoThread properties", () => {
  it("every part fits, none is empty, and the words come back in order", () => {
    fc.assert(
      fc.property(
        textArb,
        fc.integer({ min: 60, max: 280 }),
        fc.boolean(),
        (text, maxWeighted, numbering) => {
          const options = { maxWeighted, numbering };
          const parts = splitIntoThread(text, options);
          if (text.trim() === "") {
            expect(parts).toEqual([]);
            return;
          }
          if (xWeightedLength(text) <= maxWeighted) {
            expect(parts).toEqual([text]);
            return;
          }
          expectValidThread(text, parts, options);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("with words longer than a part, every part fits and no character is lost", () => {
    const longWord = fc.string({
      unit: fc.constantFrom("a", "b", "📚", "e\u0301", "👍🏽"),
      minLength: 1,
      maxLength: 400,
      size: "max",
    });
    fc.assert(
      fc.property(
        fc.array(fc.oneof(tokenArb, longWord), { minLength: 1, maxLength: 20, size: "max" }),
        fc.integer({ min: 60, max: 280 }),
        (words, maxWeighted) => {
          const text = words.join(" ");
          const parts = splitIntoThread(text, { maxWeighted });
          for (const part of parts) {
            expect(xWeightedLength(part)).toBeLessThanOrEqual(maxWeighted);
            expect(part.trim()).not.toBe("");
          }
          const bodies = parts.length > 1 ? contents(parts) : parts;
          expect(tokens(bodies.join(" ")).join("")).toBe(tokens(text).join(""));
        },
      ),
      { numRuns: 100 },
    );
  });
});
