import { and, desc, eq, gte, ilike, lte, or, type SQL, sql } from "drizzle-orm";
import { recordAudit } from "../audit/record.js";
import { type AcquisitionRow, acquisitions } from "../db/schema/index.js";
import { assertVersion, requireVersion } from "../shared/concurrency.js";
import { type Ctx, withTransaction } from "../shared/context.js";
import { decodeCursor, encodeCursor, isDate } from "../shared/cursor.js";
import { AppError, notFound } from "../shared/errors.js";
import { escapeLike, isUniqueViolation } from "../shared/sql.js";
import { toAcquisitionOutput } from "./output.js";
import type {
  CreateAcquisitionInput,
  ListAcquisitionsQuery,
  UpdateAcquisitionInput,
} from "./schemas.js";

async function assertIsbnFree(ctx: Ctx, isbn: string | null | undefined, selfId?: string) {
  if (!isbn) return;
  const [existing] = await ctx.db
    .select({ id: acquisitions.id })
    .from(acquisitions)
    .where(eq(acquisitions.isbn, isbn));
  if (existing && existing.id !== selfId) throw duplicateIsbn(isbn, existing.id);
}

const duplicateIsbn = (isbn: string, existingId: string) =>
  new AppError("duplicate", `An acquisition with ISBN ${isbn} already exists`, { existingId });

/** Two requests racing for one ISBN: the loser gets the same 409 as a sequential duplicate. */
async function guardIsbnRace<T>(ctx: Ctx, isbn: string | null | undefined, work: () => Promise<T>) {
  try {
    return await work();
  } catch (err) {
    if (isbn && isUniqueViolation(err)) {
      const [existing] = await ctx.db
        .select({ id: acquisitions.id })
        .from(acquisitions)
        .where(eq(acquisitions.isbn, isbn));
      if (existing) throw duplicateIsbn(isbn, existing.id);
    }
    throw err;
  }
}

export async function createAcquisition({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: CreateAcquisitionInput;
}) {
  return guardIsbnRace(ctx, input.isbn, () =>
    withTransaction(ctx, async (tx) => {
      await assertIsbnFree(tx, input.isbn);
      const now = tx.clock.now();
      const [row] = await tx.db
        .insert(acquisitions)
        .values({ ...input, createdAt: now, updatedAt: now })
        .returning();
      if (!row) throw new Error("insert returned no row");
      const after = toAcquisitionOutput(row);
      await recordAudit(tx, {
        action: "create",
        entityType: "acquisition",
        entityId: row.id,
        after,
      });
      return after;
    }),
  );
}

export async function getAcquisition({ ctx, id }: { ctx: Ctx; id: string }) {
  const [row] = await ctx.db.select().from(acquisitions).where(eq(acquisitions.id, id));
  if (!row) throw notFound("Acquisition", id);
  return toAcquisitionOutput(row);
}

async function lockAcquisition(tx: Ctx, id: string): Promise<AcquisitionRow> {
  const [row] = await tx.db
    .select()
    .from(acquisitions)
    .where(eq(acquisitions.id, id))
    .for("update");
  if (!row) throw notFound("Acquisition", id);
  return row;
}

export async function updateAcquisition({
  ctx,
  id,
  input,
  ifMatch,
}: {
  ctx: Ctx;
  id: string;
  input: UpdateAcquisitionInput;
  ifMatch: number | undefined;
}) {
  const { version, ...changes } = input;
  const expected = requireVersion(ifMatch ?? version);
  return guardIsbnRace(ctx, changes.isbn, () =>
    withTransaction(ctx, async (tx) => {
      const current = await lockAcquisition(tx, id);
      assertVersion("Acquisition", id, current.version, expected);
      await assertIsbnFree(tx, changes.isbn, id);
      const [row] = await tx.db
        .update(acquisitions)
        .set({ ...changes, version: current.version + 1, updatedAt: tx.clock.now() })
        .where(eq(acquisitions.id, id))
        .returning();
      if (!row) throw notFound("Acquisition", id);
      const after = toAcquisitionOutput(row);
      await recordAudit(tx, {
        action: "update",
        entityType: "acquisition",
        entityId: id,
        before: toAcquisitionOutput(current),
        after,
      });
      return after;
    }),
  );
}

export async function deleteAcquisition({
  ctx,
  id,
  ifMatch,
}: {
  ctx: Ctx;
  id: string;
  ifMatch: number | undefined;
}) {
  await withTransaction(ctx, async (tx) => {
    const current = await lockAcquisition(tx, id);
    if (ifMatch !== undefined) assertVersion("Acquisition", id, current.version, ifMatch);
    await tx.db.delete(acquisitions).where(eq(acquisitions.id, id));
    await recordAudit(tx, {
      action: "delete",
      entityType: "acquisition",
      entityId: id,
      before: toAcquisitionOutput(current),
    });
  });
}

/** Newest first: what staff and the weekly roundup want to see. */
export async function listAcquisitions({ ctx, query }: { ctx: Ctx; query: ListAcquisitionsQuery }) {
  const conditions: SQL[] = [];
  if (query.from) conditions.push(gte(acquisitions.acquiredOn, query.from));
  if (query.to) conditions.push(lte(acquisitions.acquiredOn, query.to));
  if (query.subject)
    conditions.push(sql`${acquisitions.subjects} @> array[${query.subject}]::text[]`);
  if (query.featured !== undefined) conditions.push(eq(acquisitions.featured, query.featured));
  if (query.q) {
    const pattern = `%${escapeLike(query.q)}%`;
    const byTitleOrAuthor = or(
      ilike(acquisitions.title, pattern),
      // Each author on its own: joining the names would match text spanning two of them.
      sql`exists (select 1 from unnest(${acquisitions.authors}) as author where author ilike ${pattern})`,
    );
    if (byTitleOrAuthor) conditions.push(byTitleOrAuthor);
  }
  if (query.cursor) {
    const after = decodeCursor(query.cursor, isDate);
    conditions.push(
      sql`(${acquisitions.acquiredOn}, ${acquisitions.id}) < (${after.sortValue}::date, ${after.id}::uuid)`,
    );
  }
  const rows = await ctx.db
    .select()
    .from(acquisitions)
    .where(and(...conditions))
    .orderBy(desc(acquisitions.acquiredOn), desc(acquisitions.id))
    .limit(query.limit + 1);
  const items = rows.slice(0, query.limit);
  const last = items[items.length - 1];
  return {
    items: items.map(toAcquisitionOutput),
    nextCursor: rows.length > query.limit && last ? encodeCursor(last.acquiredOn, last.id) : null,
  };
}
