import { and, desc, eq, type SQL, sql } from "drizzle-orm";
import { newsletters } from "../db/schema/index.js";
import type { Ctx } from "../shared/context.js";
import { decodeCursor, encodeCursor, isInstant, keysetPage } from "../shared/cursor.js";
import type { ListNewslettersQuery } from "./schemas.js";
import { present } from "./service.js";

/** Newest first. */
export async function listNewsletters({ ctx, query }: { ctx: Ctx; query: ListNewslettersQuery }) {
  const conditions: SQL[] = [];
  if (query.status) conditions.push(eq(newsletters.status, query.status));
  if (query.cursor) {
    const after = decodeCursor(query.cursor, isInstant);
    conditions.push(
      sql`(${newsletters.createdAt}, ${newsletters.id}) < (${after.sortValue}::timestamptz, ${after.id}::uuid)`,
    );
  }
  const rows = await ctx.db
    .select()
    .from(newsletters)
    .where(and(...conditions))
    .orderBy(desc(newsletters.createdAt), desc(newsletters.id))
    .limit(query.limit + 1);
  const page = keysetPage(rows, query.limit, (last) =>
    encodeCursor(last.createdAt.toISOString(), last.id),
  );
  return { items: page.items.map((row) => present(ctx, row)), nextCursor: page.nextCursor };
}
