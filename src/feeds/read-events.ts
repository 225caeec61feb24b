import { and, asc, type SQL, sql } from "drizzle-orm";
import type { Database } from "../db/database.js";
import { events } from "../db/schema/index.js";
import { preparedPerShape, shapeBuilder } from "../shared/prepared.js";
import { isoTimestamp } from "../shared/sql.js";
import { runningFrom, runningFromValues } from "./running-from.js";
import type { EventFeedFilter } from "./schemas.js";
import type { FeedWindow } from "./window.js";

const p = sql.placeholder;

const filters = {
  kinds: () => sql`${events.kind} = any(${p("kinds")})`,
  audiences: () => sql`${events.audience} = any(${p("audiences")})`,
} satisfies Record<string, () => SQL>;

type Filter = keyof typeof filters;

/** Running at the window's start or starting later, and starting before its end. */
const where = (shape: Filter[]) =>
  and(
    runningFrom(),
    sql`${events.startsAt} < ${p("to")}::timestamptz`,
    ...shape.map((name) => filters[name]()),
  );

/**
 * What a feed's bytes depend on, in one cheap aggregate: every edit bumps an event's version and
 * last change, and events are cancelled, never deleted. Equal fingerprints, equal feeds (for the
 * same filters and window).
 */
const fingerprintStatement = preparedPerShape((db: Database, shape: Filter[]) =>
  db
    .select({
      fingerprint: sql<string>`count(*) || ':' || coalesce(sum(${events.version}), 0) || ':'
        || coalesce(${isoTimestamp(sql`max(${events.updatedAt})`)}, '')`,
    })
    .from(events)
    .where(where(shape))
    .prepare(`feed_events_fingerprint_${shape.join("_") || "all"}`),
);

const rowsStatement = preparedPerShape((db: Database, shape: Filter[]) =>
  db
    .select({
      id: events.id,
      kind: events.kind,
      title: events.title,
      summary: events.summary,
      description: events.description,
      startsAt: events.startsAt,
      endsAt: events.endsAt,
      allDay: events.allDay,
      location: events.location,
      audience: events.audience,
      registrationRequired: events.registrationRequired,
      registrationUrl: events.registrationUrl,
      imageUrl: events.imageUrl,
      tags: events.tags,
      status: events.status,
      version: events.version,
      createdAt: events.createdAt,
      updatedAt: events.updatedAt,
    })
    .from(events)
    .where(where(shape))
    .orderBy(asc(events.startsAt), asc(events.id))
    .limit(p("limit"))
    .prepare(`feed_events_rows_${shape.join("_") || "all"}`),
);

export type FeedEvent = Awaited<ReturnType<ReturnType<typeof rowsStatement>["execute"]>>[number];

function parameters(window: FeedWindow, filter: EventFeedFilter, limit: number) {
  const { shape, values, use } = shapeBuilder<Filter>(limit);
  Object.assign(values, runningFromValues(window.from), { to: window.to.toISOString() });
  if (filter.kinds.length > 0) use("kinds", { kinds: filter.kinds });
  if (filter.audiences.length > 0) use("audiences", { audiences: filter.audiences });
  return { shape, values };
}

export async function eventsFingerprint(
  db: Database,
  window: FeedWindow,
  filter: EventFeedFilter,
): Promise<string> {
  const { shape, values } = parameters(window, filter, 0);
  const [row] = await fingerprintStatement(db, shape, "").execute(values);
  return row?.fingerprint ?? "";
}

/** In start order, at most `limit`. */
export function readFeedEvents(
  db: Database,
  window: FeedWindow,
  filter: EventFeedFilter,
  limit: number,
): Promise<FeedEvent[]> {
  const { shape, values } = parameters(window, filter, limit);
  return rowsStatement(db, shape, "").execute(values);
}
