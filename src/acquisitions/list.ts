import { and, desc, eq, gte, ilike, lte, or, type SQL, sql } from "drizzle-orm";
import type { Database } from "../db/database.js";
import { acquisitions } from "../db/schema/index.js";
import type { Ctx } from "../shared/context.js";
import { decodeCursor, isDate } from "../shared/cursor.js";
import { JsonItems } from "../shared/json-items.js";
import { preparedPerShape, shapeBuilder } from "../shared/prepared.js";
import { escapeLike } from "../shared/sql.js";
import { acquisitionJson, subjectKey } from "./output.js";
import type { ListAcquisitionsQuery } from "./schemas.js";

const p = sql.placeholder;

/** Each filter, written once with placeholders. */
const filters = {
  from: () => gte(acquisitions.acquiredOn, sql`${p("from")}::date`),
  to: () => lte(acquisitions.acquiredOn, sql`${p("to")}::date`),
  // Subjects as staff type them: "resep" finds "Resep".
  subject: () => sql`${acquisitions.subjectKeys} @> array[${p("subject")}::text]`,
  featured: () => eq(acquisitions.featured, p("featured")),
  // Each author on its own: joining the names would match text spanning two of them.
  q: () =>
    or(
      ilike(acquisitions.title, p("q")),
      sql`exists (select 1 from unnest(${acquisitions.authors}) as author where author ilike ${p("q")})`,
    ) as SQL,
  cursor: () =>
    sql`(${acquisitions.acquiredOn}, ${acquisitions.id}) < (${p("afterOn")}::date, ${p("afterId")}::uuid)`,
} satisfies Record<string, () => SQL>;

type Filter = keyof typeof filters;

const acquisitionItems = new JsonItems({
  name: "acquisitions_json",
  table: acquisitions,
  id: acquisitions.id,
  json: () => acquisitionJson,
});

function build(db: Database, shape: Filter[]) {
  return db
    .select({
      id: acquisitions.id,
      key: acquisitionItems.key.as("key"),
      sortValue: sql<string>`to_char(${acquisitions.acquiredOn}, 'YYYY-MM-DD')`.as("sortValue"),
    })
    .from(acquisitions)
    .where(and(...shape.map((name) => filters[name]())))
    .orderBy(desc(acquisitions.acquiredOn), desc(acquisitions.id))
    .limit(p("limit"))
    .prepare(`acquisitions_list_${shape.join("_") || "all"}`);
}

const statementFor = preparedPerShape(build);

/** Newest first: what staff and the weekly roundup want to see. */
export async function listAcquisitions({ ctx, query }: { ctx: Ctx; query: ListAcquisitionsQuery }) {
  const { shape, values, use } = shapeBuilder<Filter>(query.limit + 1);
  if (query.from) use("from", { from: query.from });
  if (query.to) use("to", { to: query.to });
  if (query.subject) use("subject", { subject: subjectKey(query.subject) });
  if (query.featured !== undefined) use("featured", { featured: query.featured });
  if (query.q) use("q", { q: `%${escapeLike(query.q)}%` });
  if (query.cursor) {
    const after = decodeCursor(query.cursor, isDate);
    use("cursor", { afterOn: after.sortValue, afterId: after.id });
  }
  return acquisitionItems.page(ctx.db, "", statementFor(ctx.db, shape, ""), values, query.limit);
}
