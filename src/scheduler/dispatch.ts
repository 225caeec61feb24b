import type { Channel, PublishResult } from "../channels/channel.js";
import type { Deps } from "../deps.js";
import { rootCause } from "../shared/errors.js";
import { type ClaimedDelivery, claimDue, expireLeases, markMissed } from "./claim.js";
import { deferToTomorrow, remainingToday } from "./daily-cap.js";
import { type Attempted, recordOutcomes, saveParts } from "./outcome.js";

export interface DispatchReport {
  expired: number;
  missed: number;
  /** Over the daily cap: moved to tomorrow. */
  deferred: number;
  attempted: number;
  outcomes: Record<string, number>;
}

/**
 * One pass of the outbox: expire dead workers' leases, mark what is far too late as missed, then
 * claim what is due and publish it, a batch at a time, until nothing due is left.
 */
export async function dispatch(
  deps: Pick<Deps, "db" | "clock" | "config" | "logger" | "channels">,
  options: { workerId: string; batchSize?: number; maxBatches?: number },
): Promise<DispatchReport> {
  const { db, clock } = deps;
  const report: DispatchReport = {
    expired: await expireLeases(db, clock.now()),
    missed: await markMissed(db, clock.now(), deps.config.maxLatenessMs),
    deferred: 0,
    attempted: 0,
    outcomes: {},
  };
  for (let batch = 0; batch < (options.maxBatches ?? 50); batch++) {
    const remaining = await remainingToday(db, deps.config, clock.now());
    if (remaining === 0) {
      report.deferred += await deferToTomorrow(db, deps.config, clock.now());
      break;
    }
    const limit = Math.min(options.batchSize ?? 20, remaining);
    const claimed = await claimDue(db, clock.now(), options.workerId, limit, deps.config.leaseMs);
    if (claimed.length === 0) break;
    const attempted: Attempted[] = [];
    for (const row of claimed) {
      const startedAt = clock.now();
      const result = await publishOne(deps, row, options.workerId);
      attempted.push({ row, result, startedAt, finishedAt: clock.now() });
      report.attempted += 1;
      report.outcomes[result.kind] = (report.outcomes[result.kind] ?? 0) + 1;
    }
    // One set of statements per batch: per-row writes cost more than the publishing around them.
    await recordOutcomes(db, attempted, options.workerId, clock.now());
  }
  return report;
}

async function publishOne(
  deps: Pick<Deps, "db" | "clock" | "config" | "logger" | "channels">,
  row: ClaimedDelivery,
  workerId: string,
): Promise<PublishResult> {
  const channel: Channel | undefined = deps.channels[row.channel as keyof Deps["channels"]];
  let result: PublishResult;
  if (!channel) {
    result = { kind: "rejected", reason: `No channel "${row.channel}" is configured` };
  } else {
    const ctx = {
      clock: deps.clock,
      logger: deps.logger,
      savePart: (ids: string[]) =>
        saveParts(deps.db, row.id, workerId, ids, deps.clock.now(), deps.config.leaseMs),
    };
    const job = {
      id: row.id,
      postId: row.postId,
      idempotencyKey: row.idempotencyKey,
      body: row.body,
      mediaUrls: row.mediaUrls,
      externalIds: row.externalIds,
      attempt: row.attempts,
    };
    try {
      // Outcome unknown: what the provider already has counts as posted, before any retry.
      if (row.reconcile) {
        job.externalIds = await channel.reconcile(job, ctx);
        await ctx.savePart(job.externalIds);
      }
      result = await channel.publish(job, ctx);
    } catch (err) {
      // A bug or an unclassified failure may have reached the provider: treat as unknown.
      deps.logger.warn("publish failed unexpectedly", { delivery: row.id, err: rootCause(err) });
      result = { kind: "transient", reason: rootCause(err) };
    }
  }
  return result;
}
