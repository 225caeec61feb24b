import { sql } from "drizzle-orm";
import { acquisitions } from "../db/schema/index.js";
import { isoTimestamp } from "../shared/sql.js";

/** A new book as anyone may see it; no source record ids, versions or creation times. */
export const publicAcquisitionJson = sql`json_build_object(
  'id', ${acquisitions.id},
  'isbn', ${acquisitions.isbn},
  'title', ${acquisitions.title},
  'authors', ${acquisitions.authors},
  'publisher', ${acquisitions.publisher},
  'year', ${acquisitions.year},
  'language', ${acquisitions.language},
  'subjects', ${acquisitions.subjects},
  'callNumber', ${acquisitions.callNumber},
  'coverUrl', ${acquisitions.coverUrl},
  'summary', ${acquisitions.summary},
  'acquiredOn', to_char(${acquisitions.acquiredOn}, 'YYYY-MM-DD'),
  'featured', ${acquisitions.featured},
  'updatedAt', ${isoTimestamp(acquisitions.updatedAt)}
)`;
