import { and, eq, gte, inArray, lte, sql } from "drizzle-orm";
import type { Config } from "../config.js";
import type { Database } from "../db/database.js";
import { deliveries } from "../db/schema/index.js";
import { addDays, localDate, zonedInstant } from "../shared/time.js";

/**
 * X plans cap posts per day. Counted per library-local day, every thread part included: how many
 * more may go out today (Infinity without a cap). Over the cap, what is due waits for tomorrow.
 */
export async function remainingToday(db: Database, config: Config, now: Date): Promise<number> {
  const cap = config.x.dailyCap;
  if (cap === null) return Number.POSITIVE_INFINITY;
  const midnight = zonedInstant(localDate(now, config.timeZone), "00:00", config.timeZone);
  const [row] = await db
    .select({
      posted: sql<number>`coalesce(sum(jsonb_array_length(${deliveries.externalIds})), 0)::int`,
    })
    .from(deliveries)
    .where(
      and(
        eq(deliveries.channel, "x"),
        eq(deliveries.status, "sent"),
        gte(deliveries.sentAt, midnight),
      ),
    );
  return Math.max(0, cap - (row?.posted ?? 0));
}

/** Moves today's due X posts to the start of tomorrow: deferred, never failed or missed. */
export async function deferToTomorrow(db: Database, config: Config, now: Date): Promise<number> {
  const tomorrow = zonedInstant(
    addDays(localDate(now, config.timeZone), 1),
    "00:00",
    config.timeZone,
  );
  const deferred = await db
    .update(deliveries)
    .set({
      dueAt: tomorrow,
      scheduledFor: tomorrow,
      lastError: "Daily X cap reached; deferred to tomorrow",
      updatedAt: now,
    })
    .where(
      and(
        eq(deliveries.channel, "x"),
        inArray(deliveries.status, ["pending"]),
        lte(deliveries.dueAt, now),
      ),
    )
    .returning({ id: deliveries.id });
  return deferred.length;
}
