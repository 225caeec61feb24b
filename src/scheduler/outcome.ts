import { and, eq, notInArray, sql } from "drizzle-orm";
import type { PublishResult } from "../channels/channel.js";
import type { Database } from "../db/database.js";
import { channelStates, deliveries, deliveryAttempts, posts } from "../db/schema/index.js";
import type { ClaimedDelivery } from "./claim.js";

export const MAX_RETRIES = 5;
const BACKOFF_BASE_MS = 30_000;
const BACKOFF_CAP_MS = 60 * 60_000;

/** Exponential backoff with jitter (half fixed, half random), so many workers do not retry in step. */
export function backoffMs(retries: number, random: () => number = Math.random): number {
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, retries - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

type Change = Partial<typeof deliveries.$inferInsert>;

/** What a result does to the row. A transient failure may have reached the provider: unknown. */
function changeFor(
  row: ClaimedDelivery,
  result: PublishResult,
  now: Date,
): { change: Change; outcome: string } {
  const release = { leaseUntil: null, claimedBy: null, updatedAt: now };
  switch (result.kind) {
    case "sent":
      return {
        outcome: "sent",
        change: {
          ...release,
          status: "sent",
          sentAt: now,
          externalIds: result.externalIds,
          preview: result.preview ?? null,
          lastError: null,
        },
      };
    case "rate_limited":
      return {
        outcome: "rate_limited",
        change: { ...release, status: "pending", dueAt: result.until, lastError: result.reason },
      };
    case "needs_attention":
      return {
        outcome: "held",
        change: { ...release, status: "pending", lastError: result.reason },
      };
    case "rejected":
      return {
        outcome: "failed",
        change: { ...release, status: "failed", lastError: result.reason },
      };
    case "transient": {
      const retries = row.retries + 1;
      if (retries > MAX_RETRIES) {
        return {
          outcome: "failed",
          change: {
            ...release,
            status: "failed",
            retries,
            lastError: `Gave up after ${MAX_RETRIES} retries: ${result.reason}`,
          },
        };
      }
      return {
        outcome: "retry",
        change: {
          ...release,
          status: "unknown",
          retries,
          dueAt: new Date(now.getTime() + backoffMs(retries)),
          lastError: result.reason,
        },
      };
    }
  }
}

/**
 * Records one attempt: the row moves on (only if this worker still holds it), the attempt is
 * logged, a fully sent post becomes published, and refused credentials hold the channel.
 */
export async function recordOutcome(
  db: Database,
  row: ClaimedDelivery,
  result: PublishResult,
  timing: { startedAt: Date; finishedAt: Date },
  workerId: string,
): Promise<void> {
  const { change, outcome } = changeFor(row, result, timing.finishedAt);
  await db.transaction(async (tx) => {
    const [updated] = await tx
      .update(deliveries)
      .set(change)
      .where(
        and(
          eq(deliveries.id, row.id),
          eq(deliveries.status, "sending"),
          eq(deliveries.claimedBy, workerId),
        ),
      )
      .returning({ id: deliveries.id });
    await tx.insert(deliveryAttempts).values({
      deliveryId: row.id,
      startedAt: timing.startedAt,
      finishedAt: timing.finishedAt,
      outcome: updated ? outcome : `${outcome} (lease lost)`,
      request: {
        channel: row.channel,
        attempt: row.attempts,
        parts: result.kind === "sent" ? result.externalIds.length : undefined,
      },
      error: result.kind === "sent" ? null : result.reason,
      retryAt:
        change.status === "pending" || change.status === "unknown" ? (change.dueAt ?? null) : null,
    });
    if (!updated) return;
    if (result.kind === "needs_attention") {
      await tx
        .insert(channelStates)
        .values({
          channel: row.channel,
          needsAttention: true,
          reason: result.reason,
          since: timing.finishedAt,
          updatedAt: timing.finishedAt,
        })
        .onConflictDoUpdate({
          target: channelStates.channel,
          set: {
            needsAttention: true,
            reason: result.reason,
            since: timing.finishedAt,
            updatedAt: timing.finishedAt,
          },
        });
    }
    if (result.kind === "sent") await markPublishedIfDone(tx, row.postId, timing.finishedAt);
  });
}

async function markPublishedIfDone(db: Database, postId: string, now: Date): Promise<void> {
  const open = db
    .select({ id: deliveries.id })
    .from(deliveries)
    .where(
      and(eq(deliveries.postId, postId), notInArray(deliveries.status, ["sent", "cancelled"])),
    );
  await db
    .update(posts)
    .set({ status: "published", version: sql`${posts.version} + 1`, updatedAt: now })
    .where(and(eq(posts.id, postId), eq(posts.status, "approved"), sql`not exists (${open})`));
}

/**
 * Saves the parts a channel has posted so far and renews the lease (a long thread outlives a
 * short one). Throws when this worker no longer holds the row: another worker has taken it over,
 * so this one must stop posting, or the rest of the thread would go out twice.
 */
export async function saveParts(
  db: Database,
  id: string,
  workerId: string,
  externalIds: string[],
  now: Date,
  leaseMs: number,
): Promise<void> {
  const saved = await db
    .update(deliveries)
    .set({ externalIds, leaseUntil: new Date(now.getTime() + leaseMs), updatedAt: now })
    .where(
      and(
        eq(deliveries.id, id),
        eq(deliveries.status, "sending"),
        eq(deliveries.claimedBy, workerId),
      ),
    )
    .returning({ id: deliveries.id });
  if (saved.length === 0)
    throw new Error(`Lost the claim on delivery ${id}; stopping so nothing is posted twice`);
}
