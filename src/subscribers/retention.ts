import { and, eq, isNull, lt } from "drizzle-orm";
import { subscribers } from "../db/schema/index.js";
import type { Ctx } from "../shared/context.js";

/**
 * How long a sign-up nobody confirms is kept after its last request: time enough to find the
 * email after a trip, and then the address goes (UU PDP: no personal data without a purpose).
 * The confirmation email says so.
 */
export const UNCONFIRMED_KEPT_DAYS = 30;

/**
 * Deletes sign-ups never confirmed within UNCONFIRMED_KEPT_DAYS, with their consent records
 * (cascade). Never-confirmed addresses never got a newsletter, so no ledger row names them; one
 * that was confirmed once keeps its history. How many went.
 */
export async function purgeUnconfirmedSignUps(ctx: Pick<Ctx, "db" | "clock">): Promise<number> {
  const cutoff = new Date(ctx.clock.now().getTime() - UNCONFIRMED_KEPT_DAYS * 86_400_000);
  const purged = await ctx.db
    .delete(subscribers)
    .where(
      and(
        eq(subscribers.status, "pending"),
        isNull(subscribers.confirmedAt),
        lt(subscribers.updatedAt, cutoff),
      ),
    )
    .returning({ id: subscribers.id });
  return purged.length;
}
