import { desc, sql } from "drizzle-orm";
import type { Database } from "../db/database.js";
import { acquisitions } from "../db/schema/index.js";

/** The book feeds list the newest arrivals; readers keep older items they have already seen. */
export const ACQUISITION_FEED_SIZE = 50;

const newestFirst = [desc(acquisitions.acquiredOn), desc(acquisitions.id)] as const;

const columns = {
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
  acquiredOn: acquisitions.acquiredOn,
  featured: acquisitions.featured,
  version: acquisitions.version,
  updatedAt: acquisitions.updatedAt,
};

export interface FeedAcquisition {
  id: string;
  isbn: string | null;
  title: string;
  authors: string[];
  publisher: string | null;
  year: number | null;
  language: string | null;
  subjects: string[];
  callNumber: string | null;
  coverUrl: string | null;
  summary: string | null;
  acquiredOn: string;
  featured: boolean;
  version: number;
  updatedAt: Date;
}

const statements = new WeakMap<Database, ReturnType<typeof prepare>>();

function prepare(db: Database) {
  const newest = db
    .select(columns)
    .from(acquisitions)
    .orderBy(...newestFirst)
    .limit(ACQUISITION_FEED_SIZE);
  const top = db
    .select({
      id: acquisitions.id,
      version: acquisitions.version,
      updatedAt: acquisitions.updatedAt,
    })
    .from(acquisitions)
    .orderBy(...newestFirst)
    .limit(ACQUISITION_FEED_SIZE)
    .as("top");
  // Which books are in the feed, with the version and last change of each (see read-events.ts).
  const fingerprint = db
    .select({
      fingerprint: sql<string>`count(*) || ':' || coalesce(md5(string_agg(
        ${top.id}::text || '.' || ${top.version} || '.' || (extract(epoch from ${top.updatedAt}) * 1000)::bigint,
        ',' order by ${top.id})), '')`,
    })
    .from(top);
  return {
    rows: newest.prepare("feed_acquisitions_rows"),
    fingerprint: fingerprint.prepare("feed_acquisitions_fingerprint"),
  };
}

function statementsFor(db: Database) {
  let found = statements.get(db);
  if (!found) {
    found = prepare(db);
    statements.set(db, found);
  }
  return found;
}

export async function acquisitionsFingerprint(db: Database): Promise<string> {
  const [row] = await statementsFor(db).fingerprint.execute();
  return row?.fingerprint ?? "";
}

export function readFeedAcquisitions(db: Database): Promise<FeedAcquisition[]> {
  return statementsFor(db).rows.execute();
}
