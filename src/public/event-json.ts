import { type SQLWrapper, sql } from "drizzle-orm";
import { events } from "../db/schema/index.js";
import { isoTimestamp } from "../shared/sql.js";

const wallClock = (column: SQLWrapper, timeZone: string) =>
  sql`to_char(${column} at time zone ${timeZone}, 'YYYY-MM-DD"T"HH24:MI')`;

/**
 * An event as anyone may see it, whitelisted field by field and built by Postgres. Left out on
 * purpose: where it was imported from, what the feed last said, versions and creation times.
 */
export const publicEventJson = (timeZone: string) => sql`json_build_object(
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
  'updatedAt', ${isoTimestamp(events.updatedAt)}
)`;
