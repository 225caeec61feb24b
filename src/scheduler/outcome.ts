import { and, eq, inArray, sql } from "drizzle-orm";
import type { PublishResult } from "../channels/channel.js";
import type { Database } from "../db/database.js";
import { channelStates, deliveries, deliveryAttempts, posts } from "../db/schema/index.js";
import { rowsOf, timestamptz } from "../shared/sql.js";
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

export interface Attempted {
  row: ClaimedDelivery;
  result: PublishResult;
  startedAt: Date;
  finishedAt: Date;
}

/**
 * Records a batch of attempts in a few set-based statements, whatever the batch's size: rows
 * move on (only those this worker still holds), every attempt is logged, fully sent posts become
 * published, and refused credentials hold their channel. Parts already posted were saved one by
 * one as they went out, so a crash before this point loses nothing: the lease expires and the
 * rows are reconciled.
 */
export async function recordOutcomes(
  db: Database,
  attempted: Attempted[],
  workerId: string,
  now: Date,
): Promise<void> {
  if (attempted.length === 0) return;
  const planned = attempted.map((a) => ({ ...a, ...changeFor(a.row, a.result, a.finishedAt) }));
  const values = planned.map(({ row, change }) => ({
    id: row.id,
    status: change.status,
    due_at: change.dueAt?.toISOString() ?? null,
    retries: change.retries ?? null,
    external_ids: change.externalIds ?? null,
    preview: change.preview ?? null,
    last_error: change.lastError ?? null,
    sent_at: change.sentAt?.toISOString() ?? null,
  }));
  await db.transaction(async (tx) => {
    const updated = rowsOf<{ id: string }>(
      await tx.execute(sql`
        update ${deliveries} as d set
          status = v.status,
          due_at = coalesce(v.due_at, d.due_at),
          retries = coalesce(v.retries, d.retries),
          external_ids = coalesce(v.external_ids, d.external_ids),
          preview = coalesce(v.preview, d.preview),
          last_error = v.last_error,
          sent_at = coalesce(v.sent_at, d.sent_at),
          lease_until = null,
          claimed_by = null,
          updated_at = ${timestamptz(now)}
        from jsonb_to_recordset(${JSON.stringify(values)}::jsonb) as v(
          id uuid, status text, due_at timestamptz, retries int, external_ids jsonb,
          preview text, last_error text, sent_at timestamptz)
        where d.id = v.id and d.status = 'sending' and d.claimed_by = ${workerId}
        returning d.id`),
    );
    const held = new Set(updated.map((row) => row.id));
    await tx.insert(deliveryAttempts).values(
      planned.map(({ row, result, change, outcome, startedAt, finishedAt }) => ({
        deliveryId: row.id,
        startedAt,
        finishedAt,
        outcome: held.has(row.id) ? outcome : `${outcome} (lease lost)`,
        request: {
          channel: row.channel,
          attempt: row.attempts,
          parts: result.kind === "sent" ? result.externalIds.length : undefined,
        },
        error: result.kind === "sent" ? null : result.reason,
        retryAt:
          change.status === "pending" || change.status === "unknown"
            ? (change.dueAt ?? null)
            : null,
      })),
    );
    for (const { row, result, finishedAt } of planned) {
      if (result.kind !== "needs_attention" || !held.has(row.id)) continue;
      const state = {
        needsAttention: true,
        reason: result.reason,
        since: finishedAt,
        updatedAt: finishedAt,
      };
      await tx
        .insert(channelStates)
        .values({ channel: row.channel, ...state })
        .onConflictDoUpdate({ target: channelStates.channel, set: state });
    }
    const sentPosts = planned
      .filter((p) => p.result.kind === "sent" && held.has(p.row.id))
      .map((p) => p.row.postId);
    if (sentPosts.length > 0) await markPublishedIfDone(tx, sentPosts, now);
  });
}

/** A post is published once every outbox row of it (but the withdrawn ones) is sent. */
async function markPublishedIfDone(db: Database, postIds: string[], now: Date): Promise<void> {
  await db
    .update(posts)
    .set({ status: "published", version: sql`${posts.version} + 1`, updatedAt: now })
    .where(
      and(
        inArray(posts.id, postIds),
        eq(posts.status, "approved"),
        sql`not exists (select 1 from ${deliveries} as o where o.post_id = ${posts.id} and o.status not in ('sent', 'cancelled'))`,
      ),
    );
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
