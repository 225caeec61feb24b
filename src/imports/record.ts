/**
 * What every reader (CSV, MARC, MARCXML, OAI-PMH, Koha) hands the import pipeline: one catalogue
 * record as the reader understood it, or the reason it could not. Readers do the format's own
 * checks (a CSV row's bad ISBN, a MARC record's bad length); the pipeline does the rest.
 */

/** Where a record sits in its input, for messages a librarian can act on. */
export interface Where {
  /** CSV: the line in the file (the header is line 1). */
  line?: number;
  /** MARC, MARCXML, OAI-PMH, Koha: the record's position, counting from 1. */
  record?: number;
}

export interface CatalogueRecord {
  /** The record's id in its source (MARC 001, an OAI identifier, a Koha biblionumber). */
  recordId: string | null;
  /** Already checked and converted to ISBN-13 by the reader. */
  isbn: string | null;
  title: string | null;
  authors: string[];
  publisher: string | null;
  year: number | null;
  /** A code (ind, id, eng) or a name (Indonesia, English) as the source wrote it. */
  language: string | null;
  subjects: string[];
  callNumber: string | null;
  coverUrl: string | null;
  /** YYYY-MM-DD when the source knows when the library got the book. */
  acquiredOn: string | null;
  summary: string | null;
}

export const problemCodes = [
  "bad_isbn",
  "missing_title",
  "bad_year",
  "bad_date",
  "missing_id",
  "duplicate_in_file",
  "isbn_taken",
  "bad_record",
  "bad_encoding",
  "truncated",
] as const;
export type ProblemCode = (typeof problemCodes)[number];

/** Why a record was refused. `reason` names the field and the value, so it can be fixed at the source. */
export interface Problem {
  code: ProblemCode;
  reason: string;
}

export type ReadResult =
  | { where: Where; record: CatalogueRecord }
  | { where: Where; problem: Problem; recordId?: string };

export const emptyRecord = (): CatalogueRecord => ({
  recordId: null,
  isbn: null,
  title: null,
  authors: [],
  publisher: null,
  year: null,
  language: null,
  subjects: [],
  callNumber: null,
  coverUrl: null,
  acquiredOn: null,
  summary: null,
});

/** A whole input that cannot be read (not MARC at all, XML that is not well-formed, a DOCTYPE). */
export class UnreadableInput extends Error {}
