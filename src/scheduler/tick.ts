import type { Deps } from "../deps.js";
import { type DispatchReport, dispatch } from "./dispatch.js";

export interface TickReport {
  at: string;
  dispatch: DispatchReport;
}

/**
 * One scheduler tick: what cron (Node) or a cron trigger (Workers) calls, and what tests call
 * with a clock they move. Automation planning joins it with the rules.
 */
export async function tick(deps: Deps, options: { workerId: string }): Promise<TickReport> {
  const at = deps.clock.now().toISOString();
  return { at, dispatch: await dispatch(deps, { workerId: options.workerId }) };
}
