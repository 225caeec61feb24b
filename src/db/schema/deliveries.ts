import { sql } from "drizzle-orm";
import {
  bigserial,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { id, instant, timestamps } from "./columns.js";
import { type DeliveryStatus, deliveryStatuses, sqlList } from "./enums.js";
import { posts } from "./posts.js";

/** The outbox: one row per intended publication of a post on one channel. */
export const deliveries = pgTable(
  "deliveries",
  {
    id: id(),
    postId: uuid("post_id")
      .notNull()
      .references(() => posts.id, { onDelete: "cascade" }),
    channel: text("channel").notNull(),
    idempotencyKey: text("idempotency_key").notNull(),
    status: text("status").$type<DeliveryStatus>().notNull().default("pending"),
    /** When it was meant to go out; lateness is measured from here. */
    scheduledFor: instant("scheduled_for").notNull(),
    /** When the next attempt may run (later than scheduledFor after a rate limit or a backoff). */
    dueAt: instant("due_at").notNull(),
    attempts: integer("attempts").notNull().default(0),
    /** Transient failures so far (network, 5xx): bounded, unlike waiting out a rate limit. */
    retries: integer("retries").notNull().default(0),
    leaseUntil: instant("lease_until"),
    claimedBy: text("claimed_by"),
    /** Ids the provider gave each part as soon as it was posted (a thread resumes, never reposts). */
    externalIds: jsonb("external_ids").$type<string[]>().notNull().default([]),
    preview: text("preview"),
    lastError: text("last_error"),
    sentAt: instant("sent_at"),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex("deliveries_idempotency_key_idx").on(t.idempotencyKey),
    index("deliveries_post_idx").on(t.postId),
    // What each tick asks: due rows and expired leases only; history never slows it down.
    index("deliveries_due_idx").on(t.dueAt).where(sql`status in ('pending', 'unknown')`),
    index("deliveries_lease_idx").on(t.leaseUntil).where(sql`status = 'sending'`),
    index("deliveries_status_created_idx").on(t.status, t.createdAt, t.id),
    check("deliveries_status_check", sql.raw(`status in (${sqlList(deliveryStatuses)})`)),
  ],
);

/** A channel whose credentials were refused: its queue waits for a person instead of burning attempts. */
export const channelStates = pgTable("channel_states", {
  channel: text("channel").primaryKey(),
  needsAttention: boolean("needs_attention").notNull().default(false),
  reason: text("reason"),
  since: instant("since"),
  updatedAt: instant("updated_at").notNull().defaultNow(),
});

/** Every attempt to publish, kept for the audit trail ("what failed and why"). */
export const deliveryAttempts = pgTable(
  "delivery_attempts",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    deliveryId: uuid("delivery_id")
      .notNull()
      .references(() => deliveries.id, { onDelete: "cascade" }),
    startedAt: instant("started_at").notNull(),
    finishedAt: instant("finished_at"),
    outcome: text("outcome").notNull(),
    request: jsonb("request").$type<Record<string, unknown>>(),
    error: text("error"),
    retryAt: instant("retry_at"),
  },
  (t) => [index("delivery_attempts_delivery_idx").on(t.deliveryId, t.startedAt)],
);

export type DeliveryRow = typeof deliveries.$inferSelect;
