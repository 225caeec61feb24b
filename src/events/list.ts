import { and, asc, eq, gte, ilike, lt, type SQL, sql } from "drizzle-orm";
import type { Database } from "../db/database.js";
import { events } from "../db/schema/index.js";
import type { Ctx } from "../shared/context.js";
import { decodeCursor, isInstant } from "../shared/cursor.js";
import { JsonItems } from "../shared/json-items.js";
import { preparedPerShape, shapeBuilder } from "../shared/prepared.js";
import { escapeLike, isoTimestamp } from "../shared/sql.js";
import { addDays, zonedInstant } from "../shared/time.js";
import { eventJson } from "./output.js";
import type { ListEventsQuery } from "./schemas.js";

const p = sql.placeholder;

/**
 * Each filter, written once with placeholders. A list filter with one value uses "=", not
 * "= any": a prepared statement's generic plan can then walk an index in start order.
 */
const filters = {
  from: () => gte(events.startsAt, p("from")),
  to: () => lt(events.startsAt, p("to")),
  kind: () => eq(events.kind, p("kind")),
  kinds: () => sql`${events.kind} = any(${p("kinds")})`,
  status: () => eq(events.status, p("status")),
  statuses: () => sql`${events.status} = any(${p("statuses")})`,
  audience: () => eq(events.audience, p("audience")),
  audiences: () => sql`${events.audience} = any(${p("audiences")})`,
  q: () => ilike(events.title, p("q")),
  cursor: () =>
    sql`(${events.startsAt}, ${events.id}) > (${p("afterAt")}::timestamptz, ${p("afterId")}::uuid)`,
} satisfies Record<string, () => SQL>;

type Filter = keyof typeof filters;

const eventItems = new JsonItems({
  name: "events_json",
  table: events,
  id: events.id,
  json: eventJson,
});

function build(db: Database, shape: Filter[]) {
  return db
    .select({
      id: events.id,
      key: eventItems.key.as("key"),
      sortValue: sql<string>`${isoTimestamp(events.startsAt)}`.as("sortValue"),
    })
    .from(events)
    .where(and(...shape.map((name) => filters[name]())))
    .orderBy(asc(events.startsAt), asc(events.id))
    .limit(p("limit"))
    .prepare(`events_list_${shape.join("_") || "all"}`);
}

const statementFor = preparedPerShape(build);

/** Sorted by start; keyset pagination by (startsAt, id), so page 2,000 costs what page 1 costs. */
export async function listEvents({ ctx, query }: { ctx: Ctx; query: ListEventsQuery }) {
  const { shape, values, use } = shapeBuilder<Filter>(query.limit + 1);
  const zone = ctx.config.timeZone;
  // A day bound means that whole day where the library is: from its first instant, to the next day's.
  if (query.from) {
    const from = "at" in query.from ? query.from.at : zonedInstant(query.from.day, "00:00", zone);
    use("from", { from: from.toISOString() });
  }
  if (query.to) {
    const to =
      "at" in query.to ? query.to.at : zonedInstant(addDays(query.to.day, 1), "00:00", zone);
    use("to", { to: to.toISOString() });
  }
  const oneOrMany = (one: Filter, many: Filter, list: string[] | undefined) => {
    if (list?.length === 1) use(one, { [one]: list[0] });
    else if (list?.length) use(many, { [many]: list });
  };
  oneOrMany("kind", "kinds", query.kind);
  oneOrMany("status", "statuses", query.status);
  oneOrMany("audience", "audiences", query.audience);
  if (query.q) use("q", { q: `%${escapeLike(query.q)}%` });
  if (query.cursor) {
    const after = decodeCursor(query.cursor, isInstant);
    use("cursor", { afterAt: after.sortValue, afterId: after.id });
  }
  return eventItems.page(ctx.db, zone, statementFor(ctx.db, shape, zone), values, query.limit);
}
