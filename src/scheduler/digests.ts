import { and, eq } from "drizzle-orm";
import { nextCronTime } from "../automation/cron-next.js";
import { automationRules } from "../db/schema/index.js";
import { approveNewsletter } from "../newsletters/approve.js";
import { draftDigest } from "../newsletters/digest.js";
import type { Ctx } from "../shared/context.js";
import { rootCause } from "../shared/errors.js";
import type { Renderer } from "../templates/render.js";

/**
 * Newsletter digest rules: when a rule's cron has fired since its last pass, the next week's or
 * month's issue is drafted from the content store (once: drafts are keyed by period), for staff
 * to read and approve; a rule that needs no approval approves it to go out at once.
 */
export async function draftDueDigests(ctx: Ctx, renderer: Renderer): Promise<string[]> {
  const rules = await ctx.db
    .select()
    .from(automationRules)
    .where(and(eq(automationRules.enabled, true), eq(automationRules.subject, "newsletters")));
  const drafted: string[] = [];
  const now = ctx.clock.now();
  for (const rule of rules) {
    const fired =
      rule.cron && nextCronTime(rule.cron, rule.plannedAt ?? rule.createdAt, ctx.config.timeZone);
    if (!fired || fired > now) continue;
    let lastError: string | null = null;
    try {
      const issue = await draftDigest(ctx, {
        cadence: rule.options.cadence ?? "monthly",
        ruleId: rule.id,
        now,
      });
      if (issue) {
        drafted.push(issue.id);
        if (!rule.requiresApproval) {
          await approveNewsletter({
            ctx,
            renderer,
            id: issue.id,
            input: {},
            ifMatch: issue.version,
          });
        }
      }
    } catch (err) {
      lastError = `Drafting the digest failed: ${rootCause(err)}`;
    }
    await ctx.db
      .update(automationRules)
      .set({ plannedAt: now, lastError })
      .where(eq(automationRules.id, rule.id));
  }
  return drafted;
}
