import type { AcquisitionRow } from "../db/schema/index.js";

export function toAcquisitionOutput(row: AcquisitionRow) {
  return {
    id: row.id,
    isbn: row.isbn,
    title: row.title,
    authors: row.authors,
    publisher: row.publisher,
    year: row.year,
    language: row.language,
    subjects: row.subjects,
    callNumber: row.callNumber,
    coverUrl: row.coverUrl,
    summary: row.summary,
    acquiredOn: row.acquiredOn,
    featured: row.featured,
    source: row.sourceId ? { id: row.sourceId, recordId: row.externalId } : null,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
