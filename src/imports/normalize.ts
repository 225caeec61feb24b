import { normalizeLanguage } from "./language.js";
import type { CatalogueRecord, Problem, Where } from "./record.js";

/** A record ready to be written: checked against the same rules as the acquisitions API. */
export interface Draft {
  where: Where;
  recordId: string;
  isbn: string | null;
  title: string;
  authors: string[];
  publisher: string | null;
  year: number | null;
  language: string | null;
  subjects: string[];
  callNumber: string | null;
  /** Given by the source; Open Library's cover is used when none is given (see coverFor). */
  coverUrl: string | null;
  summary: string | null;
  /** Known from the source, else null: the import date for a new record, unchanged for an old one. */
  acquiredOn: string | null;
}

// Catalogue data is messy: text too long for the API's limits is cut, not refused.
const LIMITS = { title: 500, person: 200, publisher: 300, callNumber: 100, summary: 5000 };
const MAX_LIST = 50;

/** Open Library's cover by ISBN: a URL only, fetched by the patron's browser, never by Warta. */
export const coverFor = (isbn: string | null) =>
  isbn ? `https://covers.openlibrary.org/b/isbn/${isbn}-L.jpg` : null;

/**
 * Cleans one record to what the API accepts from a librarian. `today` is the library's date: an
 * acquisition date after it is a typo in the source and is treated as unknown.
 */
export function toDraft(
  record: CatalogueRecord,
  where: Where,
  today: string,
): { draft: Draft } | { problem: Problem } {
  const title = clip(record.title, LIMITS.title);
  if (!title) return { problem: { code: "missing_title", reason: "has no title" } };
  const recordId = clip(record.recordId, 200) ?? (record.isbn ? `isbn:${record.isbn}` : null);
  if (!recordId) {
    return { problem: { code: "missing_id", reason: "has neither a record id nor an ISBN" } };
  }
  // The API's rules for a librarian's input (acquisitions/schemas.ts), met by construction and
  // checked here by hand: zod per record would cost more than parsing 100,000 MARC records.
  return {
    draft: {
      where,
      recordId,
      isbn: record.isbn,
      title,
      authors: list(record.authors, LIMITS.person),
      publisher: clip(record.publisher, LIMITS.publisher),
      year: record.year !== null && record.year >= 1450 && record.year <= 2200 ? record.year : null,
      language: normalizeLanguage(record.language),
      subjects: list(record.subjects, LIMITS.person),
      callNumber: clip(record.callNumber, LIMITS.callNumber),
      coverUrl: isHttpUrl(record.coverUrl) ? record.coverUrl : null,
      summary: clip(record.summary, LIMITS.summary, true),
      acquiredOn:
        record.acquiredOn && record.acquiredOn >= "1900-01-01" && record.acquiredOn <= today
          ? record.acquiredOn
          : null,
    },
  };
}

function isHttpUrl(value: string | null): value is string {
  if (!value || value.length > 2000) return false;
  try {
    const { protocol } = new URL(value);
    return protocol === "http:" || protocol === "https:";
  } catch {
    return false;
  }
}

/** Trimmed, control characters gone (Postgres refuses NUL), cut at `max` with an ellipsis. */
function clip(value: string | null, max: number, keepLines = false): string | null {
  if (value === null) return null;
  let text = value.trim();
  // Most catalogue text is clean: the replacements run only when there is something to replace.
  if (NEEDS_CLEANING.test(text)) {
    // Control characters (Cc), except the line breaks a summary keeps.
    text = text.replace(keepLines ? /[^\P{Cc}\n]/gu : /\p{Cc}/gu, " ").trim();
    if (!keepLines) text = text.replace(/\s+/g, " ");
  }
  if (!text) return null;
  return text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text;
}

const NEEDS_CLEANING = /\p{Cc}|\s\s/u;

/** Trimmed, without repeats ignoring case ("Resep" and "resep" are one), at most MAX_LIST. */
function list(values: string[], max: number): string[] {
  const seen = new Set<string>();
  const items: string[] = [];
  for (const value of values) {
    const item = clip(value, max);
    const key = item?.toLocaleLowerCase("id");
    if (!item || !key || seen.has(key)) continue;
    seen.add(key);
    items.push(item);
    if (items.length === MAX_LIST) break;
  }
  return items;
}
