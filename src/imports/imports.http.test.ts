import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import {
  bumiManusia,
  marcFile,
  miserablesMarc8,
  miserablesUtf8,
  utf8Record,
} from "../../test/fixtures/imports/catalogue.js";
import { marcXmlCollection, marcXmlRecord } from "../../test/fixtures/imports/marc-writer.js";
import { createTestApp, expectJson, type TestApp } from "../../test/support/app.js";
import { isbn13CheckDigit } from "../acquisitions/isbn.js";
import { BATCH_SIZE } from "./pipeline.js";

const fixtures = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "../../test/fixtures/imports",
);
const slimsCsv = readFileSync(path.join(fixtures, "slims-export.csv"));

function upload(
  t: TestApp,
  body: Buffer | string,
  query: string,
  options: { as?: "viewer" | "editor"; contentType?: string } = {},
) {
  return t.app.request(`/api/imports/acquisitions?${query}`, {
    method: "POST",
    headers: {
      authorization: `Bearer ${t.tokens[options.as ?? "editor"]}`,
      "content-type": options.contentType ?? "application/octet-stream",
    },
    body,
  });
}

async function acquisitions(t: TestApp) {
  const page = await expectJson(t.request("GET", "/api/acquisitions?limit=200"), 200);
  return page.items as Record<string, unknown>[];
}

const byTitle = (items: Record<string, unknown>[], title: string) => {
  const found = items.find((item) => item.title === title);
  if (!found)
    throw new Error(`no acquisition titled ${title}: ${items.map((i) => i.title).join(", ")}`);
  return found;
};

describe("POST /api/imports/acquisitions with MARC", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ now: "2026-12-01T17:30:00Z" });
  });

  it("imports a MARC file field by field, and importing it again changes nothing", async () => {
    const file = marcFile(utf8Record(bumiManusia), utf8Record(miserablesUtf8));
    const first = await expectJson(upload(t, file, "format=marc&source=Katalog%20Utama"), 200);
    expect(first).toMatchObject({
      format: "marc",
      records: 2,
      created: 2,
      updated: 0,
      rejectedCount: 0,
      applied: true,
    });
    expect(first.source.name).toBe("Katalog Utama");

    const again = await expectJson(upload(t, file, "source=Katalog%20Utama"), 200);
    expect(again).toMatchObject({ format: "marc", created: 0, updated: 0, unchanged: 2 });
    const items = await acquisitions(t);
    expect(items).toHaveLength(2);

    const bumi = byTitle(items, "Bumi manusia: sebuah roman");
    expect(bumi).toMatchObject({
      isbn: "9786020324784",
      authors: ["Pramoedya Ananta Toer", "Max Lane"],
      publisher: "Lentera Dipantara",
      year: 2019,
      language: "id",
      subjects: ["Fiksi Indonesia", "Indonesian fiction -- 20th century"],
      callNumber: "899.2213",
      coverUrl: "https://covers.openlibrary.org/b/isbn/9786020324784-L.jpg",
      summary: "Kisah Minke, pemuda pribumi di akhir abad ke-19.",
      acquiredOn: "2024-01-15",
      featured: false,
      source: { id: first.source.id, recordId: "INLIS000123" },
    });
    // No acquisition date in the record: the import date in Makassar (already 2 December there).
    expect(byTitle(items, "Les misérables")).toMatchObject({
      language: "fr",
      authors: ["Victor Hugo"],
      acquiredOn: "2026-12-02",
    });
  });

  it("finds the same records in MARCXML and in MARC-8 binary: nothing new, nothing changed", async () => {
    const xml = marcXmlCollection([marcXmlRecord(bumiManusia), marcXmlRecord(miserablesUtf8)]);
    const fromXml = await expectJson(
      upload(t, xml, "source=Katalog%20Utama", { contentType: "application/marcxml+xml" }),
      200,
    );
    expect(fromXml).toMatchObject({ format: "marcxml", created: 0, updated: 0, unchanged: 2 });
    const marc8 = await expectJson(
      upload(t, utf8RecordAsMarc8(), "format=marc&source=Katalog%20Utama"),
      200,
    );
    expect(marc8).toMatchObject({ created: 0, updated: 0, unchanged: 1 });
    expect(await acquisitions(t)).toHaveLength(2);
  });

  it("links an acquisition a librarian typed in by ISBN, keeping what the record leaves empty", async () => {
    const typed = await expectJson(
      t.request("POST", "/api/acquisitions", {
        as: "editor",
        body: {
          isbn: "0-14-044430-0",
          title: "The Odyssey (judul sementara)",
          summary: "Ditulis oleh pustakawan",
          acquiredOn: "2026-11-20",
          featured: true,
        },
      }),
      201,
    );
    const odyssey = utf8Record([
      { tag: "001", value: "EN-0001" },
      { tag: "020", subfields: [["a", "0140444300"]] },
      { tag: "100", ind1: "0", subfields: [["a", "Homer."]] },
      { tag: "245", ind1: "1", ind2: "4", subfields: [["a", "The Odyssey /"]] },
      { tag: "041", subfields: [["a", "eng"]] },
    ]);
    const result = await expectJson(upload(t, odyssey, "format=marc&source=Katalog%20Utama"), 200);
    expect(result).toMatchObject({ created: 0, updated: 1 });
    const after = await expectJson(t.request("GET", `/api/acquisitions/${typed.id}`), 200);
    expect(after).toMatchObject({
      title: "The Odyssey",
      authors: ["Homer"],
      language: "en",
      summary: "Ditulis oleh pustakawan",
      featured: true,
      acquiredOn: "2026-11-20",
      version: 2,
      source: { id: result.source.id, recordId: "EN-0001" },
    });
    const audit = await expectJson(
      t.request("GET", `/api/audit?entityType=acquisition&entityId=${typed.id}`),
      200,
    );
    expect(audit.items[0]).toMatchObject({
      action: "import",
      after: { change: "updated", recordId: "EN-0001" },
    });
  });

  it("refuses a truncated file whole by default, and imports its complete records with good_rows", async () => {
    const other = (id: string, title: string) =>
      utf8Record([
        { tag: "001", value: id },
        { tag: "245", subfields: [["a", title]] },
      ]);
    const whole = marcFile(other("T-1", "Satu"), other("T-2", "Dua"), other("T-3", "Tiga"));
    const truncated = whole.subarray(0, whole.length - 10);
    const refused = await expectJson(upload(t, truncated, "format=marc&source=Potongan"), 422);
    expect(refused.error.code).toBe("content_problems");
    expect(refused.error.details).toMatchObject({
      records: 3,
      applied: false,
      rejected: [{ record: 3, code: "truncated" }],
    });
    expect(await acquisitions(t)).toHaveLength(3);

    const good = await expectJson(
      upload(t, truncated, "format=marc&source=Potongan&mode=good_rows"),
      200,
    );
    expect(good).toMatchObject({ created: 2, rejectedCount: 1, applied: true });
    expect(await acquisitions(t)).toHaveLength(5);
  });

  it("answers 400 for binary junk and for an XML bomb, and changes nothing", async () => {
    const before = await acquisitions(t);
    const junk = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 131 + 7) % 256));
    const junkAnswer = await expectJson(upload(t, junk, "format=marc"), 400);
    expect(junkAnswer.error.message).toMatch(/The file cannot be imported: not a MARC 21/);
    const bomb = `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><collection><record><leader>00000nam a2200000 i 4500</leader><datafield tag="245"><subfield code="a">&b;</subfield></datafield></record></collection>`;
    const bombAnswer = await expectJson(
      upload(t, bomb, "", { contentType: "application/xml" }),
      400,
    );
    expect(bombAnswer.error.message).toMatch(/DOCTYPE/);
    const junkCsv = await expectJson(upload(t, junk, "format=csv"), 400);
    expect(junkCsv.error.message).toMatch(/not UTF-8 text/);
    expect(await acquisitions(t)).toEqual(before);
  });

  it("needs the editor role", async () => {
    const answer = await expectJson(
      upload(t, utf8Record(bumiManusia), "format=marc", { as: "viewer" }),
      403,
    );
    expect(answer.error.code).toBe("forbidden");
  });
});

describe("POST /api/imports/acquisitions with a file of several batches", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });

  const isbnOf = (n: number) => {
    const core = `97860${String(n).padStart(7, "0")}`;
    return core + isbn13CheckDigit(core);
  };
  const book = (id: string, n: number) =>
    utf8Record([
      { tag: "001", value: id },
      { tag: "020", subfields: [["a", isbnOf(n)]] },
      { tag: "245", subfields: [["a", `Buku nomor ${n}`]] },
    ]);
  const count = 2 * BATCH_SIZE + 50;
  const books = Array.from({ length: count }, (_, i) => book(`B-${i + 1}`, i + 1));

  it("writes every batch, refuses a duplicate of a record from an earlier batch, and audits each batch on its source", async () => {
    // The last record repeats the third one's ISBN under another record id.
    const file = marcFile(...books, book("B-DUP", 3));
    const summary = await expectJson(upload(t, file, "mode=good_rows&source=Besar"), 200);
    expect(summary).toMatchObject({
      records: count + 1,
      valid: count,
      created: count,
      rejectedCount: 1,
      applied: true,
    });
    expect(summary.rejected).toEqual([
      {
        record: count + 1,
        recordId: "B-DUP",
        code: "duplicate_in_file",
        reason: `has the same ISBN ${isbnOf(3)} as record 3`,
      },
    ]);

    const audit = await expectJson(
      t.request("GET", `/api/audit?entityType=source&entityId=${summary.source.id}&limit=100`),
      200,
    );
    const imports = audit.items.filter((item: { action: string }) => item.action === "import");
    expect(imports.map((item: { after: { created: number } }) => item.after.created)).toEqual([
      50,
      BATCH_SIZE,
      BATCH_SIZE,
    ]);
    const ids = imports.flatMap(
      (item: { after: { acquisitionIds: string[] } }) => item.after.acquisitionIds,
    );
    expect(new Set(ids).size).toBe(count);
    expect(imports[0].after.source).toEqual({ id: summary.source.id, name: "Besar" });

    const again = await expectJson(upload(t, marcFile(...books), "source=Besar"), 200);
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: count, applied: true });
    const after = await expectJson(
      t.request("GET", `/api/audit?entityType=source&entityId=${summary.source.id}&limit=100`),
      200,
    );
    expect(after.items).toHaveLength(audit.items.length);
  });
});

/** The French record again, MARC-8 encoded (leader/09 blank). */
const utf8RecordAsMarc8 = () => {
  const record = utf8Record(miserablesMarc8);
  record.write(" ", 9, "latin1");
  return record;
};

describe("POST /api/imports/acquisitions with SLiMS CSV", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });

  const expectedProblems = [
    {
      line: 3,
      code: "bad_isbn",
      reason: 'ISBN "9786020324785" has a wrong check digit (5; it should be 4)',
    },
    { line: 6, code: "missing_title", reason: "has no title" },
    { line: 7, code: "bad_year", reason: 'year "tahun 20xx" has no year between 1450 and 2200' },
    {
      line: 8,
      code: "duplicate_in_file",
      recordId: "isbn:9789799655318",
      reason: "has the same ISBN 9789799655318 as line 2",
    },
  ];

  it("a dry run lists every bad row with its line number and reason, and writes nothing", async () => {
    const summary = await expectJson(
      upload(t, slimsCsv, "dryRun=true", { contentType: "text/csv" }),
      200,
    );
    expect(summary).toMatchObject({
      format: "csv",
      dryRun: true,
      records: 7,
      valid: 3,
      rejectedCount: 4,
    });
    expect(summary.rejected).toEqual(expectedProblems);
    expect(await acquisitions(t)).toEqual([]);
  });

  it("all_or_nothing refuses the file with the same list; good_rows imports the good rows", async () => {
    const refused = await expectJson(upload(t, slimsCsv, "mode=all_or_nothing"), 422);
    expect(refused.error.details.rejected).toEqual(expectedProblems);
    expect(await acquisitions(t)).toEqual([]);

    const imported = await expectJson(
      upload(t, slimsCsv, "mode=good_rows&source=SLiMS%20Manado"),
      200,
    );
    expect(imported).toMatchObject({ records: 7, created: 3, rejectedCount: 4, applied: true });
    const items = await acquisitions(t);
    expect(items).toHaveLength(3);
    expect(byTitle(items, "Laskar Pelangi")).toMatchObject({
      isbn: "9789799655318",
      authors: ["Hirata, Andrea"],
      publisher: "Bentang Pustaka",
      year: 2005,
      language: "id",
      subjects: ["Fiksi Indonesia", "Novel"],
      callNumber: "899.221 3 HIR l",
      coverUrl: "https://covers.openlibrary.org/b/isbn/9789799655318-L.jpg",
      acquiredOn: "2026-12-01",
      source: { id: imported.source.id, recordId: "isbn:9789799655318" },
    });
    expect(byTitle(items, "Sejarah Minahasa")).toMatchObject({
      isbn: null,
      coverUrl: null,
      year: 2021,
      summary: "Baris satu\nbaris dua",
      subjects: ["Sejarah", "Sulawesi Utara"],
      source: { recordId: "sejarah minahasa / rondonuwu, johan / [2021]" },
    });
    expect(byTitle(items, 'Kumpulan "Puisi" Manado')).toMatchObject({
      isbn: null,
      language: "en",
      authors: ["Wenas, Maria", "Lumi, Ricky"],
    });

    const again = await expectJson(
      upload(t, slimsCsv, "mode=good_rows&source=SLiMS%20Manado"),
      200,
    );
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 3 });
    expect(await acquisitions(t)).toHaveLength(3);
  });

  it("takes a custom mapping for a spreadsheet's own headers, and refuses one naming a missing column", async () => {
    const csv =
      "Nama Buku;Nomor ISBN;Penulis;Tahun;Bahasa\nSi Kancil;978-602-481-026-9;Tim Dongeng | Ani;2024;ind\n";
    const mapping = encodeURIComponent(JSON.stringify({ title: "Nama Buku", isbn: "Nomor ISBN" }));
    const summary = await expectJson(
      upload(t, csv, `format=csv&mapping=${mapping}&source=Spreadsheet`),
      200,
    );
    expect(summary).toMatchObject({ records: 1, created: 1 });
    expect(byTitle(await acquisitions(t), "Si Kancil")).toMatchObject({
      isbn: "9786024810269",
      authors: ["Tim Dongeng", "Ani"],
      year: 2024,
      language: "id",
    });
    const wrong = encodeURIComponent(JSON.stringify({ title: "Judul Buku" }));
    const refused = await expectJson(upload(t, csv, `format=csv&mapping=${wrong}`), 400);
    expect(refused.error.message).toMatch(/the mapping names column "Judul Buku" for title/);
    const badMapping = await expectJson(upload(t, csv, "format=csv&mapping=nope"), 400);
    expect(badMapping.error.details.issues[0].path).toBe("query.mapping");
  });

  it("accepts an upload over 1 MB on /api/imports while JSON routes keep their 1 MB limit", async () => {
    const row = '"Buku Contoh Yang Cukup Panjang Judulnya","","","","Penerbit","2020"\n';
    const big = `"title","a","b","isbn","publisher","year"\n${row.repeat(Math.ceil((1.2 * 1024 * 1024) / row.length))}`;
    const summary = await expectJson(upload(t, big, "format=csv&dryRun=true"), 200);
    expect(summary.records).toBeGreaterThan(15_000);
    const json = await t.app.request("/api/acquisitions", {
      method: "POST",
      headers: { authorization: `Bearer ${t.tokens.editor}`, "content-type": "application/json" },
      body: JSON.stringify({ title: "x".repeat(1.2 * 1024 * 1024) }),
    });
    expect(json.status).toBe(413);
  });
});
