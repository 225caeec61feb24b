import { schedule } from "node-cron";
import type { Deps } from "../deps.js";
import { rootCause } from "../shared/errors.js";
import { tick } from "./tick.js";

/**
 * Binds the tick to node-cron in the library's time zone. Ticks never overlap; stopping waits
 * for the tick in progress, so a shutdown never abandons a half-recorded attempt.
 */
export function startScheduler(deps: Deps, workerId: string): { stop(): Promise<void> } {
  let running: Promise<unknown> = Promise.resolve();
  const task = schedule(
    deps.config.tickCron,
    async () => {
      running = tick(deps, { workerId })
        .then((report) => {
          const { attempted, expired, missed } = report.dispatch;
          if (attempted + expired + missed > 0) deps.logger.info("tick", { ...report.dispatch });
        })
        .catch((err: unknown) => deps.logger.error("tick failed", { err: rootCause(err) }));
      await running;
    },
    {
      timezone: deps.config.timeZone,
      noOverlap: true,
      name: "warta-tick",
      // Skipped overlapping ticks are expected under load; node-cron would warn for each one.
      logger: {
        info: () => {},
        warn: () => {},
        error: (message: unknown) => deps.logger.error(String(message)),
        debug: () => {},
      },
    },
  );
  return {
    stop: async () => {
      await task.stop();
      await running;
    },
  };
}
