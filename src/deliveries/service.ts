import { and, asc, desc, eq, ilike, inArray, type SQL, sql } from "drizzle-orm";
import { recordAudit } from "../audit/record.js";
import type { Database } from "../db/database.js";
import type { DeliveryStatus } from "../db/schema/enums.js";
import {
  channelStates,
  type DeliveryRow,
  deliveries,
  deliveryAttempts,
} from "../db/schema/index.js";
import { type Ctx, withTransaction } from "../shared/context.js";
import { decodeCursor, encodeCursor, isInstant, keysetPage } from "../shared/cursor.js";
import { AppError, notFound } from "../shared/errors.js";
import { escapeLike } from "../shared/sql.js";
import type { ListDeliveriesQuery } from "./schemas.js";

function toOutput(row: DeliveryRow) {
  return {
    id: row.id,
    postId: row.postId,
    channel: row.channel,
    status: row.status,
    scheduledFor: row.scheduledFor.toISOString(),
    dueAt: row.dueAt.toISOString(),
    attempts: row.attempts,
    retries: row.retries,
    lastError: row.lastError,
    sentAt: row.sentAt?.toISOString() ?? null,
    externalIds: row.externalIds,
    preview: row.preview,
  };
}

/** Newest due first: what is about to go out, what went out, what failed and why. */
export async function listDeliveries(db: Database, query: ListDeliveriesQuery) {
  const conditions: SQL[] = [];
  if (query.status?.length) conditions.push(inArray(deliveries.status, query.status));
  if (query.channel) conditions.push(eq(deliveries.channel, query.channel));
  if (query.postId) conditions.push(eq(deliveries.postId, query.postId));
  if (query.error) conditions.push(ilike(deliveries.lastError, `%${escapeLike(query.error)}%`));
  if (query.cursor) {
    const after = decodeCursor(query.cursor, isInstant);
    conditions.push(
      sql`(${deliveries.dueAt}, ${deliveries.id}) < (${after.sortValue}::timestamptz, ${after.id}::uuid)`,
    );
  }
  const rows = await db
    .select()
    .from(deliveries)
    .where(and(...conditions))
    .orderBy(desc(deliveries.dueAt), desc(deliveries.id))
    .limit(query.limit + 1);
  const { items, nextCursor } = keysetPage(rows, query.limit, (last) =>
    encodeCursor(last.dueAt.toISOString(), last.id),
  );
  return { items: items.map(toOutput), nextCursor };
}

export async function getDelivery(db: Database, id: string) {
  const [row] = await db.select().from(deliveries).where(eq(deliveries.id, id));
  if (!row) throw notFound("Delivery", id);
  const history = await db
    .select()
    .from(deliveryAttempts)
    .where(eq(deliveryAttempts.deliveryId, id))
    .orderBy(asc(deliveryAttempts.startedAt), asc(deliveryAttempts.id));
  return {
    ...toOutput(row),
    history: history.map((a) => ({
      startedAt: a.startedAt.toISOString(),
      finishedAt: a.finishedAt?.toISOString() ?? null,
      outcome: a.outcome,
      error: a.error,
      retryAt: a.retryAt?.toISOString() ?? null,
    })),
  };
}

/**
 * The staff actions on one outbox row. "Publish now" only makes it due now (the scheduler sends
 * it); "retry" gives a failed or missed row a fresh start; "cancel" withdraws a pending one.
 */
const actions = {
  "publish-now": { from: ["pending"], to: "pending" },
  retry: { from: ["failed", "missed"], to: "pending" },
  cancel: { from: ["pending"], to: "cancelled" },
} as const satisfies Record<string, { from: readonly DeliveryStatus[]; to: DeliveryStatus }>;

export type DeliveryAction = keyof typeof actions;

export async function actOnDelivery({
  ctx,
  id,
  action,
}: {
  ctx: Ctx;
  id: string;
  action: DeliveryAction;
}) {
  return withTransaction(ctx, async (tx) => {
    const [current] = await tx.db
      .select()
      .from(deliveries)
      .where(eq(deliveries.id, id))
      .for("update");
    if (!current) throw notFound("Delivery", id);
    const rule = actions[action];
    if (!(rule.from as readonly string[]).includes(current.status)) {
      const why =
        current.status === "sending" || current.status === "unknown"
          ? "it is being sent (or may have been); wait for the outcome"
          : `it is ${current.status}`;
      throw new AppError("conflict", `Cannot ${action.replace("-", " ")} delivery ${id}: ${why}`);
    }
    const now = tx.clock.now();
    const fresh = action === "cancel" ? {} : { dueAt: now, scheduledFor: now };
    const reset = action === "retry" ? { retries: 0, lastError: null } : {};
    await tx.db
      .update(deliveries)
      .set({ status: rule.to, ...fresh, ...reset, updatedAt: now })
      .where(eq(deliveries.id, id));
    const after = await getDelivery(tx.db, id);
    await recordAudit(tx, {
      action,
      entityType: "delivery",
      entityId: id,
      before: toOutput(current),
      after,
    });
    return after;
  });
}

/** The channels' health: a channel whose credentials were refused holds its queue until resumed. */
export async function listChannels(db: Database, channels: Record<string, { preview: boolean }>) {
  const states = await db.select().from(channelStates);
  return Object.entries(channels).map(([kind, channel]) => {
    const state = states.find((s) => s.channel === kind);
    return {
      channel: kind,
      preview: channel.preview,
      needsAttention: state?.needsAttention ?? false,
      reason: state?.needsAttention ? state.reason : null,
      since: state?.needsAttention ? (state.since?.toISOString() ?? null) : null,
    };
  });
}

export async function resumeChannel({ ctx, channel }: { ctx: Ctx; channel: string }) {
  await withTransaction(ctx, async (tx) => {
    const [state] = await tx.db
      .update(channelStates)
      .set({ needsAttention: false, updatedAt: tx.clock.now() })
      .where(eq(channelStates.channel, channel))
      .returning();
    await recordAudit(tx, {
      action: "resume",
      entityType: "channel",
      entityId: channel,
      before: state?.reason ?? null,
    });
  });
}
