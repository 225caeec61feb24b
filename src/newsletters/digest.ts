import { eq } from "drizzle-orm";
import { type NewsletterRow, newsletters } from "../db/schema/index.js";
import { type Ctx, withTransaction } from "../shared/context.js";
import { type Cadence, digestPlanKey, nextPeriod } from "./period.js";
import { insertIssue } from "./service.js";

/**
 * Drafts the digest for the period after `now` (the next calendar month, or the next Monday to
 * Sunday, in the library's time zone), composed and with its texts in both languages, for staff
 * to read and approve. Idempotent by plan key: null when that period's digest exists already.
 */
export async function draftDigest(
  ctx: Ctx,
  options: { cadence: Cadence; ruleId?: string | null; now: Date },
): Promise<NewsletterRow | null> {
  const period = nextPeriod(options.cadence, options.now, ctx.config.timeZone);
  const planKey = digestPlanKey(options.cadence, period);
  // Most calls find the draft made already: no need to compose it again to learn that.
  const [existing] = await ctx.db
    .select({ id: newsletters.id })
    .from(newsletters)
    .where(eq(newsletters.planKey, planKey));
  if (existing) return null;
  return withTransaction(ctx, async (tx) => {
    const row = await insertIssue(tx, period, {}, { planKey, ruleId: options.ruleId ?? null });
    return row ?? null;
  });
}
