import { eq, type SQLWrapper, sql } from "drizzle-orm";
import type { Database } from "../db/database.js";
import { events } from "../db/schema/index.js";
import { isoTimestamp, jsonObject, without } from "../shared/sql.js";
import { eventSourceJson } from "../sources/feed-fields.js";

const wallClock = (column: SQLWrapper, timeZone: string) =>
  sql`to_char(${column} at time zone ${timeZone}, 'YYYY-MM-DD"T"HH24:MI')`;

/**
 * The shape of an event, whitelisted field by field and built by Postgres: the one definition
 * every read uses, and the busiest lists leave the database as finished JSON. Instants are UTC;
 * `local` says the same times on the library's wall clock.
 */
const eventFields = (timeZone: string) => ({
  id: events.id,
  kind: events.kind,
  title: events.title,
  summary: events.summary,
  description: events.description,
  startsAt: isoTimestamp(events.startsAt),
  endsAt: isoTimestamp(events.endsAt),
  local: jsonObject({
    timeZone: sql`${timeZone}::text`,
    startsAt: wallClock(events.startsAt, timeZone),
    endsAt: wallClock(events.endsAt, timeZone),
  }),
  allDay: events.allDay,
  location: events.location,
  audience: events.audience,
  capacity: events.capacity,
  registration: sql`coalesce(${events.registrationUrl}, case when ${events.registrationRequired} then 'required' end)`,
  imageUrl: events.imageUrl,
  tags: events.tags,
  status: events.status,
  facilitator: events.facilitator,
  topic: events.topic,
  targetGroup: events.targetGroup,
  source: eventSourceJson,
  cancelledAt: isoTimestamp(events.cancelledAt),
  version: events.version,
  createdAt: isoTimestamp(events.createdAt),
  updatedAt: isoTimestamp(events.updatedAt),
});

/** An event as staff see it through the API. */
export const eventJson = (timeZone: string) => jsonObject(eventFields(timeZone));

/**
 * An event as anyone may see it. Left out on purpose: where it was imported from, what the feed
 * last said, versions and creation times.
 */
export const publicEventJson = (timeZone: string) =>
  jsonObject(without(eventFields(timeZone), "source", "cancelledAt", "version", "createdAt"));

export interface EventOutput {
  id: string;
  kind: string;
  title: string;
  startsAt: string;
  status: string;
  version: number;
  [field: string]: unknown;
}

/** The event as the API shows it, or undefined. */
export async function readEvent(
  db: Database,
  timeZone: string,
  id: string,
): Promise<EventOutput | undefined> {
  const [row] = await db
    .select({ event: sql<EventOutput>`${eventJson(timeZone)}` })
    .from(events)
    .where(eq(events.id, id));
  return row?.event;
}
