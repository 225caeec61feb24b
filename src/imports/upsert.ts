import { and, eq, inArray, or, sql } from "drizzle-orm";
import { subjectKey } from "../acquisitions/output.js";
import { recordAudit } from "../audit/record.js";
import { type AcquisitionRow, acquisitions } from "../db/schema/index.js";
import type { Ctx } from "../shared/context.js";
import { rowsOf } from "../shared/sql.js";
import { coverFor, type Draft } from "./normalize.js";
import type { ProblemCode, Where } from "./record.js";

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

type Fields = Pick<
  AcquisitionRow,
  | "isbn"
  | "title"
  | "authors"
  | "publisher"
  | "year"
  | "language"
  | "subjects"
  | "callNumber"
  | "coverUrl"
  | "summary"
  | "acquiredOn"
  | "sourceId"
  | "externalId"
>;

/**
 * Writes one batch (a few hundred drafts) with a handful of statements, inside the caller's
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
  const byRecord = new Map<string, AcquisitionRow>();
  const byIsbn = new Map<string, AcquisitionRow>();
  for (const row of existing) {
    if (row.sourceId === source.id && row.externalId) byRecord.set(row.externalId, row);
    if (row.isbn) byIsbn.set(row.isbn, row);
  }

  const inserts: { draft: Draft; fields: Fields }[] = [];
  const updates: { draft: Draft; row: AcquisitionRow; fields: Fields }[] = [];
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
      inserts.push({ draft, fields: fresh(source, draft, today) });
      continue;
    }
    const fields = merged(source, draft, target);
    if (sameFields(fields, target)) outcome.unchanged += 1;
    else updates.push({ draft, row: target, fields });
  }

  const now = tx.clock.now().toISOString();
  const created = await insertRows(
    tx,
    inserts.map((i) => i.fields),
    now,
  );
  await updateRows(tx, updates, now);
  outcome.created = created.length;
  outcome.updated = updates.length;
  await recordAudit(
    tx,
    ...created.map((row) => auditEntry(source, row.id, row.external_id, "created")),
    ...updates.map((u) => auditEntry(source, u.row.id, u.draft.recordId, "updated")),
  );
  return outcome;
}

async function lockMatches(tx: Ctx, sourceId: string, drafts: Draft[]) {
  const recordIds = drafts.map((d) => d.recordId);
  const isbns = drafts.flatMap((d) => (d.isbn ? [d.isbn] : []));
  return tx.db
    .select()
    .from(acquisitions)
    .where(
      or(
        and(eq(acquisitions.sourceId, sourceId), inArray(acquisitions.externalId, recordIds)),
        isbns.length > 0 ? inArray(acquisitions.isbn, isbns) : undefined,
      ),
    )
    .for("update");
}

function fresh(source: ImportSource, draft: Draft, today: string): Fields {
  return {
    ...catalogueFields(draft),
    coverUrl: draft.coverUrl ?? coverFor(draft.isbn),
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
function merged(source: ImportSource, draft: Draft, row: AcquisitionRow): Fields {
  const next = catalogueFields(draft);
  const ours = row.sourceId === null || row.sourceId === source.id;
  return {
    isbn: next.isbn ?? row.isbn,
    title: next.title,
    authors: next.authors.length > 0 ? next.authors : row.authors,
    publisher: next.publisher ?? row.publisher,
    year: next.year ?? row.year,
    language: next.language ?? row.language,
    subjects: next.subjects.length > 0 ? next.subjects : row.subjects,
    callNumber: next.callNumber ?? row.callNumber,
    coverUrl: draft.coverUrl ?? row.coverUrl ?? coverFor(next.isbn ?? row.isbn),
    summary: next.summary ?? row.summary,
    acquiredOn:
      draft.acquiredOn && draft.acquiredOn < row.acquiredOn ? draft.acquiredOn : row.acquiredOn,
    // A book another source already brought in stays linked to that source.
    sourceId: ours ? source.id : row.sourceId,
    externalId: ours ? draft.recordId : row.externalId,
  };
}

function catalogueFields(draft: Draft) {
  const { isbn, title, authors, publisher, year, language, subjects, callNumber, summary } = draft;
  return { isbn, title, authors, publisher, year, language, subjects, callNumber, summary };
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

function sameFields(fields: Fields, row: AcquisitionRow): boolean {
  return (
    FIELD_NAMES.every((name) => fields[name] === row[name]) &&
    sameList(fields.authors, row.authors) &&
    sameList(fields.subjects, row.subjects)
  );
}

const sameList = (a: string[], b: string[]) =>
  a.length === b.length && a.every((value, i) => value === b[i]);

/** One JSON parameter per batch: thousands of bound values cost more than the insert itself. */
const recordset = (rows: Fields[], ids?: string[]) =>
  JSON.stringify(
    rows.map((f, i) => ({
      id: ids?.[i],
      isbn: f.isbn,
      title: f.title,
      authors: f.authors,
      publisher: f.publisher,
      year: f.year,
      language: f.language,
      subjects: f.subjects,
      subject_keys: f.subjects.map(subjectKey),
      call_number: f.callNumber,
      cover_url: f.coverUrl,
      summary: f.summary,
      acquired_on: f.acquiredOn,
      source_id: f.sourceId,
      external_id: f.externalId,
    })),
  );

const COLUMNS = sql.raw(`id uuid, isbn text, title text, authors text[], publisher text,
  year int, language text, subjects text[], subject_keys text[], call_number text,
  cover_url text, summary text, acquired_on date, source_id uuid, external_id text`);

async function insertRows(tx: Ctx, rows: Fields[], now: string) {
  if (rows.length === 0) return [];
  return rowsOf<{ id: string; external_id: string }>(
    await tx.db.execute(sql`
      insert into ${acquisitions} (isbn, title, authors, publisher, year, language, subjects,
        subject_keys, call_number, cover_url, summary, acquired_on, source_id, external_id,
        created_at, updated_at)
      select v.isbn, v.title, v.authors, v.publisher, v.year, v.language, v.subjects,
        v.subject_keys, v.call_number, v.cover_url, v.summary, v.acquired_on, v.source_id,
        v.external_id, ${now}::timestamptz, ${now}::timestamptz
      from jsonb_to_recordset(${recordset(rows)}::jsonb) as v(${COLUMNS})
      returning id, external_id`),
  );
}

async function updateRows(
  tx: Ctx,
  updates: { row: AcquisitionRow; fields: Fields }[],
  now: string,
) {
  if (updates.length === 0) return;
  const values = recordset(
    updates.map((u) => u.fields),
    updates.map((u) => u.row.id),
  );
  await tx.db.execute(sql`
    update ${acquisitions} as a set
      isbn = v.isbn, title = v.title, authors = v.authors, publisher = v.publisher,
      year = v.year, language = v.language, subjects = v.subjects, subject_keys = v.subject_keys,
      call_number = v.call_number, cover_url = v.cover_url, summary = v.summary,
      acquired_on = v.acquired_on, source_id = v.source_id, external_id = v.external_id,
      version = a.version + 1, updated_at = ${now}::timestamptz
    from jsonb_to_recordset(${values}::jsonb) as v(${COLUMNS})
    where a.id = v.id`);
}

const auditEntry = (
  source: ImportSource,
  id: string,
  recordId: string,
  change: "created" | "updated",
) => ({
  action: "import",
  entityType: "acquisition",
  entityId: id,
  after: { change, source: { id: source.id, name: source.name }, recordId },
});

const reject = (draft: Draft, code: ProblemCode, reason: string): Rejection => ({
  ...draft.where,
  recordId: draft.recordId,
  code,
  reason,
});
