import { type PlanReport, plan } from "../automation/planner.js";
import { postRenderer } from "../automation/render-post.js";
import type { Deps } from "../deps.js";
import type { Ctx } from "../shared/context.js";
import { syncDueSources } from "../sources/sync.js";
import { purgeUnconfirmedSignUps } from "../subscribers/retention.js";
import { draftDueDigests } from "./digests.js";
import { type DispatchReport, dispatch } from "./dispatch.js";

export interface TickReport {
  at: string;
  plan: PlanReport;
  /** Newsletter digests drafted in this tick. */
  digests: string[];
  dispatch: DispatchReport;
  /** Sign-ups deleted because nobody confirmed them in time. */
  purgedSignUps: number;
}

/**
 * One scheduler tick: plan what the rules ask for (posts, newsletter digests), publish what is
 * due, delete sign-ups nobody confirmed in time, then sync the calendar and catalogue sources
 * that are due. Newsletters are sent by their own sender loop, which starts each approved issue
 * on time. What cron (Node) or a cron trigger (Workers) calls, and what tests call with a clock
 * they move.
 */
export async function tick(deps: Deps, options: { workerId: string }): Promise<TickReport> {
  const at = deps.clock.now().toISOString();
  const ctx: Ctx = {
    db: deps.db,
    clock: deps.clock,
    config: deps.config,
    templateFiles: deps.templateFiles,
    actor: { tokenId: null, name: "planner", role: "admin" },
  };
  const planned = await plan(ctx, postRenderer(ctx, deps.renderer));
  for (const error of planned.errors) deps.logger.warn("planning", { error });
  const digests = await draftDueDigests(ctx, deps.renderer);
  const dispatched = await dispatch(deps, { workerId: options.workerId });
  const purgedSignUps = await purgeUnconfirmedSignUps(ctx);
  if (purgedSignUps > 0) deps.logger.info("unconfirmed sign-ups deleted", { purgedSignUps });
  // Last, so a slow calendar host never delays what is due; what it changes is planned next tick.
  await syncDueSources(deps);
  return { at, plan: planned, digests, dispatch: dispatched, purgedSignUps };
}
