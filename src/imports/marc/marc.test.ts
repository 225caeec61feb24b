import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import {
  bumiManusia,
  marc8Cyrillic,
  marc8Record,
  marc8Specials,
  marcFile,
  miserablesMarc8,
  miserablesUtf8,
  utf8Record,
} from "../../../test/fixtures/imports/catalogue.js";
import { marcXmlCollection, marcXmlRecord } from "../../../test/fixtures/imports/marc-writer.js";
import { marcResults } from "../file-import.js";
import type { CatalogueRecord, ReadResult } from "../record.js";
import { UnreadableInput } from "../record.js";
import { readIso2709 } from "./iso2709.js";
import { readMarcXml } from "./marcxml.js";

/** Feeds the bytes in small, odd-sized chunks: records straddle chunk boundaries as in a real stream. */
function chunked(data: Buffer | string, size = 37) {
  const buffer = Buffer.from(data);
  const parts: Buffer[] = [];
  for (let at = 0; at < buffer.length; at += size) parts.push(buffer.subarray(at, at + size));
  return Readable.from(parts);
}

async function collect(results: AsyncIterable<ReadResult>): Promise<ReadResult[]> {
  const all: ReadResult[] = [];
  for await (const result of results) all.push(result);
  return all;
}

const readBinary = (data: Buffer) => collect(marcResults(readIso2709(chunked(data))));
const readXml = (xml: string) => collect(marcResults(readMarcXml(chunked(xml, 53))));
const recordOf = (result: ReadResult | undefined): CatalogueRecord => {
  if (!result || !("record" in result)) throw new Error(`not a record: ${JSON.stringify(result)}`);
  return result.record;
};

const bumiExpected: CatalogueRecord = {
  recordId: "INLIS000123",
  isbn: "9786020324784",
  title: "Bumi manusia: sebuah roman",
  authors: ["Pramoedya Ananta Toer", "Max Lane"],
  publisher: "Lentera Dipantara",
  year: 2019,
  language: "ind",
  subjects: ["Fiksi Indonesia", "Indonesian fiction -- 20th century"],
  callNumber: "899.2213",
  coverUrl: null,
  acquiredOn: "2024-01-15",
  summary: "Kisah Minke, pemuda pribumi di akhir abad ke-19.",
};

const miserablesExpected: CatalogueRecord = {
  recordId: "FR-0042",
  isbn: "9782070360024",
  title: "Les misérables",
  authors: ["Victor Hugo"],
  publisher: "Gallimard",
  year: 1995,
  language: "fre",
  subjects: [],
  callNumber: "843 HUG m",
  coverUrl: null,
  acquiredOn: null,
  summary: null,
};

describe("MARC 21 binary (ISO 2709)", () => {
  it("reads a UTF-8 record field by field: ISBN past a bad one, ISBD punctuation off, names as written", async () => {
    const [result] = await readBinary(utf8Record(bumiManusia));
    expect(result?.where).toEqual({ record: 1 });
    expect(recordOf(result)).toEqual(bumiExpected);
  });

  it("reads UTF-8 and MARC-8 copies of one record to the same NFC text", async () => {
    const results = await readBinary(
      marcFile(utf8Record(miserablesUtf8), marc8Record(miserablesMarc8)),
    );
    expect(recordOf(results[0])).toEqual(miserablesExpected);
    expect(recordOf(results[1])).toEqual(miserablesExpected);
    // One precomposed é, not e + combining acute.
    expect(recordOf(results[1]).title).toBe("Les mis\u00e9rables");
    expect(recordOf(results[1]).title?.length).toBe(14);
  });

  it("decodes ANSEL's special letters and moves MARC-8's leading diacritics after their letter", async () => {
    const [result] = await readBinary(marc8Record(marc8Specials));
    expect(recordOf(result).authors).toEqual(["Øystein Aarseth"]);
    expect(recordOf(result).title).toBe("Ça va, Manado ?");
  });

  it("refuses a MARC-8 record in a non-Latin script by number and reason, and keeps reading", async () => {
    const results = await readBinary(marcFile(marc8Record(marc8Cyrillic), utf8Record(bumiManusia)));
    expect(results[0]).toMatchObject({
      where: { record: 1 },
      problem: {
        code: "bad_encoding",
        reason: expect.stringMatching(/field 245: MARC-8 escape sequence 1B 28 4E .*not supported/),
      },
    });
    expect(recordOf(results[1]).title).toBe("Bumi manusia: sebuah roman");
  });

  it("reads UTF-8 mislabelled as MARC-8 (leader/09 blank) as UTF-8, never as mojibake", async () => {
    const [result] = await readBinary(marc8Record(miserablesUtf8));
    expect(recordOf(result).title).toBe("Les misérables");
  });

  it("refuses a record whose leader says UTF-8 but whose bytes are not", async () => {
    const broken = miserablesMarc8; // MARC-8 bytes (0xE2 then "e") are invalid UTF-8
    const [result] = await readBinary(utf8Record(broken));
    expect(result).toMatchObject({
      where: { record: 1 },
      problem: {
        code: "bad_encoding",
        reason: "field 245: leader/09 says UTF-8 but the bytes are not valid UTF-8",
      },
    });
  });

  it("reports a record with a wrong length by number and reads the next one", async () => {
    const first = utf8Record(bumiManusia);
    first.write(String(first.length + 7).padStart(5, "0"), 0, "latin1");
    const results = await readBinary(marcFile(first, utf8Record(miserablesUtf8)));
    expect(results).toHaveLength(2);
    expect(results[0]).toMatchObject({ where: { record: 1 }, problem: { code: "bad_record" } });
    expect(recordOf(results[1]).recordId).toBe("FR-0042");
  });

  it("reports the record a truncated file ends in, after the complete ones", async () => {
    const whole = marcFile(
      utf8Record(bumiManusia),
      utf8Record(miserablesUtf8),
      utf8Record(bumiManusia),
    );
    const results = await readBinary(whole.subarray(0, whole.length - 120));
    expect(results.map((r) => ("record" in r ? "ok" : r.problem.code))).toEqual([
      "ok",
      "ok",
      "truncated",
    ]);
    expect(results[2]).toMatchObject({
      where: { record: 3 },
      problem: { reason: expect.stringMatching(/the file ends inside this record .* truncated/) },
    });
  });

  it("refuses binary junk as a whole: not a MARC file", async () => {
    const junk = Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 7919 + 13) % 256));
    await expect(readBinary(junk)).rejects.toThrow(UnreadableInput);
    await expect(readBinary(junk)).rejects.toThrow(/not a MARC 21 \(ISO 2709\) file: record 1/);
  });
});

describe("MARCXML", () => {
  it("reads the same fields as the binary container, streamed", async () => {
    const xml = marcXmlCollection([marcXmlRecord(bumiManusia), marcXmlRecord(miserablesUtf8)]);
    const results = await readXml(xml);
    expect(recordOf(results[0])).toEqual(bumiExpected);
    expect(recordOf(results[1])).toEqual(miserablesExpected);
    expect(recordOf(results[1]).title).toBe("Les mis\u00e9rables");
  });

  it("reports a record without a leader by number", async () => {
    const noLeader = marcXmlRecord(miserablesUtf8).replace(/<marc:leader>.*<\/marc:leader>/, "");
    const results = await readXml(marcXmlCollection([marcXmlRecord(bumiManusia), noLeader]));
    expect(results[1]).toMatchObject({
      where: { record: 2 },
      problem: { code: "bad_record", reason: "has no 24-character <leader>" },
    });
  });

  it("refuses a DOCTYPE (billion laughs) without expanding anything", async () => {
    const bomb = `<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<collection><record><leader>00000nam a2200000 i 4500</leader><datafield tag="245"><subfield code="a">&lol9;</subfield></datafield></record></collection>`;
    await expect(readXml(bomb)).rejects.toThrow(/DOCTYPE/);
  });

  it("refuses XML that is cut off, and XML that is not MARC", async () => {
    const xml = marcXmlCollection([marcXmlRecord(bumiManusia)]);
    await expect(readXml(xml.slice(0, xml.length - 60))).rejects.toThrow(/not well-formed/);
    await expect(readXml("<html><body>hello</body></html>")).rejects.toThrow(/not MARCXML/);
  });
});
