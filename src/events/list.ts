import { and, asc, gte, ilike, lt, type SQL, sql } from "drizzle-orm";
import type { Database } from "../db/database.js";
import { events } from "../db/schema/index.js";
import type { Ctx } from "../shared/context.js";
import { decodeCursor, encodeCursor, isInstant } from "../shared/cursor.js";
import { escapeLike } from "../shared/sql.js";
import { toEventOutput } from "./output.js";
import type { ListEventsQuery } from "./schemas.js";

const p = sql.placeholder;

/** Each filter, written once with placeholders, so a query shape is built (and prepared) once. */
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

function buildStatement(db: Database, used: Filter[]) {
  return db
    .select()
    .from(events)
    .where(and(...used.map((name) => filters[name]())))
    .orderBy(asc(events.startsAt), asc(events.id))
    .limit(p("limit"))
    .prepare(`events_list_${used.join("_") || "all"}`);
}

// Building SQL through the query builder costs more CPU than running it; the list is the API's
// busiest read, so each database keeps one prepared statement per combination of filters.
const statements = new WeakMap<Database, Map<string, ReturnType<typeof buildStatement>>>();

function statementFor(db: Database, used: Filter[]) {
  let byShape = statements.get(db);
  if (!byShape) {
    byShape = new Map();
    statements.set(db, byShape);
  }
  const key = used.join(",");
  let statement = byShape.get(key);
  if (!statement) {
    statement = buildStatement(db, used);
    byShape.set(key, statement);
  }
  return statement;
}

/** Keyset pagination by (startsAt, id): page 2,000 costs what page 1 costs. */
export async function listEvents({ ctx, query }: { ctx: Ctx; query: ListEventsQuery }) {
  const values: Record<string, unknown> = { limit: query.limit + 1 };
  const used: Filter[] = [];
  const use = (name: Filter, params: Record<string, unknown>) => {
    used.push(name);
    Object.assign(values, params);
  };
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
  const rows = await statementFor(ctx.db, used).execute(values);
  const items = rows.slice(0, query.limit);
  const last = items[items.length - 1];
  return {
    items: items.map(toEventOutput),
    nextCursor:
      rows.length > query.limit && last ? encodeCursor(last.startsAt.toISOString(), last.id) : null,
  };
}
