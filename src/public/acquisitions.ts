import { and, desc, eq, gte, type SQL, sql } from "drizzle-orm";
import { publicAcquisitionJson, subjectKey } from "../acquisitions/output.js";
import type { Database } from "../db/database.js";
import { acquisitions } from "../db/schema/index.js";
import { decodeCursor, isDate } from "../shared/cursor.js";
import { notFound } from "../shared/errors.js";
import { JsonItems } from "../shared/json-items.js";
import type { JsonText } from "../shared/json-text.js";
import { preparedPerShape, shapeBuilder } from "../shared/prepared.js";
import type { PublicCtx } from "./public-ctx.js";
import type { PublicAcquisitionsQuery } from "./schemas.js";

const p = sql.placeholder;

const filters = {
  since: () => gte(acquisitions.acquiredOn, sql`${p("since")}::date`),
  subject: () => sql`${acquisitions.subjectKeys} @> array[${p("subject")}::text]`,
  featured: () => eq(acquisitions.featured, p("featured")),
  cursor: () =>
    sql`(${acquisitions.acquiredOn}, ${acquisitions.id}) < (${p("afterOn")}::date, ${p("afterId")}::uuid)`,
} satisfies Record<string, () => SQL>;

type Filter = keyof typeof filters;

const acquisitionItems = new JsonItems({
  name: "public_acquisitions_json",
  table: acquisitions,
  id: acquisitions.id,
  json: () => publicAcquisitionJson,
});

const statementFor = preparedPerShape((db: Database, shape: Filter[]) =>
  db
    .select({
      id: acquisitions.id,
      key: acquisitionItems.key.as("key"),
      sortValue: sql<string>`to_char(${acquisitions.acquiredOn}, 'YYYY-MM-DD')`.as("sortValue"),
    })
    .from(acquisitions)
    .where(and(...shape.map((name) => filters[name]())))
    .orderBy(desc(acquisitions.acquiredOn), desc(acquisitions.id))
    .limit(p("limit"))
    .prepare(`public_acquisitions_${shape.join("_") || "all"}`),
);

/** Newest first; keyset pages. */
export async function listPublicAcquisitions({
  ctx,
  query,
}: {
  ctx: PublicCtx;
  query: PublicAcquisitionsQuery;
}): Promise<JsonText> {
  const { shape, values, use } = shapeBuilder<Filter>(query.limit + 1);
  if (query.since) use("since", { since: query.since });
  if (query.subject) use("subject", { subject: subjectKey(query.subject) });
  if (query.featured !== undefined) use("featured", { featured: query.featured });
  if (query.cursor) {
    const after = decodeCursor(query.cursor, isDate);
    use("cursor", { afterOn: after.sortValue, afterId: after.id });
  }
  return acquisitionItems.page(ctx.db, "", statementFor(ctx.db, shape, ""), values, query.limit);
}

export async function getPublicAcquisition({
  ctx,
  id,
}: {
  ctx: PublicCtx;
  id: string;
}): Promise<string> {
  const [row] = await ctx.db
    .select({ json: sql<string>`(${publicAcquisitionJson})::text` })
    .from(acquisitions)
    .where(eq(acquisitions.id, id));
  if (!row) throw notFound("Book", id);
  return row.json;
}
