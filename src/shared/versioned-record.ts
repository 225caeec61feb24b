import { eq } from "drizzle-orm";
import type { PgColumn, PgTable, PgUpdateSetSource } from "drizzle-orm/pg-core";
import { recordAudit } from "../audit/record.js";
import { assertVersion, requireVersion } from "./concurrency.js";
import { type Ctx, withTransaction } from "./context.js";
import { notFound } from "./errors.js";

type VersionedTable = PgTable & {
  id: PgColumn;
  version: PgColumn;
  updatedAt: PgColumn;
  $inferSelect: { id: string; version: number };
};

/** A record staff edit with If-Match: its table, its name in errors and audit, its API shape. */
export interface VersionedRecord<Table extends VersionedTable, Output> {
  table: Table;
  /** "Source": in error messages. */
  kind: string;
  /** "source": in the audit log. */
  entityType: string;
  toOutput: (row: Table["$inferSelect"]) => Output;
}

type Row<Table extends VersionedTable> = Table["$inferSelect"];

/** Holds the row lock until the transaction ends, so a concurrent edit waits and then conflicts. */
async function lockById<Table extends VersionedTable>(
  tx: Ctx,
  record: VersionedRecord<Table, unknown>,
  id: string,
): Promise<Row<Table>> {
  const { table } = record;
  const [current] = await tx.db
    .select()
    .from(table as VersionedTable)
    .where(eq(table.id, id))
    .for("update");
  if (!current) throw notFound(record.kind, id);
  // drizzle cannot name the row type of a generic table; the constraint above guarantees it.
  return current as Row<Table>;
}

/**
 * Applies a patch to the version the client read. `changes` checks the merged record and says
 * what to write; the version and updatedAt are bumped here, and the audit keeps before and after.
 * A patch that only names the version changes nothing.
 */
export async function updateVersioned<Table extends VersionedTable, Output>(
  ctx: Ctx,
  record: VersionedRecord<Table, Output>,
  {
    id,
    input,
    ifMatch,
    changes,
  }: {
    id: string;
    input: { version?: number | undefined };
    ifMatch: number | undefined;
    changes: (
      current: Row<Table>,
      tx: Ctx,
    ) => PgUpdateSetSource<Table> | Promise<PgUpdateSetSource<Table>>;
  },
): Promise<Output> {
  const expected = requireVersion(ifMatch, input.version);
  return withTransaction(ctx, async (tx) => {
    const current = await lockById(tx, record, id);
    assertVersion(record.kind, id, current.version, expected);
    if (Object.keys(input).every((key) => key === "version")) return record.toOutput(current);
    const values = await changes(current, tx);
    const { table } = record;
    const [row] = await tx.db
      .update(table as VersionedTable)
      .set({ ...values, version: current.version + 1, updatedAt: tx.clock.now() })
      .where(eq(table.id, id))
      .returning();
    if (!row) throw notFound(record.kind, id);
    const updated = row as Row<Table>;
    await recordAudit(tx, {
      action: "update",
      entityType: record.entityType,
      entityId: id,
      before: record.toOutput(current),
      after: record.toOutput(updated),
    });
    return record.toOutput(updated);
  });
}

/** Deletes the record; the version check applies only when the client sent one. */
export async function deleteVersioned<Table extends VersionedTable>(
  ctx: Ctx,
  record: VersionedRecord<Table, unknown>,
  { id, ifMatch }: { id: string; ifMatch: number | undefined },
): Promise<void> {
  await withTransaction(ctx, async (tx) => {
    const current = await lockById(tx, record, id);
    if (ifMatch !== undefined) assertVersion(record.kind, id, current.version, ifMatch);
    await tx.db.delete(record.table).where(eq(record.table.id, id));
    await recordAudit(tx, {
      action: "delete",
      entityType: record.entityType,
      entityId: id,
      before: record.toOutput(current),
    });
  });
}
