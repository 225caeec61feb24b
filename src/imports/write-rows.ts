import { sql } from "drizzle-orm";
import { subjectKey } from "../acquisitions/output.js";
import { type AcquisitionRow, acquisitions, auditLog } from "../db/schema/index.js";
import type { Ctx } from "../shared/context.js";
import { rowsOf } from "../shared/sql.js";
import type { ImportSource } from "./upsert.js";

/** What an import writes into an acquisition. */
export type Fields = Pick<
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

export interface Update {
  id: string;
  /** The record id the change came from (the row keeps another source's id when linked to it). */
  recordId: string;
  fields: Fields;
}

/**
 * Inserts a batch with one statement and one JSON parameter (thousands of bound values cost more
 * than the insert itself). The batch gets one audit entry on its source, listing the acquisitions
 * it created: each of those carries its source and record id, so an entry per book would only
 * double what an import writes.
 */
export async function insertRows(
  tx: Ctx,
  source: ImportSource,
  rows: Fields[],
  now: string,
): Promise<number> {
  if (rows.length === 0) return 0;
  const [result] = rowsOf<{ created: number }>(
    await tx.db.execute(sql`
      with created as (
        insert into ${acquisitions} (isbn, title, authors, publisher, year, language, subjects,
          subject_keys, call_number, cover_url, summary, acquired_on, source_id, external_id,
          created_at, updated_at)
        select v.isbn, v.title, v.authors, v.publisher, v.year, v.language, v.subjects,
          v.subject_keys, v.call_number, v.cover_url, v.summary, v.acquired_on, v.source_id,
          v.external_id, ${now}::timestamptz, ${now}::timestamptz
        from jsonb_to_recordset(${recordset(rows)}::jsonb) as v(${COLUMNS})
        returning id
      ), audited as (
        insert into ${auditLog} (at, actor_id, actor_name, action, entity_type, entity_id, after)
        select ${now}::timestamptz, ${tx.actor.tokenId}::uuid, ${tx.actor.name}, 'import',
          'source', ${source.id}, jsonb_build_object('source', ${sourceJson(source)}::jsonb,
          'created', count(*), 'acquisitionIds', jsonb_agg(id))
        from created
      )
      select count(*)::int as created from created`),
  );
  return Number(result?.created ?? 0);
}

/**
 * Updates a batch with one statement. An update changes a book staff may have edited or typed in,
 * so each gets the audit entry recordAudit would write, on the acquisition itself.
 */
export async function updateRows(
  tx: Ctx,
  source: ImportSource,
  updates: Update[],
  now: string,
): Promise<void> {
  if (updates.length === 0) return;
  const values = recordset(
    updates.map((u) => u.fields),
    updates,
  );
  await tx.db.execute(sql`
    with changed as (
      update ${acquisitions} as a set
        isbn = v.isbn, title = v.title, authors = v.authors, publisher = v.publisher,
        year = v.year, language = v.language, subjects = v.subjects,
        subject_keys = v.subject_keys, call_number = v.call_number, cover_url = v.cover_url,
        summary = v.summary, acquired_on = v.acquired_on, source_id = v.source_id,
        external_id = v.external_id, version = a.version + 1, updated_at = ${now}::timestamptz
      from jsonb_to_recordset(${values}::jsonb) as v(${COLUMNS}, id uuid, record_id text)
      where a.id = v.id
      returning a.id, v.record_id
    )
    insert into ${auditLog} (at, actor_id, actor_name, action, entity_type, entity_id, after)
    select ${now}::timestamptz, ${tx.actor.tokenId}::uuid, ${tx.actor.name}, 'import',
      'acquisition', id::text, jsonb_build_object('change', 'updated',
      'source', ${sourceJson(source)}::jsonb, 'recordId', record_id)
    from changed`);
}

const sourceJson = (source: ImportSource) => JSON.stringify({ id: source.id, name: source.name });

/**
 * One JSON parameter per batch. The keys are written out: `{ ...key, isbn, ... }` would give each
 * row a hidden class of its own in V8, hundreds of MB of garbage at 100,000 updated records.
 */
const recordset = (rows: Fields[], keys: { id: string; recordId: string }[] = []) =>
  JSON.stringify(
    rows.map((f, i) => ({
      // Only updates have these; JSON.stringify leaves out the undefined ones of inserts.
      id: keys[i]?.id,
      record_id: keys[i]?.recordId,
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

const COLUMNS = sql.raw(`isbn text, title text, authors text[], publisher text, year int,
  language text, subjects text[], subject_keys text[], call_number text, cover_url text,
  summary text, acquired_on date, source_id uuid, external_id text`);
