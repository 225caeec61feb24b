import { eq } from "drizzle-orm";
import { recordAudit } from "../audit/record.js";
import { type AcquisitionRow, acquisitions } from "../db/schema/index.js";
import { assertVersion, requireVersion } from "../shared/concurrency.js";
import { type Ctx, withTransaction } from "../shared/context.js";
import { AppError, invalid, notFound } from "../shared/errors.js";
import { isUniqueViolation } from "../shared/sql.js";
import { localDate } from "../shared/time.js";
import { type AcquisitionOutput, readAcquisition, subjectKey } from "./output.js";
import type { CreateAcquisitionInput, UpdateAcquisitionInput } from "./schemas.js";

async function assertIsbnFree(ctx: Ctx, isbn: string | null | undefined, selfId?: string) {
  if (!isbn) return;
  const [existing] = await ctx.db
    .select({ id: acquisitions.id })
    .from(acquisitions)
    .where(eq(acquisitions.isbn, isbn));
  if (existing && existing.id !== selfId) throw duplicateIsbn(isbn, existing.id);
}

/** A book cannot have arrived after today (the library's today). */
function assertAcquiredByNow(ctx: Ctx, acquiredOn: string) {
  const today = localDate(ctx.clock.now(), ctx.config.timeZone);
  if (acquiredOn > today) {
    throw invalid(`Invalid acquisition: acquiredOn ${acquiredOn} is after today (${today})`, [
      { path: "body.acquiredOn", message: `must not be after today (${today})` },
    ]);
  }
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
      assertAcquiredByNow(tx, input.acquiredOn);
      await assertIsbnFree(tx, input.isbn);
      const now = tx.clock.now();
      const [row] = await tx.db
        .insert(acquisitions)
        .values({
          ...input,
          subjectKeys: input.subjects.map(subjectKey),
          createdAt: now,
          updatedAt: now,
        })
        .returning({ id: acquisitions.id });
      if (!row) throw new Error("insert returned no row");
      const after = await mustRead(tx, row.id);
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
  return mustRead(ctx, id);
}

async function mustRead(ctx: Ctx, id: string): Promise<AcquisitionOutput> {
  const acquisition = await readAcquisition(ctx.db, id);
  if (!acquisition) throw notFound("Acquisition", id);
  return acquisition;
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
  const expected = requireVersion(ifMatch, version);
  return guardIsbnRace(ctx, changes.isbn, () =>
    withTransaction(ctx, async (tx) => {
      const current = await lockAcquisition(tx, id);
      assertVersion("Acquisition", id, current.version, expected);
      if (Object.keys(changes).length === 0) return mustRead(tx, id);
      if (changes.acquiredOn) assertAcquiredByNow(tx, changes.acquiredOn);
      await assertIsbnFree(tx, changes.isbn, id);
      const before = await mustRead(tx, id);
      await tx.db
        .update(acquisitions)
        .set({
          ...changes,
          ...(changes.subjects ? { subjectKeys: changes.subjects.map(subjectKey) } : {}),
          version: current.version + 1,
          updatedAt: tx.clock.now(),
        })
        .where(eq(acquisitions.id, id));
      const after = await mustRead(tx, id);
      await recordAudit(tx, {
        action: "update",
        entityType: "acquisition",
        entityId: id,
        before,
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
    const before = await mustRead(tx, id);
    await tx.db.delete(acquisitions).where(eq(acquisitions.id, id));
    await recordAudit(tx, { action: "delete", entityType: "acquisition", entityId: id, before });
  });
}
