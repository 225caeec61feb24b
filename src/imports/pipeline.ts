import { type Ctx, withTransaction } from "../shared/context.js";
import { localDate } from "../shared/time.js";
import { type Draft, toDraft } from "./normalize.js";
import type { ReadResult, Where } from "./record.js";
import { type BatchOutcome, type ImportSource, type Rejection, writeDrafts } from "./upsert.js";

export const BATCH_SIZE = 500;
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
  private readonly byIsbn = new Map<string, Where>();
  private readonly byRecord = new Map<string, Where>();

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
    const earlier =
      (draft.isbn ? this.byIsbn.get(draft.isbn) : undefined) ?? this.byRecord.get(draft.recordId);
    if (earlier) {
      const what = draft.isbn && this.byIsbn.has(draft.isbn) ? `ISBN ${draft.isbn}` : "record id";
      this.refuse({
        ...draft.where,
        recordId: draft.recordId,
        code: "duplicate_in_file",
        reason: `has the same ${what} as ${describe(earlier)}`,
      });
      return null;
    }
    if (draft.isbn) this.byIsbn.set(draft.isbn, draft.where);
    this.byRecord.set(draft.recordId, draft.where);
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
  /** Reads the input from the start; called twice (check, then write), so it must be repeatable. */
  read: () => AsyncIterable<ReadResult>;
  mode: ImportMode;
  dryRun: boolean;
  onProgress?: ((done: number) => void) | undefined;
}

/**
 * A one-off import in two passes over the input. The first reads and checks every record and
 * writes nothing, so an unreadable file (junk, an XML bomb) fails before any change and a dry run
 * is exactly the first pass. The second writes the records the first accepted, in batches: each
 * in its own transaction for good_rows (an import of 100,000 books does not hold the database
 * for its whole length), all in one for all_or_nothing.
 */
export async function runImport(ctx: Ctx, options: RunOptions): Promise<ImportSummary> {
  const checks = new RunChecks(ctx);
  const refused = new Set<number>();
  let records = 0;
  for await (const result of options.read()) {
    records += 1;
    if (!checks.check(result)) refused.add(records);
    if (options.dryRun && records % BATCH_SIZE === 0) options.onProgress?.(records);
  }
  const summary: ImportSummary = {
    format: options.format,
    dryRun: options.dryRun,
    mode: options.mode,
    source: null,
    records,
    valid: records - refused.size,
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
  if (options.dryRun) {
    options.onProgress?.(records);
    return finish();
  }
  if (options.mode === "all_or_nothing" && refused.size > 0) return finish();

  const writeAll = async (tx: Ctx | null, source: ImportSource) => {
    summary.source = source;
    let index = 0;
    let batch: Draft[] = [];
    const flush = async () => {
      const drafts = batch;
      batch = [];
      const outcome = tx
        ? await writeDrafts(tx, source, drafts, checks.today)
        : await withTransaction(ctx, (own) => writeDrafts(own, source, drafts, checks.today));
      summary.created += outcome.created;
      summary.updated += outcome.updated;
      summary.unchanged += outcome.unchanged;
      summary.valid -= outcome.rejected.length;
      checks.absorb(outcome);
      options.onProgress?.(index);
    };
    for await (const result of options.read()) {
      index += 1;
      if (refused.has(index) || "problem" in result) continue;
      const checked = toDraft(result.record, result.where, checks.today);
      if ("draft" in checked) batch.push(checked.draft);
      if (batch.length >= BATCH_SIZE) await flush();
    }
    await flush();
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
}

/** Undoes an all_or_nothing import that met a refusal only the database could see. */
class RolledBack extends Error {}

function stripUndefined(rejection: Rejection): Rejection {
  return Object.fromEntries(
    Object.entries(rejection).filter(([, value]) => value !== undefined),
  ) as unknown as Rejection;
}
