import { normalizeIsbn } from "../../acquisitions/isbn.js";
import { type CatalogueRecord, emptyRecord } from "../record.js";
import type { OaiRecord } from "./parse.js";

/**
 * Dublin Core as SLiMS writes it (lib/detail.inc.php): dc:identifier holds the permalink, the
 * ISBN/ISSN (hyphens removed) and the call number; dc:subject holds the topics and then the
 * classification number; dc:relation holds attachments and the cover image.
 */
export function fromOaiDc(record: OaiRecord): CatalogueRecord {
  const values = (name: string) => (record.dc.get(name) ?? []).map(repairDoubleUtf8);
  const identifiers = values("identifier");
  const isbn = identifiers.map(isbnOf).find((value) => value !== null) ?? null;
  return {
    ...emptyRecord(),
    recordId: record.identifier || null,
    isbn,
    title: values("title")[0] ?? null,
    authors: values("creator"),
    publisher: values("publisher")[0] ?? null,
    year: yearIn(values("date")[0]),
    language: values("language")[0] ?? null,
    // A bare classification number (899.221) is the class, not a subject a patron would read.
    subjects: values("subject").filter((subject) => !/^\d{3}(\.\d[\d ]*)?$/.test(subject)),
    callNumber: identifiers.find(isCallNumber) ?? null,
    coverUrl:
      values("relation").find((url) => /^https?:\/\/\S+\.(jpe?g|png|gif|webp)$/i.test(url)) ?? null,
    summary: values("description")[0] ?? null,
  };
}

function isbnOf(identifier: string): string | null {
  const bare = identifier.replace(/^(urn:isbn:|isbn:?)\s*/i, "");
  const candidate = /^[\dXx][\dXx\s-]{8,}[\dXx]/.exec(bare)?.[0];
  return candidate ? normalizeIsbn(candidate) : null;
}

/** What is left among the identifiers once links, ISBNs, ISSNs and other numbers are set aside. */
const isCallNumber = (identifier: string) =>
  identifier.length <= 100 &&
  !/^[a-z][a-z0-9+.-]*:/i.test(identifier) &&
  !/^[\dXx\s-]+$/.test(identifier) &&
  isbnOf(identifier) === null;

function yearIn(value: string | undefined): number | null {
  const match = /(?:^|\D)(1[4-9]\d\d|2[01]\d\d)(?!\d)/.exec(value ?? "");
  return match?.[1] ? Number(match[1]) : null;
}

/**
 * SLiMS passes the title through PHP's utf8_encode, so "é" (UTF-8 C3 A9) arrives as "Ã©". Text
 * whose every character fits in Latin-1 and whose Latin-1 bytes are valid UTF-8 with a multi-byte
 * sequence is such a double encoding; anything else is left as it came.
 */
export function repairDoubleUtf8(text: string): string {
  if (!/[\u00c2-\u00f4][\u0080-\u00bf]/.test(text) || /[\u0100-\uffff]/.test(text)) return text;
  try {
    return new TextDecoder("utf-8", { fatal: true })
      .decode(Buffer.from(text, "latin1"))
      .normalize("NFC");
  } catch {
    return text;
  }
}
