import { and, eq } from "drizzle-orm";
import { recordAudit } from "../audit/record.js";
import { sources } from "../db/schema/index.js";
import type { Ctx } from "../shared/context.js";
import type { ImportSource } from "./upsert.js";

/**
 * The source a one-off file import is keyed under, found by kind and name or made on first use:
 * importing the next export of the same catalogue under the same name updates instead of
 * duplicating. Such a source has no URL and no schedule.
 */
export async function fileSource(
  ctx: Ctx,
  kind: "csv" | "marc",
  name: string,
): Promise<ImportSource> {
  const [existing] = await ctx.db
    .select({ id: sources.id, name: sources.name })
    .from(sources)
    .where(and(eq(sources.kind, kind), eq(sources.name, name)))
    .limit(1);
  if (existing) return existing;
  const now = ctx.clock.now();
  const [created] = await ctx.db
    .insert(sources)
    .values({ kind, name, createdAt: now, updatedAt: now })
    .returning({ id: sources.id, name: sources.name });
  if (!created) throw new Error("insert returned no row");
  await recordAudit(ctx, {
    action: "create",
    entityType: "source",
    entityId: created.id,
    after: { kind, name, by: "file import" },
  });
  return created;
}
