import { sql } from "drizzle-orm";
import {
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
import { id, instant, timestamps, version } from "./columns.js";
import { audiences, type EventKind, eventKinds, eventStatuses, sqlList } from "./enums.js";
import { sources } from "./sources.js";

export const events = pgTable(
  "events",
  {
    id: id(),
    kind: text("kind").$type<EventKind>().notNull(),
    title: text("title").notNull(),
    summary: text("summary"),
    description: text("description"),
    startsAt: instant("starts_at").notNull(),
    endsAt: instant("ends_at"),
    allDay: boolean("all_day").notNull().default(false),
    location: text("location"),
    audience: text("audience").notNull().default("all"),
    capacity: integer("capacity"),
    registrationRequired: boolean("registration_required").notNull().default(false),
    registrationUrl: text("registration_url"),
    imageUrl: text("image_url"),
    tags: text("tags").array().notNull().default(sql`'{}'::text[]`),
    status: text("status").notNull().default("scheduled"),
    // Literacy sessions (kind = literacy_session) say who leads them, on what, for whom.
    facilitator: text("facilitator"),
    topic: text("topic"),
    targetGroup: text("target_group"),
    // Imported events remember where they came from, so a re-sync updates instead of duplicating.
    sourceId: uuid("source_id").references(() => sources.id, { onDelete: "set null" }),
    externalUid: text("external_uid"),
    recurrenceId: text("recurrence_id").notNull().default(""),
    /** Field values as last seen in the feed, to tell a person's edit from the feed's. */
    feedValues: jsonb("feed_values").$type<Record<string, unknown>>(),
    cancelledAt: instant("cancelled_at"),
    version: version(),
    ...timestamps(),
  },
  (t) => [
    index("events_starts_at_id_idx").on(t.startsAt, t.id),
    index("events_kind_starts_at_idx").on(t.kind, t.startsAt, t.id),
    index("events_status_starts_at_idx").on(t.status, t.startsAt, t.id),
    index("events_audience_starts_at_idx").on(t.audience, t.startsAt, t.id),
    // "Workshops for teens": the one filter pair staff combine often enough to index.
    index("events_kind_audience_starts_at_idx").on(t.kind, t.audience, t.startsAt, t.id),
    // Text search in titles (ILIKE '%…%') through trigrams; pg_trgm comes with the first migration.
    index("events_title_trgm_idx").using("gin", sql`${t.title} gin_trgm_ops`),
    // The planner reads what changed since its last pass.
    index("events_updated_at_idx").on(t.updatedAt),
    uniqueIndex("events_source_uid_idx").on(t.sourceId, t.externalUid, t.recurrenceId),
    check("events_kind_check", sql.raw(`kind in (${sqlList(eventKinds)})`)),
    check("events_status_check", sql.raw(`status in (${sqlList(eventStatuses)})`)),
    check("events_audience_check", sql.raw(`audience in (${sqlList(audiences)})`)),
    check("events_ends_after_start", sql`${t.endsAt} is null or ${t.endsAt} >= ${t.startsAt}`),
  ],
);

export type EventRow = typeof events.$inferSelect;
export type NewEventRow = typeof events.$inferInsert;
