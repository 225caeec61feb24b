import { and, asc, eq, gt, ilike, type SQL, sql } from "drizzle-orm";
import { recordAudit } from "../audit/record.js";
import { subscribers } from "../db/schema/index.js";
import { type Ctx, withTransaction } from "../shared/context.js";
import { decodeCursor, encodeCursor, keysetPage } from "../shared/cursor.js";
import { notFound } from "../shared/errors.js";
import { escapeLike } from "../shared/sql.js";
import { consentHistory } from "./consent.js";
import { type SubscriberRow, subscriberOutput } from "./output.js";
import { eraseSubscriber, unsubscribe } from "./patron.js";
import type { ListSubscribersQuery } from "./schemas.js";

/**
 * What the audit log keeps of a subscriber: never the address or name. A patron who deletes
 * themselves (or is deleted) must not live on in the audit log; the id says which record it was.
 */
export const auditView = (row: Pick<SubscriberRow, "status" | "locale" | "topics">) => ({
  status: row.status,
  locale: row.locale,
  topics: row.topics,
});

/** By email address; keyset on the address itself (it is unique), so every page costs the same. */
export async function listSubscribers({ ctx, query }: { ctx: Ctx; query: ListSubscribersQuery }) {
  const conditions: SQL[] = [];
  if (query.q) conditions.push(ilike(subscribers.email, `%${escapeLike(query.q.toLowerCase())}%`));
  if (query.status) conditions.push(eq(subscribers.status, query.status));
  if (query.topic) conditions.push(sql`${query.topic} = any(${subscribers.topics})`);
  if (query.cursor) {
    const after = decodeCursor(query.cursor, (value) => value.length <= 254);
    conditions.push(gt(subscribers.email, after.sortValue));
  }
  const rows = await ctx.db
    .select()
    .from(subscribers)
    .where(and(...conditions))
    .orderBy(asc(subscribers.email))
    .limit(query.limit + 1);
  const { items, nextCursor } = keysetPage(rows, query.limit, (last) =>
    encodeCursor(last.email, last.id),
  );
  return { items: items.map(subscriberOutput), nextCursor };
}

export async function getSubscriber({ ctx, id }: { ctx: Ctx; id: string }) {
  const [row] = await ctx.db.select().from(subscribers).where(eq(subscribers.id, id));
  if (!row) throw notFound("Subscriber", id);
  return { ...subscriberOutput(row), consent: await consentHistory(ctx.db, id) };
}

/** Staff unsubscribe someone (asked by phone, at the desk): recorded as consent withdrawn by staff. */
export async function staffUnsubscribe({ ctx, id }: { ctx: Ctx; id: string }) {
  await withTransaction(ctx, async (tx) => {
    const result = await unsubscribe(tx, id, { method: "staff", wording: null });
    if (!result) throw notFound("Subscriber", id);
    if (result.changed) {
      await recordAudit(tx, {
        action: "unsubscribe",
        entityType: "subscriber",
        entityId: id,
        before: auditView(result.before),
        after: auditView(result.subscriber),
      });
    }
  });
  return getSubscriber({ ctx, id });
}

/** Deletes the subscriber and their consent records for good (a patron's erasure request). */
export async function staffDelete({ ctx, id }: { ctx: Ctx; id: string }) {
  await withTransaction(ctx, async (tx) => {
    const removed = await eraseSubscriber(tx, id);
    if (!removed) throw notFound("Subscriber", id);
    await recordAudit(tx, {
      action: "delete",
      entityType: "subscriber",
      entityId: id,
      before: auditView(removed),
    });
  });
}
