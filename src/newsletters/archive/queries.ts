import { and, desc, eq, sql } from "drizzle-orm";
import type { Database } from "../../db/database.js";
import { type NewsletterRow, newsletters } from "../../db/schema/index.js";

/** How many issues the archive page and the feed show: years of a monthly newsletter. */
const ARCHIVE_SIZE = 100;

/** Only issues that went out are public; drafts and issues still sending are not. */
export function sentIssues(db: Database): Promise<NewsletterRow[]> {
  return db
    .select()
    .from(newsletters)
    .where(eq(newsletters.status, "sent"))
    .orderBy(
      desc(sql`coalesce(${newsletters.sentAt}, ${newsletters.updatedAt})`),
      desc(newsletters.id),
    )
    .limit(ARCHIVE_SIZE);
}

export async function sentIssue(db: Database, id: string): Promise<NewsletterRow | undefined> {
  const [row] = await db
    .select()
    .from(newsletters)
    .where(and(eq(newsletters.id, id), eq(newsletters.status, "sent")));
  return row;
}

export const sentOn = (row: NewsletterRow) => row.sentAt ?? row.updatedAt;
