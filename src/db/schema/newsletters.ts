import { sql } from "drizzle-orm";
import {
  bigserial,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { id, instant, timestamps, version } from "./columns.js";
import { newsletterStatuses, recipientStatuses, sqlList } from "./enums.js";
import { automationRules } from "./rules.js";

export const newsletters = pgTable(
  "newsletters",
  {
    id: id(),
    /** Subject and intro in Bahasa Indonesia; the English ones are optional (fall back to these). */
    subject: text("subject").notNull(),
    intro: text("intro"),
    subjectEn: text("subject_en"),
    introEn: text("intro_en"),
    /** Composed sections (events, literacy sessions, new books), editable before approval. */
    sections: jsonb("sections").$type<unknown[]>().notNull().default([]),
    periodStart: date("period_start", { mode: "string" }),
    periodEnd: date("period_end", { mode: "string" }),
    status: text("status").notNull().default("draft"),
    scheduledAt: instant("scheduled_at"),
    ruleId: uuid("rule_id").references(() => automationRules.id, { onDelete: "set null" }),
    planKey: text("plan_key"),
    sentAt: instant("sent_at"),
    version: version(),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex("newsletters_plan_key_idx").on(t.planKey),
    index("newsletters_status_idx").on(t.status, t.scheduledAt),
    check("newsletters_status_check", sql.raw(`status in (${sqlList(newsletterStatuses)})`)),
  ],
);

export type NewsletterRow = typeof newsletters.$inferSelect;

/** The recipient ledger: written once at send time, one row per issue and subscriber. */
export const newsletterRecipients = pgTable(
  "newsletter_recipients",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    // No foreign keys on this table: their checks, one per row, were half the time of writing a
    // 100,000-row ledger. Rows are only written for an issue that is sending, and only drafts
    // can be deleted, so no row loses its issue; erasing a subscriber clears their rows' link
    // itself (subscribers/patron.ts), and the sender skips a row whose subscriber is gone.
    newsletterId: uuid("newsletter_id").notNull(),
    subscriberId: uuid("subscriber_id"),
    status: text("status").notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: instant("next_attempt_at"),
    leaseUntil: instant("lease_until"),
    messageId: text("message_id"),
    lastError: text("last_error"),
    sentAt: instant("sent_at"),
    details: jsonb("details").$type<Record<string, unknown>>(),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex("newsletter_recipients_unique_idx").on(t.newsletterId, t.subscriberId),
    // Partial: a claim walks only rows still to send, in ledger order, however many were sent.
    index("newsletter_recipients_pending_idx")
      .on(t.newsletterId, t.id)
      .where(sql`${t.status} = 'pending'`),
    // The rows in flight: every sender round looks among them for leases that ran out.
    index("newsletter_recipients_sending_idx")
      .on(t.newsletterId, t.leaseUntil)
      .where(sql`${t.status} = 'sending'`),
    check(
      "newsletter_recipients_status_check",
      sql.raw(`status in (${sqlList(recipientStatuses)})`),
    ),
  ],
);
