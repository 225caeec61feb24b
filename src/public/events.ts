import { and, asc, eq, type SQL, sql } from "drizzle-orm";
import type { Database } from "../db/database.js";
import { events } from "../db/schema/index.js";
import { publicEventJson } from "../events/output.js";
import { runningFrom, runningFromValues } from "../feeds/running-from.js";
import { libraryToday } from "../feeds/window.js";
import { decodeCursor, isInstant } from "../shared/cursor.js";
import { notFound } from "../shared/errors.js";
import { JsonItems } from "../shared/json-items.js";
import type { JsonText } from "../shared/json-text.js";
import { preparedPerShape, shapeBuilder } from "../shared/prepared.js";
import { isoTimestamp } from "../shared/sql.js";
import { addDays, zonedInstant } from "../shared/time.js";
import type { PublicCtx } from "./public-ctx.js";
import type { PublicEventsQuery } from "./schemas.js";

const p = sql.placeholder;

const filters = {
  from: runningFrom,
  to: () => sql`${events.startsAt} < ${p("to")}::timestamptz`,
  kinds: () => sql`${events.kind} = any(${p("kinds")})`,
  audiences: () => sql`${events.audience} = any(${p("audiences")})`,
  cursor: () =>
    sql`(${events.startsAt}, ${events.id}) > (${p("afterAt")}::timestamptz, ${p("afterId")}::uuid)`,
} satisfies Record<string, () => SQL>;

type Filter = keyof typeof filters;

const eventItems = new JsonItems({
  name: "public_events_json",
  table: events,
  id: events.id,
  json: publicEventJson,
});

const statementFor = preparedPerShape((db: Database, shape: Filter[]) =>
  db
    .select({
      id: events.id,
      key: eventItems.key.as("key"),
      sortValue: sql<string>`${isoTimestamp(events.startsAt)}`.as("sortValue"),
    })
    .from(events)
    .where(and(...shape.map((name) => filters[name]())))
    .orderBy(asc(events.startsAt), asc(events.id))
    .limit(p("limit"))
    .prepare(`public_events_${shape.join("_")}`),
);

/** In start order, from today (where the library is) unless asked otherwise; keyset pages. */
export async function listPublicEvents({
  ctx,
  query,
}: {
  ctx: PublicCtx;
  query: PublicEventsQuery;
}): Promise<JsonText> {
  const zone = ctx.config.timeZone;
  const { shape, values, use } = shapeBuilder<Filter>(query.limit + 1);
  const dayStart = (day: string) => zonedInstant(day, "00:00", zone);
  const from = !query.from
    ? libraryToday(ctx.clock.now(), zone).start
    : "at" in query.from
      ? query.from.at
      : dayStart(query.from.day);
  use("from", runningFromValues(from));
  if (query.to) {
    const to = "at" in query.to ? query.to.at : dayStart(addDays(query.to.day, 1));
    use("to", { to: to.toISOString() });
  }
  if (query.kind?.length) use("kinds", { kinds: query.kind });
  if (query.audience?.length) use("audiences", { audiences: query.audience });
  if (query.cursor) {
    const after = decodeCursor(query.cursor, isInstant);
    use("cursor", { afterAt: after.sortValue, afterId: after.id });
  }
  return eventItems.page(ctx.db, zone, statementFor(ctx.db, shape, zone), values, query.limit);
}

export async function getPublicEvent({ ctx, id }: { ctx: PublicCtx; id: string }): Promise<string> {
  const [row] = await ctx.db
    .select({ json: sql<string>`(${publicEventJson(ctx.config.timeZone)})::text` })
    .from(events)
    .where(eq(events.id, id));
  if (!row) throw notFound("Event", id);
  return row.json;
}
