import { and, asc, gte, ilike, lt, type SQL, sql } from "drizzle-orm";
import type { Database } from "../db/database.js";
import { events } from "../db/schema/index.js";
import type { Ctx } from "../shared/context.js";
import { decodeCursor, encodeCursor, isInstant } from "../shared/cursor.js";
import { jsonPage } from "../shared/json-text.js";
import { preparedPerShape, shapeBuilder } from "../shared/prepared.js";
import { escapeLike, isoTimestamp } from "../shared/sql.js";
import { eventJson } from "./output.js";
import type { ListEventsQuery } from "./schemas.js";

const p = sql.placeholder;

/** Each filter, written once with placeholders. */
const filters = {
  from: () => gte(events.startsAt, p("from")),
  to: () => lt(events.startsAt, p("to")),
  kind: () => sql`${events.kind} = any(${p("kind")})`,
  status: () => sql`${events.status} = any(${p("status")})`,
  audience: () => sql`${events.audience} = any(${p("audience")})`,
  q: () => ilike(events.title, p("q")),
  cursor: () =>
    sql`(${events.startsAt}, ${events.id}) > (${p("afterAt")}::timestamptz, ${p("afterId")}::uuid)`,
} satisfies Record<string, () => SQL>;

type Filter = keyof typeof filters;

function build(db: Database, shape: Filter[]) {
  return db
    .select({
      json: sql<string>`(${eventJson})::text`,
      cursorAt: sql<string>`${isoTimestamp(events.startsAt)}`,
      id: events.id,
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
  if (query.from) use("from", { from: query.from.toISOString() });
  if (query.to) use("to", { to: query.to.toISOString() });
  if (query.kind?.length) use("kind", { kind: query.kind });
  if (query.status?.length) use("status", { status: query.status });
  if (query.audience?.length) use("audience", { audience: query.audience });
  if (query.q) use("q", { q: `%${escapeLike(query.q)}%` });
  if (query.cursor) {
    const after = decodeCursor(query.cursor, isInstant);
    use("cursor", { afterAt: after.sortValue, afterId: after.id });
  }
  const rows = await statementFor(ctx.db, shape).execute(values);
  const items = rows.slice(0, query.limit);
  const last = items[items.length - 1];
  const nextCursor =
    rows.length > query.limit && last ? encodeCursor(last.cursorAt, last.id) : null;
  return jsonPage(
    items.map((row) => row.json),
    nextCursor,
  );
}
