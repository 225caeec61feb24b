import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { X_MAX_WEIGHTED_LENGTH, xWeightedLength } from "../channels/x/length.js";
import { systemClock } from "../shared/clock.js";
import { createRenderer, type Locale, TemplateRenderError, tidyText } from "./render.js";

const ZONE = "Asia/Makassar";

const renderer = (now = "2025-12-01T02:00:00Z", overrides: { timeZone?: string } = {}) =>
  createRenderer({
    timeZone: overrides.timeZone ?? ZONE,
    libraryName: "Perpustakaan Kota Manado",
    publicBaseUrl: "https://warta.perpustakaan-manado.example/app",
    now: () => new Date(now),
  });

const id = { locale: "id" } as const;
const en = { locale: "en" } as const;

/** Saturday 6 December 2025, 09:00 in Manado. */
const SATURDAY_9_WITA = "2025-12-06T01:00:00Z";

/** What the render throws, for asserting on its fields. */
function renderError(run: () => unknown): TemplateRenderError {
  try {
    run();
  } catch (err) {
    expect(err).toBeInstanceOf(TemplateRenderError);
    return err as TemplateRenderError;
  }
  throw new Error("expected the render to throw");
}

describe("dates and times in the library's zone", () => {
  const r = renderer();

  it("formats the STACK-NOTES example exactly", () => {
    expect(r.render("{{formatDateTime at}}", { at: SATURDAY_9_WITA }, id)).toBe(
      "Sabtu, 6 Desember 2025 pukul 09.00 WITA",
    );
  });

  it("accepts Date objects as well as ISO strings", () => {
    expect(r.render("{{formatDateTime at}}", { at: new Date(SATURDAY_9_WITA) }, id)).toBe(
      "Sabtu, 6 Desember 2025 pukul 09.00 WITA",
    );
  });

  it("says WITA in English too, with en-GB day-month order and a 24-hour clock", () => {
    expect(r.render("{{formatDateTime at}}", { at: SATURDAY_9_WITA }, en)).toBe(
      "Saturday, 6 December 2025 at 09:00 WITA",
    );
    expect(r.render("{{formatTime at}}", { at: "2025-12-06T11:30:00Z" }, en)).toBe("19:30 WITA");
  });

  it("formats a date without a zero-padded day, and a time with the Indonesian dot", () => {
    expect(r.render("{{formatDate at}} | {{formatTime at}}", { at: SATURDAY_9_WITA }, id)).toBe(
      "Sabtu, 6 Desember 2025 | 09.00 WITA",
    );
    expect(r.render("{{formatDate at}}", { at: SATURDAY_9_WITA }, en)).toBe(
      "Saturday, 6 December 2025",
    );
  });

  it("uses the local calendar day: 16:30 UTC on the 5th is already the 6th in Manado", () => {
    expect(r.render("{{formatDateTime at}}", { at: "2025-12-05T16:30:00Z" }, id)).toBe(
      "Sabtu, 6 Desember 2025 pukul 00.30 WITA",
    );
  });

  it("reads an ISO string without an offset as the library's wall clock, not the server's", () => {
    expect(r.render("{{formatDateTime at}}", { at: "2025-12-06T09:00" }, id)).toBe(
      "Sabtu, 6 Desember 2025 pukul 09.00 WITA",
    );
    expect(r.render("{{formatDate at}}", { at: "2025-12-06" }, id)).toBe("Sabtu, 6 Desember 2025");
  });

  it("names the other Indonesian zones WIB and WIT in both languages", () => {
    const jakarta = renderer(undefined, { timeZone: "Asia/Jakarta" });
    const jayapura = renderer(undefined, { timeZone: "Asia/Jayapura" });
    expect(jakarta.render("{{formatTime at}}", { at: SATURDAY_9_WITA }, id)).toBe("08.00 WIB");
    expect(jakarta.render("{{formatTime at}}", { at: SATURDAY_9_WITA }, en)).toBe("08:00 WIB");
    expect(jayapura.render("{{formatTime at}}", { at: SATURDAY_9_WITA }, en)).toBe("10:00 WIT");
  });
});

describe("relativeDay", () => {
  const at = { at: SATURDAY_9_WITA };

  it("says besok the evening before, and hari ini just after local midnight", () => {
    // 23:30 WITA on Friday 5 December.
    expect(renderer("2025-12-05T15:30:00Z").render("{{relativeDay at}}", at, id)).toBe("besok");
    // 00:30 WITA on Saturday 6 December, though UTC still says the 5th.
    expect(renderer("2025-12-05T16:30:00Z").render("{{relativeDay at}}", at, id)).toBe("hari ini");
  });

  it("says lusa two days ahead, and the date further out or in the past", () => {
    expect(renderer("2025-12-04T01:00:00Z").render("{{relativeDay at}}", at, id)).toBe("lusa");
    expect(renderer("2025-12-01T01:00:00Z").render("{{relativeDay at}}", at, id)).toBe(
      "Sabtu, 6 Desember 2025",
    );
    expect(renderer("2025-12-07T01:00:00Z").render("{{relativeDay at}}", at, id)).toBe(
      "Sabtu, 6 Desember 2025",
    );
  });

  it("speaks English: today, tomorrow, then the date", () => {
    expect(renderer("2025-12-05T16:30:00Z").render("{{relativeDay at}}", at, en)).toBe("today");
    expect(renderer("2025-12-05T15:30:00Z").render("{{relativeDay at}}", at, en)).toBe("tomorrow");
    expect(renderer("2025-12-04T01:00:00Z").render("{{relativeDay at}}", at, en)).toBe(
      "Saturday, 6 December 2025",
    );
  });

  it("can be relative to a given moment, such as when the post will be published", () => {
    const r = renderer("2025-11-20T00:00:00Z");
    const publishAt = new Date("2025-12-05T08:00:00Z");
    expect(r.render("{{relativeDay at}}", at, { locale: "id", now: publishAt })).toBe("besok");
  });
});

describe("hashtags", () => {
  const r = renderer();
  const tags = (value: unknown, extra = "") =>
    r.render(`{{hashtags tags${extra}}}`, { tags: value }, id);

  it("turns tags into hashtags, stripping spaces, hyphens and punctuation", () => {
    expect(tags(["Perpustakaan Kota Manado", "literasi", "anak-anak", "Hari Buku!"])).toBe(
      "#PerpustakaanKotaManado #literasi #anakanak #HariBuku",
    );
  });

  it("leaves out repeats ignoring case and a leading #, keeping the first spelling", () => {
    expect(tags(["Literasi", "literasi", "#literasi", "LITERASI", "dongeng"])).toBe(
      "#Literasi #dongeng",
    );
  });

  it("keeps letters beyond ASCII and underscores", () => {
    expect(tags(["kafé_buku", "Ñandú"])).toBe("#kafé_buku #Ñandú");
  });

  it("leaves out tags with no letter, which X would not link", () => {
    expect(tags(["2025", "!!!", "", null, "hut2025"])).toBe("#hut2025");
  });

  it("renders nothing for no tags", () => {
    expect(tags([])).toBe("");
    expect(tags(undefined)).toBe("");
  });

  it("takes several arguments and comma-separated text", () => {
    expect(tags(["literasi"], ' "Perpustakaan Kota Manado" "baca, buku"')).toBe(
      "#literasi #PerpustakaanKotaManado #baca #buku",
    );
  });
});

describe("truncate", () => {
  const r = renderer();
  const cut = (text: unknown, n: number) => r.render(`{{truncate text ${n}}}`, { text }, id);

  it("leaves text that fits untouched, with no ellipsis", () => {
    expect(cut("Buku baru", 9)).toBe("Buku baru");
    expect(cut("Buku baru", 50)).toBe("Buku baru");
  });

  it("cuts at a word boundary and adds … within the limit", () => {
    const text = "Anak-anak diajak menyimak dongeng rakyat Minahasa tentang Danau Tondano.";
    const out = cut(text, 30);
    expect(out).toBe("Anak-anak diajak menyimak…");
    expect([...out].length).toBeLessThanOrEqual(30);
  });

  it("keeps a word that ends exactly at the limit", () => {
    expect(cut("satu dua tiga empat", 9)).toBe("satu dua…");
  });

  it("drops a trailing comma before the ellipsis", () => {
    expect(cut("Membaca, menulis, dan berdiskusi bersama", 19)).toBe("Membaca, menulis…");
  });

  it("cuts inside a single word longer than the limit", () => {
    expect(cut("Pertanggungjawabannya", 10)).toBe("Pertanggu…");
  });

  it("counts an emoji as one character and never splits it", () => {
    expect(cut("📚📚📚📚 buku", 5)).toBe("📚📚📚📚…");
  });

  it("renders nothing for missing text", () => {
    expect(cut(undefined, 10)).toBe("");
  });
});

describe("join, formatList and link", () => {
  const r = renderer();

  it("joins a list with a separator, skipping empty items", () => {
    expect(r.render('{{join list " · "}}', { list: ["a", "", null, "b"] }, id)).toBe("a · b");
    expect(r.render("{{join list}}", { list: ["a", "b"] }, id)).toBe("a, b");
    expect(r.render("[{{join list}}]", {}, id)).toBe("[]");
  });

  it("lists names the way each language says them", () => {
    const authors = { list: ["Andrea Hirata", "Ahmad Tohari", "Leila S. Chudori"] };
    expect(r.render("{{formatList list}}", authors, id)).toBe(
      "Andrea Hirata, Ahmad Tohari, dan Leila S. Chudori",
    );
    expect(r.render("{{formatList list}}", authors, en)).toBe(
      "Andrea Hirata, Ahmad Tohari and Leila S. Chudori",
    );
  });

  it("keeps absolute URLs and resolves paths below the public base URL", () => {
    expect(r.render("{{link url}}", { url: "https://s.id/literasi?x=1&y=2" }, id)).toBe(
      "https://s.id/literasi?x=1&y=2",
    );
    expect(r.render("{{link url}}", { url: "/acara/42" }, id)).toBe(
      "https://warta.perpustakaan-manado.example/app/acara/42",
    );
    expect(r.render('{{link "acara/42"}}', {}, id)).toBe(
      "https://warta.perpustakaan-manado.example/app/acara/42",
    );
  });

  it("lets a field named like a helper be printed as a field", () => {
    expect(r.render("{{#each items}}{{link}} {{/each}}", { items: [{ link: "a" }] }, id)).toBe("a");
  });
});

describe("text output", () => {
  const r = renderer();

  it("does not HTML-escape & or quotes", () => {
    expect(
      r.render("{{title}} – {{quote}}", { title: "Buku & Kopi", quote: `"Baca" <b>'yuk'</b>` }, id),
    ).toBe(`Buku & Kopi – "Baca" <b>'yuk'</b>`);
  });

  it("collapses three or more newlines to two and trims", () => {
    expect(tidyText("\n\n  Judul  \n\n\n\n \t\nIsi\r\n\r\n\r\nAkhir \n\n")).toBe(
      "Judul\n\nIsi\n\nAkhir",
    );
  });

  it("gives templates library.name without the caller passing it", () => {
    expect(r.render("{{library.name}}", {}, id)).toBe("Perpustakaan Kota Manado");
    expect(r.render("{{library.name}}", { library: { name: "Lain" } }, id)).toBe("Lain");
  });

  it("renders a missing field as nothing (strict mode is off)", () => {
    expect(r.render("a{{event.nothing}}b", { event: {} }, id)).toBe("ab");
  });

  it("compiles a template once and reuses it", () => {
    const small = createRenderer({
      timeZone: ZONE,
      libraryName: "P",
      publicBaseUrl: "https://p.example",
      now: () => systemClock.now(),
      cacheSize: 2,
    });
    for (let i = 0; i < 5; i++) {
      expect(small.render(`{{n}}-${i % 3}`, { n: i }, id)).toBe(`${i}-${i % 3}`);
    }
  });
});

describe("errors", () => {
  const r = renderer();

  it("throws TemplateRenderError naming an unknown helper and where it is", () => {
    const err = renderError(() => r.render("Halo\n{{bukanHelper event.title}}", { event: {} }, id));
    expect(err.message).toContain('Unknown helper "bukanHelper"');
    expect(err.message).toContain("line 2, column 1");
    expect(err).toMatchObject({ helper: "bukanHelper", line: 2, column: 1 });
  });

  it("names the helper and field when a helper refuses its input", () => {
    const err = renderError(() =>
      r.render("📅 {{formatDateTime event.startsAt}}", { event: { startsAt: "besok" } }, id),
    );
    expect(err.message).toContain("formatDateTime");
    expect(err.message).toContain("event.startsAt");
    expect(err.message).toContain('"besok"');
    expect(err).toMatchObject({ helper: "formatDateTime", field: "event.startsAt", line: 1 });
  });

  it("refuses a missing date instead of printing undefined or Invalid Date", () => {
    const err = renderError(() => r.render("{{formatTime event.startsAt}}", { event: {} }, id));
    expect(err.message).toContain("undefined");
    expect(err.field).toBe("event.startsAt");
    expect(
      renderError(() => r.render("{{formatDate d}}", { d: new Date(Number.NaN) }, id)).message,
    ).toContain("invalid Date");
  });

  it("refuses a wrong number of arguments and bad lengths", () => {
    expect(
      renderError(() => r.render("{{formatDate a b}}", { a: SATURDAY_9_WITA }, id)).message,
    ).toContain("takes 1 argument, got 2");
    expect(renderError(() => r.render('{{truncate t "lima"}}', { t: "x" }, id)).helper).toBe(
      "truncate",
    );
    expect(renderError(() => r.render("{{join list}}", { list: { a: 1 } }, id)).message).toContain(
      "expected a list",
    );
    expect(renderError(() => r.render("{{link u}}", { u: "http://[::1" }, id)).helper).toBe("link");
  });

  it("reports a syntax error with its line and column", () => {
    const err = renderError(() => r.render("Halo\n{{#if x}}tanpa penutup", { x: 1 }, id));
    expect(err.message).toMatch(/^Template does not compile: line \d+, column \d+/);
    expect(err.line).toBeTypeOf("number");
  });

  it("reports Handlebars' own runtime errors, with no crash", () => {
    const err = renderError(() => r.render("{{#each}}x{{/each}}", {}, id));
    expect(err.message).toContain("Template could not be rendered");
  });

  it("refuses an unknown locale and a context that is not an object", () => {
    expect(renderError(() => r.render("x", {}, { locale: "fr" as Locale })).message).toContain(
      "Unknown locale",
    );
    expect(renderError(() => r.render("x", null as unknown as object, id)).message).toContain(
      "must be an object",
    );
  });

  it("keeps working after a failed render", () => {
    renderError(() => r.render("{{nope x}}", { x: 1 }, id));
    expect(r.render("{{formatTime at}}", { at: SATURDAY_9_WITA }, id)).toBe("09.00 WITA");
  });
});

describe("the shipped post templates", () => {
  const root = path.join("templates", "posts");
  const shipped = (locale: Locale) =>
    readdirSync(path.join(root, locale))
      .filter((file) => file.endsWith(".hbs"))
      .map((file) => file.slice(0, -".hbs".length))
      .sort();
  const source = (locale: Locale, name: string) =>
    readFileSync(path.join(root, locale, `${name}.hbs`), "utf8");

  // Rendered a day before the session, as the reminder would be.
  const r = renderer("2025-12-05T08:00:00Z");

  /** A literacy session as the planner passes it: the event row, Dates and all. */
  const session = {
    id: "0b5c7d1e-7c52-4c43-9a43-6f0f6d9f2a11",
    kind: "literacy_session",
    title: "Kelas Literasi Digital Lansia: Cek Fakta & Hoaks",
    summary: "Belajar mengenali hoaks dan pesan berantai di WhatsApp bersama pustakawan.",
    description: null,
    startsAt: new Date(SATURDAY_9_WITA),
    endsAt: new Date("2025-12-06T03:00:00Z"),
    allDay: false,
    location: "Pojok Literasi Digital",
    audience: "seniors",
    capacity: 20,
    registrationRequired: true,
    registrationUrl: "https://s.id/literasi-lansia",
    tags: ["literasidigital", "lansia", "cekfakta", "literasidigital"],
    status: "scheduled",
    facilitator: "Tim Literasi Digital Perpustakaan",
    topic: "Mengenali hoaks dan pesan berantai di WhatsApp",
    targetGroup: "Warga lanjut usia (60 tahun ke atas)",
  };
  /** An event with every optional field empty. */
  const bare = {
    ...session,
    summary: null,
    location: null,
    capacity: null,
    registrationRequired: false,
    registrationUrl: null,
    tags: [],
    facilitator: null,
    topic: null,
    targetGroup: null,
  };
  const book = {
    title: "Laut Bercerita",
    authors: ["Leila S. Chudori"],
    callNumber: "899.221 3 CHU l",
    summary:
      "Kisah Biru Laut dan kawan-kawannya, aktivis mahasiswa yang hilang pada akhir 1990-an, diceritakan dari sudut pandang mereka yang hilang dan keluarga yang menunggu dengan sabar bertahun-tahun lamanya tanpa kepastian.",
  };
  const contexts = [
    { label: "a full context", event: session, book },
    { label: "optional fields empty", event: bare, book: { title: "Ronggeng Dukuh Paruk" } },
  ];

  const cases = (["id", "en"] as const).flatMap((locale) =>
    shipped(locale).flatMap((name) =>
      contexts.map(({ label, event, book }) => ({ locale, name, label, event, book })),
    ),
  );

  it("ships the same templates in both languages, including the new ones", () => {
    expect(shipped("id")).toEqual(shipped("en"));
    expect(shipped("id")).toEqual(
      expect.arrayContaining(["registration-open", "event-cancelled", "event-announcement"]),
    );
  });

  it.each(cases)(
    "$locale/$name renders with $label, tidy and complete",
    ({ locale, name, event, book }) => {
      const books = [book, { title: "Bumi Manusia", authors: ["Pramoedya Ananta Toer"] }];
      const out = r.render(source(locale, name), { event, book, books }, { locale });
      expect(out).not.toMatch(/undefined|null|NaN|Invalid Date|\[object /);
      expect(out).not.toMatch(/\n{3,}/);
      expect(out).not.toMatch(/[ \t]$/m);
      expect(out).toBe(out.trim());
      expect(out).not.toMatch(/\{\{|\}\}/);
      expect(out.length).toBeGreaterThan(10);
    },
  );

  it("announces a session in natural Indonesian", () => {
    expect(r.render(source("id", "event-announcement"), { event: session }, id)).toBe(
      [
        "📅 Kelas Literasi Digital Lansia: Cek Fakta & Hoaks",
        "Sabtu, 6 Desember 2025 pukul 09.00 WITA · Pojok Literasi Digital",
        "",
        "Belajar mengenali hoaks dan pesan berantai di WhatsApp bersama pustakawan.",
        "",
        "Peserta wajib mendaftar: https://s.id/literasi-lansia",
        "",
        "#literasidigital #lansia #cekfakta",
      ].join("\n"),
    );
  });

  it("leaves no gaps where optional sections are empty", () => {
    expect(r.render(source("id", "event-announcement"), { event: bare }, id)).toBe(
      [
        "📅 Kelas Literasi Digital Lansia: Cek Fakta & Hoaks",
        "Sabtu, 6 Desember 2025 pukul 09.00 WITA",
      ].join("\n"),
    );
    expect(r.render(source("id", "registration-open"), { event: bare }, id)).toBe(
      [
        "📝 Pendaftaran dibuka: Kelas Literasi Digital Lansia: Cek Fakta & Hoaks",
        "Sabtu, 6 Desember 2025 pukul 09.00 WITA",
        "",
        "Daftar langsung di meja layanan perpustakaan, ya!",
      ].join("\n"),
    );
  });

  it("opens registration with who it is for, the quota and where to sign up", () => {
    expect(r.render(source("id", "registration-open"), { event: session }, id)).toBe(
      [
        "📝 Pendaftaran dibuka: Kelas Literasi Digital Lansia: Cek Fakta & Hoaks",
        "Sabtu, 6 Desember 2025 pukul 09.00 WITA · Pojok Literasi Digital",
        "Peserta: Warga lanjut usia (60 tahun ke atas), kuota 20 orang",
        "",
        "Daftar sekarang: https://s.id/literasi-lansia",
        "",
        "#literasidigital #lansia #cekfakta",
      ].join("\n"),
    );
  });

  it("apologises briefly for a cancelled event", () => {
    const out = r.render(source("id", "event-cancelled"), { event: session }, id);
    expect(out).toContain("Dibatalkan: Kelas Literasi Digital Lansia: Cek Fakta & Hoaks");
    expect(out).toContain("Mohon maaf");
    const english = r.render(source("en", "event-cancelled"), { event: session }, en);
    expect(english).toContain("Saturday, 6 December 2025 at 09:00 WITA");
    expect(english).toContain("sorry");
  });

  it("keeps the short posts within one X post", () => {
    for (const locale of ["id", "en"] as const) {
      for (const name of [
        "event-reminder",
        "event-today",
        "registration-open",
        "event-cancelled",
      ]) {
        const out = r.render(source(locale, name), { event: session }, { locale });
        expect(xWeightedLength(out), `${locale}/${name}`).toBeLessThanOrEqual(
          X_MAX_WEIGHTED_LENGTH,
        );
      }
    }
  });

  it("lists a book's authors and truncates its summary", () => {
    const out = r.render(source("id", "acquisition-featured"), { book }, id);
    expect(out.split("\n")[0]).toBe("✨ Koleksi pilihan: Laut Bercerita karya Leila S. Chudori");
    expect(out).toMatch(/…\n\nNomor panggil: 899\.221 3 CHU l$/);
  });
});
