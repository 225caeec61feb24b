import type { Ctx } from "../shared/context.js";
import { withTransaction } from "../shared/context.js";
import type { SourceRow, SyncSummary } from "../sources/syncer.js";
import type { Draft } from "./normalize.js";
import { BATCH_SIZE, describe, RunChecks } from "./pipeline.js";
import type { ReadResult } from "./record.js";
import { writeDrafts } from "./upsert.js";

/**
 * How scheduled syncers (OAI-PMH, Koha) write: page by page as pages arrive, each page in its own
 * transaction, so no transaction is ever held open across a network fetch (on embedded PGlite that
 * would stall the whole app). A sync that fails halfway keeps the pages it wrote (they are
 * idempotent) and does not move its watermark, so the next sync fetches them again.
 */
export class SyncWriter {
  private readonly checks: RunChecks;
  private readonly source: { id: string; name: string };
  private created = 0;
  private updated = 0;
  private unchanged = 0;

  constructor(
    private readonly ctx: Ctx,
    source: SourceRow,
  ) {
    this.checks = new RunChecks(ctx);
    this.source = { id: source.id, name: source.name };
  }

  get today(): string {
    return this.checks.today;
  }

  async write(results: ReadResult[]): Promise<void> {
    const drafts = results
      .map((result) => this.checks.check(result))
      .filter((draft): draft is Draft => draft !== null);
    for (let at = 0; at < drafts.length; at += BATCH_SIZE) {
      const batch = drafts.slice(at, at + BATCH_SIZE);
      const outcome = await withTransaction(this.ctx, (tx) =>
        writeDrafts(tx, this.source, batch, this.checks.today),
      );
      this.created += outcome.created;
      this.updated += outcome.updated;
      this.unchanged += outcome.unchanged;
      this.checks.absorb(outcome);
    }
  }

  summary(state: Record<string, unknown>): SyncSummary {
    return {
      created: this.created,
      updated: this.updated,
      unchanged: this.unchanged,
      cancelled: 0,
      rejected: this.checks.rejected.map((r) => ({
        record: r.recordId ?? describe(r),
        reason: `${describe(r)}: ${r.reason}`,
      })),
      state,
    };
  }
}
