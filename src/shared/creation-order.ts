import { and, asc, type SQL, sql } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import type { Database } from "../db/database.js";
import { decodeCursor, encodeCursor, isInstant, keysetPage } from "./cursor.js";

/** A table whose rows are listed oldest first; the id breaks ties between equal instants. */
type CreationOrdered = PgTable & {
  id: PgColumn;
  createdAt: PgColumn;
  $inferSelect: { id: string; createdAt: Date };
};

/** One keyset page of `table` in creation order, narrowed by the caller's `filter`. */
export async function listInCreationOrder<Table extends CreationOrdered>(
  db: Database,
  table: Table,
  page: { cursor?: string | undefined; limit: number },
  filter?: SQL,
) {
  const after = page.cursor ? decodeCursor(page.cursor, isInstant) : undefined;
  const rows = await db
    .select()
    .from(table as CreationOrdered)
    .where(
      and(
        filter,
        after &&
          sql`(${table.createdAt}, ${table.id}) > (${after.sortValue}::timestamptz, ${after.id}::uuid)`,
      ),
    )
    .orderBy(asc(table.createdAt), asc(table.id))
    .limit(page.limit + 1);
  // drizzle cannot name the row type of a generic table; the constraint above guarantees it.
  return keysetPage(rows as Table["$inferSelect"][], page.limit, (last) =>
    encodeCursor(last.createdAt.toISOString(), last.id),
  );
}
