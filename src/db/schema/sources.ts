import { sql } from "drizzle-orm";
import { boolean, check, jsonb, pgTable, text } from "drizzle-orm/pg-core";
import { id, instant, timestamps, version } from "./columns.js";
import { sourceKinds, sqlList } from "./enums.js";

/** Where content is imported from: calendar feeds and catalogue systems. */
export const sources = pgTable(
  "sources",
  {
    id: id(),
    kind: text("kind").notNull(),
    name: text("name").notNull(),
    url: text("url"),
    settings: jsonb("settings").$type<Record<string, unknown>>().notNull().default({}),
    syncEvery: text("sync_every"),
    enabled: boolean("enabled").notNull().default(true),
    etag: text("etag"),
    lastModified: text("last_modified"),
    lastAttemptAt: instant("last_attempt_at"),
    lastSuccessAt: instant("last_success_at"),
    lastError: text("last_error"),
    /** What the last successful sync did (created, updated, …), shown on the source. */
    lastSummary: jsonb("last_summary").$type<Record<string, unknown>>(),
    /** Where a syncer resumes next time (an OAI-PMH `from` date, a Koha watermark). */
    state: jsonb("state").$type<Record<string, unknown>>(),
    version: version(),
    ...timestamps(),
  },
  () => [check("sources_kind_check", sql.raw(`kind in (${sqlList(sourceKinds)})`))],
);
