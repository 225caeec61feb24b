import { createReadStream } from "node:fs";
import { open } from "node:fs/promises";
import { CsvError, parse } from "csv-parse";
import { isbn13CheckDigit, normalizeIsbn } from "../../acquisitions/isbn.js";
import { type CatalogueRecord, emptyRecord, type ReadResult, UnreadableInput } from "../record.js";
import { type CsvField, type CsvMapping, resolveColumns } from "./mapping.js";

/**
 * Reads a CSV file row by row (streamed), with line numbers as a spreadsheet shows them (the
 * header is line 1; a quoted value spanning lines is reported at its first line). The separator
 * is read from the header line unless given.
 */
export async function* readCsv(
  path: string,
  options: { mapping?: CsvMapping; delimiter?: string } = {},
): AsyncGenerator<ReadResult> {
  const delimiter = options.delimiter ?? (await sniffDelimiter(path));
  try {
    yield* readRows(path, delimiter, options.mapping ?? {});
  } catch (err) {
    if (err instanceof CsvError) {
      throw new UnreadableInput(
        `the CSV is malformed near line ${err.lines ?? "?"}: ${err.message}`,
      );
    }
    throw err;
  }
}

async function* readRows(path: string, delimiter: string, mapping: CsvMapping) {
  const parser = createReadStream(path).pipe(
    parse({
      bom: true,
      delimiter,
      // SLiMS writes quotes inside values without doubling them, and a trailing separator.
      relax_quotes: true,
      relax_column_count: true,
      skip_empty_lines: true,
      info: true,
      raw: true,
    }),
  );
  let columns: Map<CsvField, number> | null = null;
  for await (const row of parser as AsyncIterable<{
    record: string[];
    info: { lines: number };
    raw: string;
  }>) {
    const values = row.record.map(unquote);
    if (!columns) {
      columns = resolveColumns(trimTrailingEmpty(values), mapping);
      continue;
    }
    const line = startLine(row.info.lines, row.raw);
    const cell = (field: CsvField) => {
      const at = columns?.get(field);
      const value = at === undefined ? "" : (values[at] ?? "").trim();
      return value === "" ? null : value;
    };
    const result = rowToRecord(cell);
    yield "problem" in result
      ? { where: { line }, problem: result.problem }
      : { where: { line }, record: result.record };
  }
  if (!columns) throw new UnreadableInput("the CSV file is empty: no header line");
}

type Cell = (field: CsvField) => string | null;
type RowResult =
  | { record: CatalogueRecord }
  | { problem: { code: "bad_isbn" | "bad_year" | "bad_date"; reason: string } };

function rowToRecord(cell: Cell): RowResult {
  const isbn = isbnIn(cell("isbn"));
  if (typeof isbn === "object" && isbn !== null) return { problem: isbn };
  const yearText = cell("year");
  const year = yearIn(yearText);
  if (yearText && year === null) {
    return {
      problem: { code: "bad_year", reason: `year "${yearText}" has no year between 1450 and 2200` },
    };
  }
  const acquiredOn = cell("acquiredOn");
  const day = acquiredOn ? dayIn(acquiredOn) : null;
  if (acquiredOn && !day) {
    return {
      problem: {
        code: "bad_date",
        reason: `acquiredOn "${acquiredOn}" is not a date like 2025-12-06`,
      },
    };
  }
  const title = cell("title");
  const authors = listIn(cell("authors"));
  return {
    record: {
      ...emptyRecord(),
      // Without an id column a row is known by its ISBN or, lacking one, by what it describes.
      recordId:
        cell("recordId") ??
        (isbn ? null : contentKey(title, authors[0], yearText, cell("edition"))),
      isbn,
      title,
      authors,
      publisher: cell("publisher"),
      year,
      language: cell("language"),
      subjects: listIn(cell("subjects")),
      callNumber: cell("callNumber"),
      summary: cell("summary"),
      coverUrl: cell("coverUrl"),
      acquiredOn: day,
    },
  };
}

/**
 * The ISBN in an isbn_issn cell, null when there is none (empty, "-", an ISSN), or the reason a
 * number that looks like an ISBN is not one.
 */
function isbnIn(text: string | null): string | null | { code: "bad_isbn"; reason: string } {
  if (!text) return null;
  const candidate = /[\dXx][\dXx\s-]{7,}[\dXx]/.exec(text)?.[0] ?? "";
  const digits = candidate.replace(/[\s-]/g, "").toUpperCase();
  if (digits.length !== 10 && digits.length !== 13) {
    return digits.length > 8
      ? { code: "bad_isbn", reason: `ISBN "${text}" has ${digits.length} digits, not 10 or 13` }
      : null;
  }
  const isbn = normalizeIsbn(digits);
  if (isbn) return isbn;
  if (digits.length === 13 && !/^97[89]/.test(digits)) {
    return { code: "bad_isbn", reason: `ISBN "${text}" does not start with 978 or 979` };
  }
  const expected =
    digits.length === 13 ? isbn13CheckDigit(digits.slice(0, 12)) : isbn10Check(digits);
  return {
    code: "bad_isbn",
    reason: `ISBN "${text}" has a wrong check digit (${digits.at(-1)}; it should be ${expected})`,
  };
}

function isbn10Check(digits: string): string {
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(digits[i]) * (10 - i);
  const check = (11 - (sum % 11)) % 11;
  return check === 10 ? "X" : String(check);
}

/** "2019", "c2019", "[2019]", "2019, cet. 2": the first four-digit year in range. */
function yearIn(text: string | null): number | null {
  const match = /(?:^|\D)(\d{4})(?!\d)/.exec(text ?? "");
  const year = match?.[1] ? Number(match[1]) : null;
  return year !== null && year >= 1450 && year <= 2200 ? year : null;
}

function dayIn(text: string): string | null {
  const day = /^(\d{4}-\d{2}-\d{2})(?:[ T].*)?$/.exec(text)?.[1];
  if (!day) return null;
  const parsed = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().startsWith(day) ? day : null;
}

/** SLiMS writes lists as <Pramoedya Ananta Toer><Max Lane>; spreadsheets with ; or |. */
function listIn(text: string | null): string[] {
  if (!text) return [];
  const bracketed = [...text.matchAll(/<([^<>]+)>/g)].map((m) => m[1]?.trim() ?? "");
  const items = bracketed.length > 0 ? bracketed : text.split(/[;|]/);
  return items.map((item) => item.trim()).filter(Boolean);
}

const contentKey = (
  title: string | null,
  author: string | undefined,
  year: string | null,
  edition: string | null,
) =>
  title
    ? [title, author ?? "", year ?? "", edition ?? ""]
        .map((part) => part.toLocaleLowerCase("id").replace(/\s+/g, " ").trim())
        .filter(Boolean)
        .join(" / ")
        .slice(0, 200)
    : null;

/** A value SLiMS wrapped in quotes around unescaped quotes comes through with its outer quotes. */
const unquote = (value: string) =>
  value.length >= 2 && value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value;

function trimTrailingEmpty(header: string[]): string[] {
  const names = [...header];
  while (names.length > 0 && names.at(-1)?.trim() === "") names.pop();
  return names;
}

/** The line a record starts on: csv-parse counts the line it ends on. */
function startLine(endLine: number, raw: string): number {
  const body = raw.replace(/\r?\n$/, "");
  const leading = (/^[\r\n]*/.exec(body)?.[0].match(/\n/g) ?? []).length;
  return endLine - (body.match(/\n/g) ?? []).length + leading;
}

/** The separator the header line uses most; refuses a file that is not text at all. */
async function sniffDelimiter(path: string): Promise<string> {
  const file = await open(path, "r");
  try {
    const { buffer, bytesRead } = await file.read(Buffer.alloc(8192), 0, 8192, 0);
    const head = buffer.subarray(0, bytesRead);
    if (head.includes(0) || !isUtf8Prefix(head)) {
      throw new UnreadableInput("not a CSV file: the file is not UTF-8 text");
    }
    const firstLine = head.toString("utf8").split(/\r?\n/)[0] ?? "";
    const counts = [",", ";", "\t", "|"].map((d) => [d, firstLine.split(d).length] as const);
    return counts.reduce((best, next) => (next[1] > best[1] ? next : best))[0];
  } finally {
    await file.close();
  }
}

/** Valid UTF-8, allowing the sample to end inside a character. */
function isUtf8Prefix(bytes: Buffer): boolean {
  const decoder = new TextDecoder("utf-8", { fatal: true });
  try {
    decoder.decode(bytes, { stream: true });
    return true;
  } catch {
    return false;
  }
}
