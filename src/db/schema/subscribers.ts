import { sql } from "drizzle-orm";
import {
  bigserial,
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
import { patronEmailKinds, patronEmailStatuses, sqlList, subscriberStatuses } from "./enums.js";

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

/**
 * The emails a subscription change owes its patron (confirm, welcome, already subscribed),
 * written in the change's own transaction and sent by the sender loop: a relay that is down or a
 * process that dies loses none, and no page waits for SMTP. Kept after sending as the record of
 * what went out; a subscriber who deletes themselves takes these with them.
 */
export const patronEmails = pgTable(
  "patron_emails",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    subscriberId: uuid("subscriber_id")
      .notNull()
      .references(() => subscribers.id, { onDelete: "cascade" }),
    kind: text("kind").notNull(),
    status: text("status").notNull().default("pending"),
    /** Pending: not before this. Sending: the claim's lease runs out then, and anyone may retry. */
    dueAt: instant("due_at").notNull(),
    attempts: integer("attempts").notNull().default(0),
    /** Chosen at the first claim, kept for retries. */
    messageId: text("message_id"),
    lastError: text("last_error"),
    sentAt: instant("sent_at"),
    ...timestamps(),
  },
  (t) => [
    index("patron_emails_due_idx")
      .on(t.dueAt, t.id)
      .where(sql`${t.status} in ('pending', 'sending')`),
    index("patron_emails_subscriber_idx").on(t.subscriberId),
    check("patron_emails_kind_check", sql.raw(`kind in (${sqlList(patronEmailKinds)})`)),
    check("patron_emails_status_check", sql.raw(`status in (${sqlList(patronEmailStatuses)})`)),
  ],
);
