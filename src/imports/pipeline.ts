import { type Ctx, withTransaction } from "../shared/context.js";
import { localDate } from "../shared/time.js";
import { type Draft, toDraft } from "./normalize.js";
import type { ReadResult, Where } from "./record.js";
import { DraftSpool } from "./spool.js";
import { type BatchOutcome, type ImportSource, type Rejection, writeDrafts } from "./upsert.js";

/**
 * Records per transaction. Measured with bench:marc (100,000 records): 200 keeps the peak RSS
 * 10 to 25 MB under what 500 or 1,000 give, for about a second more in all.
 */
export const BATCH_SIZE = 200;
/** Enough to fix a file; a file whose every row is wrong needs a mapping, not 100,000 lines. */
export const MAX_LISTED = 1000;

export type ImportMode = "good_rows" | "all_or_nothing";

export interface ImportSummary {
  format: string;
  dryRun: boolean;
  mode: ImportMode;
  source: ImportSource | null;
  /** Records read, good and bad. */
  records: number;
  /** Records that passed every check (in a dry run: what would be written). */
  valid: number;
  created: number;
  updated: number;
  unchanged: number;
  rejectedCount: number;
  /** The first MAX_LISTED refused records, each with its line or record number and the reason. */
  rejected: Rejection[];
  /** Whether anything was written: false for a dry run and for all_or_nothing with a refusal. */
  applied: boolean;
}

/**
 * The checks one run applies across its records: each record on its own (toDraft), and no two
 * records of the run for one book (same ISBN or same record id).
 */
export class RunChecks {
  readonly today: string;
  readonly rejected: Rejection[] = [];
  rejectedCount = 0;
  // Where each ISBN and record id was first seen, as a line or record number: a run's records
  // are all placed the same way (lines for CSV, positions otherwise), and at 100,000 records a
  // number per key costs far less than the record's Where.
  private readonly byIsbn = new Map<string, number>();
  private readonly byRecord = new Map<string, number>();

  constructor(ctx: Ctx) {
    this.today = localDate(ctx.clock.now(), ctx.config.timeZone);
  }

  check(result: ReadResult): Draft | null {
    if ("problem" in result) {
      this.refuse({ ...result.where, recordId: result.recordId, ...result.problem });
      return null;
    }
    const checked = toDraft(result.record, result.where, this.today);
    if ("problem" in checked) {
      this.refuse({
        ...result.where,
        recordId: result.record.recordId ?? undefined,
        ...checked.problem,
      });
      return null;
    }
    const { draft } = checked;
    const sameIsbn = draft.isbn ? this.byIsbn.get(draft.isbn) : undefined;
    const earlier = sameIsbn ?? this.byRecord.get(draft.recordId);
    if (earlier !== undefined) {
      const what = sameIsbn !== undefined ? `ISBN ${draft.isbn}` : "record id";
      const there = draft.where.line !== undefined ? { line: earlier } : { record: earlier };
      this.refuse({
        ...draft.where,
        recordId: draft.recordId,
        code: "duplicate_in_file",
        reason: `has the same ${what} as ${describe(there)}`,
      });
      return null;
    }
    const here = draft.where.line ?? draft.where.record ?? 0;
    if (draft.isbn) this.byIsbn.set(draft.isbn, here);
    this.byRecord.set(draft.recordId, here);
    return draft;
  }

  refuse(rejection: Rejection) {
    this.rejectedCount += 1;
    if (this.rejected.length < MAX_LISTED) this.rejected.push(stripUndefined(rejection));
  }

  absorb(outcome: BatchOutcome) {
    for (const rejection of outcome.rejected) this.refuse(rejection);
  }
}

export const describe = (where: Where) =>
  where.line !== undefined ? `line ${where.line}` : `record ${where.record}`;

export interface RunOptions {
  format: string;
  /** The source records are keyed under; asked for only when something is to be written. */
  source: (ctx: Ctx) => Promise<ImportSource>;
  /** Reads the input from the start; called once. */
  read: () => AsyncIterable<ReadResult>;
  mode: ImportMode;
  dryRun: boolean;
  onProgress?: ((done: number) => void) | undefined;
}

/**
 * A one-off import in two passes. The first reads and checks every record and writes nothing, so
 * an unreadable file (junk, an XML bomb) fails before any change and a dry run is exactly the
 * first pass; it parks the drafts it accepts in a spool. The second writes them in batches: each
 * in its own transaction for good_rows (an import of 100,000 books does not hold the database for
 * its whole length), all in one for all_or_nothing.
 */
export async function runImport(ctx: Ctx, options: RunOptions): Promise<ImportSummary> {
  const checks = new RunChecks(ctx);
  const spool = options.dryRun ? null : await DraftSpool.open();
  try {
    let records = 0;
    for await (const result of options.read()) {
      records += 1;
      const draft = checks.check(result);
      if (draft && spool) await spool.add(records, draft);
      if (options.dryRun && records % BATCH_SIZE === 0) options.onProgress?.(records);
    }
    const summary: ImportSummary = {
      format: options.format,
      dryRun: options.dryRun,
      mode: options.mode,
      source: null,
      records,
      valid: records - checks.rejectedCount,
      created: 0,
      updated: 0,
      unchanged: 0,
      rejectedCount: 0,
      rejected: [],
      applied: false,
    };
    const finish = () => ({
      ...summary,
      rejectedCount: checks.rejectedCount,
      rejected: checks.rejected,
    });
    if (!spool) {
      options.onProgress?.(records);
      return finish();
    }
    if (options.mode === "all_or_nothing" && checks.rejectedCount > 0) return finish();

    const writeAll = async (tx: Ctx | null, source: ImportSource) => {
      summary.source = source;
      for await (const batch of spool.batches(BATCH_SIZE)) {
        const drafts = batch.map((spooled) => spooled.draft);
        const outcome = await writeBatch(ctx, tx, source, drafts, checks.today);
        summary.created += outcome.created;
        summary.updated += outcome.updated;
        summary.unchanged += outcome.unchanged;
        summary.valid -= outcome.rejected.length;
        checks.absorb(outcome);
        options.onProgress?.(batch.at(-1)?.index ?? records);
      }
      options.onProgress?.(records);
    };

    if (options.mode === "good_rows") {
      await writeAll(null, await options.source(ctx));
      return { ...finish(), applied: true };
    }
    try {
      await withTransaction(ctx, async (tx) => {
        await writeAll(tx, await options.source(tx));
        if (checks.rejectedCount > 0) throw new RolledBack();
      });
    } catch (err) {
      if (!(err instanceof RolledBack)) throw err;
      return { ...finish(), source: null, created: 0, updated: 0, unchanged: 0 };
    }
    return { ...finish(), applied: true };
  } finally {
    await spool?.dispose();
  }
}

/** One batch, in the caller's transaction (all_or_nothing) or in its own (good_rows). */
async function writeBatch(
  ctx: Ctx,
  tx: Ctx | null,
  source: ImportSource,
  drafts: Draft[],
  today: string,
): Promise<BatchOutcome> {
  try {
    return tx
      ? await writeDrafts(tx, source, drafts, today)
      : await withTransaction(ctx, (own) => writeDrafts(own, source, drafts, today));
  } finally {
    // Emptied once written: the transaction's callback refers to the batch, and the driver keeps
    // it a while after the commit. Measured on 100,000 records, the kept batches put some 50 MB
    // more into the old generation of the heap.
    drafts.length = 0;
  }
}

/** Undoes an all_or_nothing import that met a refusal only the database could see. */
class RolledBack extends Error {}

function stripUndefined(rejection: Rejection): Rejection {
  return Object.fromEntries(
    Object.entries(rejection).filter(([, value]) => value !== undefined),
  ) as unknown as Rejection;
}
