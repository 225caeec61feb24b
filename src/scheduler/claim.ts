import { and, asc, eq, inArray, lt, lte, notInArray, sql } from "drizzle-orm";
import type { Database } from "../db/database.js";
import { channelStates, deliveries, deliveryAttempts, posts } from "../db/schema/index.js";

/**
 * A worker died mid-send (its lease ran out): the provider may or may not have the post. Such a
 * row becomes `unknown`, and is reconciled (looked for on the account) before anything is retried.
 */
export async function expireLeases(db: Database, now: Date): Promise<number> {
  const expired = await db
    .update(deliveries)
    .set({ status: "unknown", leaseUntil: null, claimedBy: null, dueAt: now, updatedAt: now })
    .where(and(eq(deliveries.status, "sending"), lt(deliveries.leaseUntil, now)))
    .returning({ id: deliveries.id });
  if (expired.length > 0) {
    await db.insert(deliveryAttempts).values(
      expired.map(({ id }) => ({
        deliveryId: id,
        startedAt: now,
        finishedAt: now,
        outcome: "unknown",
        error:
          "The worker's lease expired while sending; the post will be looked for before any retry",
      })),
    );
  }
  return expired.length;
}

/** Far too late (the server was down all night): never sent blindly, marked missed for staff. */
export async function markMissed(db: Database, now: Date, maxLatenessMs: number): Promise<number> {
  const cutoff = new Date(now.getTime() - maxLatenessMs);
  const hours = Math.round((maxLatenessMs / 3_600_000) * 10) / 10;
  const reason = `Not sent: more than ${hours} h after its scheduled time`;
  const missed = await db
    .update(deliveries)
    .set({ status: "missed", lastError: reason, updatedAt: now })
    .where(and(eq(deliveries.status, "pending"), lt(deliveries.scheduledFor, cutoff)))
    .returning({ id: deliveries.id });
  if (missed.length > 0) {
    await db.insert(deliveryAttempts).values(
      missed.map(({ id }) => ({
        deliveryId: id,
        startedAt: now,
        finishedAt: now,
        outcome: "missed",
        error: reason,
      })),
    );
  }
  return missed.length;
}

export interface ClaimedDelivery {
  id: string;
  postId: string;
  channel: string;
  idempotencyKey: string;
  body: string;
  mediaUrls: string[];
  externalIds: string[];
  attempts: number;
  retries: number;
  /** It was `unknown`: reconcile before publishing. */
  reconcile: boolean;
}

/**
 * Claims up to `limit` due rows for this worker: `FOR UPDATE SKIP LOCKED` lets any number of
 * scheduler processes share one database without two ever holding the same row, and the lease
 * says how long the claim holds if the worker dies.
 */
export async function claimDue(
  db: Database,
  now: Date,
  workerId: string,
  limit: number,
  leaseMs: number,
): Promise<ClaimedDelivery[]> {
  return db.transaction(async (tx) => {
    const held = tx
      .select({ channel: channelStates.channel })
      .from(channelStates)
      .where(eq(channelStates.needsAttention, true));
    const due = await tx
      .select({ id: deliveries.id, status: deliveries.status })
      .from(deliveries)
      .where(
        and(
          inArray(deliveries.status, ["pending", "unknown"]),
          lte(deliveries.dueAt, now),
          notInArray(deliveries.channel, held),
        ),
      )
      .orderBy(asc(deliveries.dueAt))
      .limit(limit)
      .for("update", { skipLocked: true });
    if (due.length === 0) return [];
    const wasUnknown = new Set(due.filter((row) => row.status === "unknown").map((row) => row.id));
    const claimed = await tx
      .update(deliveries)
      .set({
        status: "sending",
        claimedBy: workerId,
        leaseUntil: new Date(now.getTime() + leaseMs),
        attempts: sql`${deliveries.attempts} + 1`,
        updatedAt: now,
      })
      .where(
        inArray(
          deliveries.id,
          due.map((row) => row.id),
        ),
      )
      .returning();
    const bodies = await tx
      .select({ id: posts.id, body: posts.body, mediaUrls: posts.mediaUrls })
      .from(posts)
      .where(
        inArray(
          posts.id,
          claimed.map((row) => row.postId),
        ),
      );
    const postById = new Map(bodies.map((post) => [post.id, post]));
    return claimed.map((row) => ({
      id: row.id,
      postId: row.postId,
      channel: row.channel,
      idempotencyKey: row.idempotencyKey,
      body: postById.get(row.postId)?.body ?? "",
      mediaUrls: postById.get(row.postId)?.mediaUrls ?? [],
      externalIds: row.externalIds,
      attempts: row.attempts,
      retries: row.retries,
      reconcile: wasUnknown.has(row.id),
    }));
  });
}
