import { sql } from "drizzle-orm";
import {
  boolean,
  date,
  index,
  integer,
  pgTable,
  text,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { id, timestamps, version } from "./columns.js";
import { sources } from "./sources.js";

export const acquisitions = pgTable(
  "acquisitions",
  {
    id: id(),
    /** Always ISBN-13 digits; ISBN-10 input is converted. Unique: one record per edition. */
    isbn: text("isbn"),
    title: text("title").notNull(),
    authors: text("authors").array().notNull().default(sql`'{}'::text[]`),
    publisher: text("publisher"),
    year: integer("year"),
    language: text("language"),
    subjects: text("subjects").array().notNull().default(sql`'{}'::text[]`),
    /** The subjects lower-cased, for the case-insensitive subject filter (GIN-indexed). */
    subjectKeys: text("subject_keys").array().notNull().default(sql`'{}'::text[]`),
    callNumber: text("call_number"),
    coverUrl: text("cover_url"),
    summary: text("summary"),
    acquiredOn: date("acquired_on", { mode: "string" }).notNull(),
    featured: boolean("featured").notNull().default(false),
    sourceId: uuid("source_id").references(() => sources.id, { onDelete: "set null" }),
    externalId: text("external_id"),
    version: version(),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex("acquisitions_isbn_idx").on(t.isbn),
    uniqueIndex("acquisitions_source_record_idx").on(t.sourceId, t.externalId),
    index("acquisitions_acquired_on_id_idx").on(t.acquiredOn, t.id),
    index("acquisitions_featured_idx").on(t.featured, t.acquiredOn, t.id),
    index("acquisitions_subject_keys_idx").using("gin", t.subjectKeys),
    index("acquisitions_title_trgm_idx").using("gin", sql`${t.title} gin_trgm_ops`),
  ],
);

export type AcquisitionRow = typeof acquisitions.$inferSelect;
