import { and, desc, eq, lt, type SQL } from "drizzle-orm";
import type { Database } from "../db/database.js";
import { auditLog } from "../db/schema/index.js";
import { keysetPage } from "../shared/cursor.js";

export interface AuditQuery {
  entityType?: string | undefined;
  entityId?: string | undefined;
  limit: number;
  cursor?: number | undefined;
}

/** Newest first; the cursor is the last entry's id. */
export async function listAudit(db: Database, query: AuditQuery) {
  const conditions: SQL[] = [];
  if (query.entityType) conditions.push(eq(auditLog.entityType, query.entityType));
  if (query.entityId) conditions.push(eq(auditLog.entityId, query.entityId));
  if (query.cursor) conditions.push(lt(auditLog.id, query.cursor));
  const rows = await db
    .select()
    .from(auditLog)
    .where(and(...conditions))
    .orderBy(desc(auditLog.id))
    .limit(query.limit + 1);
  const { items, nextCursor } = keysetPage(rows, query.limit, (last) => last.id);
  return {
    nextCursor,
    items: items.map((row) => ({
      id: row.id,
      at: row.at.toISOString(),
      actor: { id: row.actorId, name: row.actorName },
      action: row.action,
      entityType: row.entityType,
      entityId: row.entityId,
      before: row.before,
      after: row.after,
    })),
  };
}
