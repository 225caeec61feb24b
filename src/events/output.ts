import { eq, type SQLWrapper, sql } from "drizzle-orm";
import type { Database } from "../db/database.js";
import { events } from "../db/schema/index.js";
import { isoTimestamp } from "../shared/sql.js";
import { eventSourceJson } from "../sources/feed-fields.js";

const wallClock = (column: SQLWrapper, timeZone: string) =>
  sql`to_char(${column} at time zone ${timeZone}, 'YYYY-MM-DD"T"HH24:MI')`;

/**
 * The public shape of an event, whitelisted field by field and built by Postgres: the one
 * definition every read uses, and the busiest lists leave the database as finished JSON.
 * Instants are UTC; `local` says the same times on the library's wall clock.
 */
export const eventJson = (timeZone: string) => sql`json_build_object(
  'id', ${events.id},
  'kind', ${events.kind},
  'title', ${events.title},
  'summary', ${events.summary},
  'description', ${events.description},
  'startsAt', ${isoTimestamp(events.startsAt)},
  'endsAt', ${isoTimestamp(events.endsAt)},
  'local', json_build_object(
    'timeZone', ${timeZone}::text,
    'startsAt', ${wallClock(events.startsAt, timeZone)},
    'endsAt', ${wallClock(events.endsAt, timeZone)}),
  'allDay', ${events.allDay},
  'location', ${events.location},
  'audience', ${events.audience},
  'capacity', ${events.capacity},
  'registration', coalesce(${events.registrationUrl}, case when ${events.registrationRequired} then 'required' end),
  'imageUrl', ${events.imageUrl},
  'tags', ${events.tags},
  'status', ${events.status},
  'facilitator', ${events.facilitator},
  'topic', ${events.topic},
  'targetGroup', ${events.targetGroup},
  'source', ${eventSourceJson},
  'cancelledAt', ${isoTimestamp(events.cancelledAt)},
  'version', ${events.version},
  'createdAt', ${isoTimestamp(events.createdAt)},
  'updatedAt', ${isoTimestamp(events.updatedAt)}
)`;

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
