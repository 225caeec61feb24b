import { UnreadableInput } from "../record.js";

export const csvFields = [
  "title",
  "isbn",
  "authors",
  "publisher",
  "year",
  "language",
  "subjects",
  "callNumber",
  "summary",
  "coverUrl",
  "acquiredOn",
  "recordId",
  "edition",
] as const;
export type CsvField = (typeof csvFields)[number];

/** Field → the header of the column that holds it, as a caller names it for its own CSV. */
export type CsvMapping = Partial<Record<CsvField, string>>;

/**
 * Header names tried for each field when the caller gives no mapping. The first of each is the
 * column of SLiMS's bibliography export (Sistem Elektronik › Bibliografi › Ekspor: title,
 * gmd_name, edition, isbn_issn, publisher_name, publish_year, collation, series_title,
 * call_number, language_name, place_name, classification, notes, image, sor, authors, topics,
 * item_code); the rest are the obvious names a hand-made spreadsheet uses, in English and Indonesian.
 */
const ALIASES: Record<CsvField, string[]> = {
  title: ["title", "judul"],
  isbn: ["isbn_issn", "isbn", "isbn/issn"],
  authors: ["authors", "author", "pengarang", "penulis"],
  publisher: ["publisher_name", "publisher", "penerbit"],
  year: ["publish_year", "year", "tahun_terbit", "tahun"],
  language: ["language_name", "language", "language_id", "bahasa"],
  subjects: ["topics", "topic", "subjects", "subject", "subjek", "subyek"],
  callNumber: ["call_number", "callnumber", "no_panggil", "nomor_panggil"],
  summary: ["notes", "summary", "abstract", "abstrak", "catatan"],
  coverUrl: ["cover_url", "coverurl", "cover"],
  acquiredOn: ["acquired_on", "acquiredon", "input_date", "tanggal_masuk"],
  recordId: ["biblio_id", "record_id", "recordid", "id"],
  edition: ["edition", "edisi"],
};

/** Column index of each field the header has; throws when the mapping and header disagree. */
export function resolveColumns(header: string[], mapping: CsvMapping): Map<CsvField, number> {
  const index = new Map(header.map((name, i) => [name.trim().toLowerCase(), i]));
  const columns = new Map<CsvField, number>();
  for (const field of csvFields) {
    const named = mapping[field];
    if (named !== undefined) {
      const at = index.get(named.trim().toLowerCase());
      if (at === undefined) {
        throw new UnreadableInput(
          `the mapping names column "${named}" for ${field}, but the header has no such column (it has: ${header.join(", ")})`,
        );
      }
      columns.set(field, at);
      continue;
    }
    const at = ALIASES[field].map((alias) => index.get(alias)).find((i) => i !== undefined);
    if (at !== undefined) columns.set(field, at);
  }
  if (!columns.has("title")) {
    throw new UnreadableInput(
      `no title column: the header has ${header.join(", ") || "nothing"}; name the title column in the mapping (e.g. {"title": "Judul"})`,
    );
  }
  return columns;
}
