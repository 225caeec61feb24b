import { sql } from "drizzle-orm";
import { acquisitions } from "../db/schema/index.js";
import type { Ctx } from "../shared/context.js";
import { coverFor, type Draft } from "./normalize.js";
import type { ProblemCode, Where } from "./record.js";
import { type Fields, insertRows, type Update, updateRows } from "./write-rows.js";

export interface Rejection extends Where {
  recordId?: string;
  code: ProblemCode;
  reason: string;
}

export interface BatchOutcome {
  created: number;
  updated: number;
  unchanged: number;
  rejected: Rejection[];
}

/** The catalogue source records are keyed under: (source, record id) is unique. */
export interface ImportSource {
  id: string;
  name: string;
}

/**
 * Writes one batch (up to BATCH_SIZE drafts) with three statements at most, inside the caller's
 * transaction. A draft updates the acquisition it already made (same source and record id), else
 * the acquisition with its ISBN (linking it when it came from nowhere), else creates one. Writing
 * the same batch again changes nothing, so an interrupted import is safe to run again.
 */
export async function writeDrafts(
  tx: Ctx,
  source: ImportSource,
  drafts: Draft[],
  today: string,
): Promise<BatchOutcome> {
  const outcome: BatchOutcome = { created: 0, updated: 0, unchanged: 0, rejected: [] };
  if (drafts.length === 0) return outcome;
  const existing = await lockMatches(tx, source.id, drafts);
  const byRecord = new Map<string, Match>();
  const byIsbn = new Map<string, Match>();
  for (const row of existing) {
    if (row.sourceId === source.id && row.externalId) byRecord.set(row.externalId, row);
    if (row.isbn) byIsbn.set(row.isbn, row);
  }

  const inserts: Fields[] = [];
  const updates: Update[] = [];
  const claimed = new Set<string>();
  for (const draft of drafts) {
    const mine = byRecord.get(draft.recordId);
    const sameIsbn = draft.isbn ? byIsbn.get(draft.isbn) : undefined;
    if (mine && sameIsbn && mine.id !== sameIsbn.id) {
      outcome.rejected.push(
        reject(
          draft,
          "isbn_taken",
          `ISBN ${draft.isbn} belongs to another acquisition (${sameIsbn.id})`,
        ),
      );
      continue;
    }
    const target = mine ?? sameIsbn;
    // Two drafts of one batch must not write one row (or insert one ISBN or record id) twice.
    const keys = [`record:${draft.recordId}`, target ? `row:${target.id}` : `isbn:${draft.isbn}`];
    if (keys.some((key) => claimed.has(key))) {
      outcome.rejected.push(
        reject(draft, "duplicate_in_file", "is the same book as an earlier record in this import"),
      );
      continue;
    }
    for (const key of keys) if (!key.endsWith(":null")) claimed.add(key);
    if (!target) {
      inserts.push(fresh(source, draft, today));
      continue;
    }
    const fields = merged(source, draft, target);
    if (sameFields(fields, target)) outcome.unchanged += 1;
    else updates.push({ id: target.id, recordId: draft.recordId, fields });
  }

  const now = tx.clock.now().toISOString();
  outcome.created = await insertRows(tx, source, inserts, now);
  await updateRows(tx, source, updates, now);
  outcome.updated = updates.length;
  return outcome;
}

/** What an import compares and merges with: the row's catalogue fields, not its whole row. */
type Match = Fields & { id: string };
const a = acquisitions;
const MATCH_COLUMNS = {
  id: a.id,
  isbn: a.isbn,
  title: a.title,
  authors: a.authors,
  publisher: a.publisher,
  year: a.year,
  language: a.language,
  subjects: a.subjects,
  callNumber: a.callNumber,
  coverUrl: a.coverUrl,
  summary: a.summary,
  acquiredOn: a.acquiredOn,
  sourceId: a.sourceId,
  externalId: a.externalId,
};

/** The ids travel as one JSON parameter each, whatever the batch size. */
function lockMatches(tx: Ctx, source: string, drafts: Draft[]): Promise<Match[]> {
  const recordIds = JSON.stringify(drafts.map((d) => d.recordId));
  const isbns = JSON.stringify(drafts.flatMap((d) => (d.isbn ? [d.isbn] : [])));
  return tx.db
    .select(MATCH_COLUMNS)
    .from(a)
    .where(
      sql`(${a.sourceId} = ${source} and ${a.externalId} = any(array(
        select jsonb_array_elements_text(${recordIds}::jsonb))))
        or ${a.isbn} = any(array(select jsonb_array_elements_text(${isbns}::jsonb)))`,
    )
    .for("update");
}

// Spelled out, not `{ ...pick(draft), coverUrl, ... }`: V8 gives each object made by spreading
// and then adding keys a hidden class of its own, and 100,000 of those filled the heap.
function fresh(source: ImportSource, draft: Draft, today: string): Fields {
  return {
    isbn: draft.isbn,
    title: draft.title,
    authors: draft.authors,
    publisher: draft.publisher,
    year: draft.year,
    language: draft.language,
    subjects: draft.subjects,
    callNumber: draft.callNumber,
    coverUrl: draft.coverUrl ?? coverFor(draft.isbn),
    summary: draft.summary,
    acquiredOn: draft.acquiredOn ?? today,
    sourceId: source.id,
    externalId: draft.recordId,
  };
}

/**
 * The catalogue corrects and completes, never erases: a field the record leaves empty keeps what
 * the acquisition has (a summary a librarian wrote, a cover chosen by hand). The acquisition date
 * is the earliest known, so a new copy of an old title does not make it new again.
 */
function merged(source: ImportSource, draft: Draft, row: Match): Fields {
  const ours = row.sourceId === null || row.sourceId === source.id;
  return {
    isbn: draft.isbn ?? row.isbn,
    title: draft.title,
    authors: draft.authors.length > 0 ? draft.authors : row.authors,
    publisher: draft.publisher ?? row.publisher,
    year: draft.year ?? row.year,
    language: draft.language ?? row.language,
    subjects: draft.subjects.length > 0 ? draft.subjects : row.subjects,
    callNumber: draft.callNumber ?? row.callNumber,
    coverUrl: draft.coverUrl ?? row.coverUrl ?? coverFor(draft.isbn ?? row.isbn),
    summary: draft.summary ?? row.summary,
    acquiredOn:
      draft.acquiredOn && draft.acquiredOn < row.acquiredOn ? draft.acquiredOn : row.acquiredOn,
    // A book another source already brought in stays linked to that source.
    sourceId: ours ? source.id : row.sourceId,
    externalId: ours ? draft.recordId : row.externalId,
  };
}

const FIELD_NAMES = [
  "isbn",
  "title",
  "publisher",
  "year",
  "language",
  "callNumber",
  "coverUrl",
  "summary",
  "acquiredOn",
  "sourceId",
  "externalId",
] as const;

function sameFields(fields: Fields, row: Match): boolean {
  return (
    FIELD_NAMES.every((name) => fields[name] === row[name]) &&
    sameList(fields.authors, row.authors) &&
    sameList(fields.subjects, row.subjects)
  );
}

const sameList = (a: string[], b: string[]) =>
  a.length === b.length && a.every((value, i) => value === b[i]);

const reject = (draft: Draft, code: ProblemCode, reason: string): Rejection => ({
  ...draft.where,
  recordId: draft.recordId,
  code,
  reason,
});
