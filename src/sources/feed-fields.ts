import { type SQL, sql } from "drizzle-orm";
import type { EventKind } from "../db/schema/enums.js";
import { type EventRow, events, type NewEventRow, sources } from "../db/schema/index.js";
import { isoTimestamp } from "../shared/sql.js";

/** The event fields a calendar feed sets, named as the events API names them. */
export const feedFields = [
  "kind",
  "title",
  "description",
  "location",
  "startsAt",
  "endsAt",
  "allDay",
  "registration",
  "status",
] as const;
export type FeedField = (typeof feedFields)[number];

/** One event as the feed describes it, in the API's terms; kept as events.feed_values. */
export interface FeedValues {
  kind: EventKind;
  title: string;
  description: string | null;
  location: string | null;
  startsAt: string;
  endsAt: string | null;
  allDay: boolean;
  /** The event's URL, or null. */
  registration: string | null;
  status: "scheduled" | "cancelled";
}

/** The same fields as the API shows them now, to compare with what the feed said. */
export function shownValues(row: EventRow): Record<FeedField, unknown> {
  return {
    kind: row.kind,
    title: row.title,
    description: row.description,
    location: row.location,
    startsAt: row.startsAt.toISOString(),
    endsAt: row.endsAt?.toISOString() ?? null,
    allDay: row.allDay,
    registration: row.registrationUrl ?? (row.registrationRequired ? "required" : null),
    status: row.status,
  };
}

/** Columns for feed values (some or all of them), as the events service would store them. */
export function columnsFor(values: Partial<FeedValues>, now: Date): Partial<NewEventRow> {
  const { startsAt, endsAt, registration, status, ...plain } = values;
  const columns: Partial<NewEventRow> = { ...plain };
  if (startsAt !== undefined) columns.startsAt = new Date(startsAt);
  if (endsAt !== undefined) columns.endsAt = endsAt === null ? null : new Date(endsAt);
  if (registration !== undefined) {
    columns.registrationUrl = registration;
    columns.registrationRequired = registration !== null;
  }
  if (status !== undefined) {
    columns.status = status;
    columns.cancelledAt = status === "cancelled" ? now : null;
  }
  return columns;
}

/** Each field as the API shows it, as jsonb: the SQL twin of shownValues. */
const shownSql: Record<FeedField, SQL> = {
  kind: sql`to_jsonb(${events.kind})`,
  title: sql`to_jsonb(${events.title})`,
  description: sql`to_jsonb(${events.description})`,
  location: sql`to_jsonb(${events.location})`,
  startsAt: sql`to_jsonb(${isoTimestamp(events.startsAt)})`,
  endsAt: sql`to_jsonb(${isoTimestamp(events.endsAt)})`,
  allDay: sql`to_jsonb(${events.allDay})`,
  registration: sql`to_jsonb(coalesce(${events.registrationUrl}, case when ${events.registrationRequired} then 'required' end))`,
  status: sql`to_jsonb(${events.status})`,
};

/**
 * An event's `source` in the API: where it was imported from, and which fields are still as the
 * feed set them (a field a person changed is theirs until the feed changes it again).
 */
export const eventSourceJson = sql`case when ${events.sourceId} is null then null else json_build_object(
  'id', ${events.sourceId},
  'name', (select ${sources.name} from ${sources} where ${sources.id} = ${events.sourceId}),
  'uid', ${events.externalUid},
  'fields', array_remove(array[${sql.join(
    feedFields.map(
      (field) =>
        sql`case when coalesce(${shownSql[field]}, 'null'::jsonb) = ${events.feedValues} -> ${sql.raw(`'${field}'`)} then ${sql.raw(`'${field}'`)} end`,
    ),
    sql`, `,
  )}]::text[], null)) end`;
