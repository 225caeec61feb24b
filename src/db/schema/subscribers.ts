import { sql } from "drizzle-orm";
import {
  bigserial,
  check,
  index,
  jsonb,
  pgTable,
  text,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { id, instant, timestamps } from "./columns.js";
import { sqlList, subscriberStatuses } from "./enums.js";

/** A newsletter subscriber: the minimum we need to send what they asked for, nothing more. */
export const subscribers = pgTable(
  "subscribers",
  {
    id: id(),
    /** Stored lower-cased; unique. */
    email: text("email").notNull(),
    name: text("name"),
    locale: text("locale").notNull().default("id"),
    topics: text("topics").array().notNull().default(sql`'{}'::text[]`),
    status: text("status").notNull().default("pending"),
    confirmedAt: instant("confirmed_at"),
    unsubscribedAt: instant("unsubscribed_at"),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex("subscribers_email_idx").on(t.email),
    index("subscribers_status_idx").on(t.status, t.id),
    check("subscribers_status_check", sql.raw(`status in (${sqlList(subscriberStatuses)})`)),
  ],
);

/**
 * Consent as UU PDP expects it: when, how, with which wording and topics. Append-only; a
 * subscriber who deletes themselves takes these with them.
 */
export const consentRecords = pgTable(
  "consent_records",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    subscriberId: uuid("subscriber_id")
      .notNull()
      .references(() => subscribers.id, { onDelete: "cascade" }),
    at: instant("at").notNull(),
    action: text("action").notNull(),
    method: text("method").notNull(),
    wording: text("wording"),
    details: jsonb("details").$type<Record<string, unknown>>(),
  },
  (t) => [index("consent_records_subscriber_idx").on(t.subscriberId, t.at)],
);
