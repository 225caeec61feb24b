import { eq, sql } from "drizzle-orm";
import type { Database } from "../db/database.js";
import { acquisitions } from "../db/schema/index.js";
import { isoTimestamp, jsonObject, without } from "../shared/sql.js";

/** The shape of an acquisition, whitelisted field by field and built by Postgres. */
const acquisitionFields = {
  id: acquisitions.id,
  isbn: acquisitions.isbn,
  title: acquisitions.title,
  authors: acquisitions.authors,
  publisher: acquisitions.publisher,
  year: acquisitions.year,
  language: acquisitions.language,
  subjects: acquisitions.subjects,
  callNumber: acquisitions.callNumber,
  coverUrl: acquisitions.coverUrl,
  summary: acquisitions.summary,
  acquiredOn: sql`to_char(${acquisitions.acquiredOn}, 'YYYY-MM-DD')`,
  featured: acquisitions.featured,
  source: sql`case when ${acquisitions.sourceId} is null then null
                 else json_build_object('id', ${acquisitions.sourceId}, 'recordId', ${acquisitions.externalId}) end`,
  version: acquisitions.version,
  createdAt: isoTimestamp(acquisitions.createdAt),
  updatedAt: isoTimestamp(acquisitions.updatedAt),
};

/** An acquisition as staff see it through the API. */
export const acquisitionJson = jsonObject(acquisitionFields);

/** A new book as anyone may see it: no source record ids, versions or creation times. */
export const publicAcquisitionJson = jsonObject(
  without(acquisitionFields, "source", "version", "createdAt"),
);

export interface AcquisitionOutput {
  id: string;
  isbn: string | null;
  title: string;
  acquiredOn: string;
  version: number;
  [field: string]: unknown;
}

export async function readAcquisition(
  db: Database,
  id: string,
): Promise<AcquisitionOutput | undefined> {
  const [row] = await db
    .select({ acquisition: sql<AcquisitionOutput>`${acquisitionJson}` })
    .from(acquisitions)
    .where(eq(acquisitions.id, id));
  return row?.acquisition;
}

/** How a subject is matched: trimmed, lower-cased the Indonesian way. */
export const subjectKey = (subject: string) => subject.trim().toLocaleLowerCase("id");
