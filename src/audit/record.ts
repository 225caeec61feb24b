import { auditLog } from "../db/schema/index.js";
import type { Ctx } from "../shared/context.js";

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
}

/** Written inside the caller's transaction: no change without its record, no record without it. */
export async function recordAudit(ctx: Ctx, ...entries: AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await ctx.db.insert(auditLog).values(
    entries.map((entry) => ({
      at: ctx.clock.now(),
      actorId: ctx.actor.tokenId,
      actorName: ctx.actor.name,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId,
      before: toJson(entry.before),
      after: toJson(entry.after),
    })),
  );
}

const toJson = (value: unknown) => (value === undefined ? null : JSON.parse(JSON.stringify(value)));
