import { and, asc, eq, inArray, isNotNull, isNull, or, sql } from "drizzle-orm";
import { recordAudit } from "../audit/record.js";
import type { Config } from "../config.js";
import { sources } from "../db/schema/index.js";
import type { Deps } from "../deps.js";
import type { Ctx } from "../shared/context.js";
import { AppError, rootCause } from "../shared/errors.js";
import { timestamptz } from "../shared/sql.js";
import { FeedError } from "./errors.js";
import { createSafeFetch, userAgentFor } from "./fetch.js";
import { importCalendarText } from "./ics/syncer.js";
import { type SourceKind, sourceSyncers } from "./registry.js";
import { createSource, DEFAULT_SYNC_MINUTES, findSource } from "./service.js";
import { timeoutMsOf } from "./settings.js";
import type { SafeFetch, SourceRow, SyncSummary } from "./syncer.js";

/** A summary as the API and the source show it: validators and resume state stay inside. */
export function publicSummary({ validators: _v, state: _s, ...shown }: SyncSummary) {
  return shown;
}

const messageOf = (err: unknown) => (err instanceof FeedError ? err.message : rootCause(err));

export function fetchFor(config: Config, source: SourceRow): SafeFetch {
  return createSafeFetch({
    userAgent: userAgentFor(config),
    timeoutMs: timeoutMsOf(source.settings),
  });
}

/**
 * Runs one sync and records its outcome on the source: when it worked, the time and what it
 * did; when it failed, why (lastSuccessAt keeps the last good one). `audit` names the staff
 * action to record; the scheduler's own syncs are not audited.
 */
async function recordedSync(
  ctx: Ctx,
  source: SourceRow,
  work: () => Promise<SyncSummary>,
  audit?: string,
): Promise<SyncSummary> {
  const startedAt = ctx.clock.now();
  const record = (after: unknown) =>
    audit
      ? recordAudit(ctx, { action: audit, entityType: "source", entityId: source.id, after })
      : Promise.resolve();
  let summary: SyncSummary;
  try {
    summary = await work();
  } catch (err) {
    await ctx.db
      .update(sources)
      .set({ lastAttemptAt: startedAt, lastError: messageOf(err) })
      .where(eq(sources.id, source.id));
    await record({ error: messageOf(err) });
    throw err;
  }
  const { validators, state } = summary;
  await ctx.db
    .update(sources)
    .set({
      lastAttemptAt: startedAt,
      lastSuccessAt: ctx.clock.now(),
      lastError: null,
      lastSummary: publicSummary(summary),
      ...(validators ? { etag: validators.etag, lastModified: validators.lastModified } : {}),
      ...(state ? { state } : {}),
    })
    .where(eq(sources.id, source.id));
  await record(publicSummary(summary));
  return summary;
}

/** "Sync now": pulls the source and answers what changed. Throws FeedError when it cannot. */
export async function syncSourceNow({ ctx, id }: { ctx: Ctx; id: string }) {
  const source = await findSource(ctx, id);
  const syncer = sourceSyncers[source.kind as SourceKind];
  if (!syncer) {
    throw new AppError(
      "content_problems",
      `A ${source.kind} source is imported from files (npm run import); it has no feed to sync`,
    );
  }
  const summary = await recordedSync(
    ctx,
    source,
    () => syncer(ctx, source, fetchFor(ctx.config, source)),
    "sync",
  );
  return publicSummary(summary);
}

/** A calendar file uploaded once into an ics source, imported as a sync of it would be. */
export async function uploadCalendar({ ctx, id, text }: { ctx: Ctx; id: string; text: string }) {
  const source = await findSource(ctx, id);
  if (source.kind !== "ics") {
    throw new AppError(
      "content_problems",
      `Only ics sources take a calendar file; this one is a ${source.kind} source`,
    );
  }
  const summary = await recordedSync(
    ctx,
    source,
    () => importCalendarText(ctx, source, text),
    "upload",
  );
  return publicSummary(summary);
}

/**
 * For the CLI: imports a calendar file into the ics source of that name that has no URL,
 * creating it the first time. Importing the same file again updates instead of duplicating.
 */
export async function importCalendarFile(
  ctx: Ctx,
  text: string,
  options: { sourceName: string },
): Promise<SyncSummary> {
  const [existing] = await ctx.db
    .select()
    .from(sources)
    .where(and(eq(sources.kind, "ics"), eq(sources.name, options.sourceName), isNull(sources.url)))
    .orderBy(asc(sources.createdAt))
    .limit(1);
  const source =
    existing ??
    (await findSource(
      ctx,
      (
        await createSource({
          ctx,
          input: {
            kind: "ics",
            name: options.sourceName,
            url: null,
            settings: {},
            syncEveryMinutes: DEFAULT_SYNC_MINUTES,
            enabled: true,
          },
        })
      ).id,
    ));
  return recordedSync(ctx, source, () => importCalendarText(ctx, source, text), "import");
}

/**
 * For the scheduler's tick: pulls every enabled source with a URL whose interval has passed
 * since its last attempt. Each is claimed first (another scheduler process may be at it), and
 * one failing source never stops the others; failures are logged and shown on the source.
 */
export async function syncDueSources(deps: Deps): Promise<void> {
  const ctx: Ctx = {
    db: deps.db,
    clock: deps.clock,
    config: deps.config,
    templateFiles: deps.templateFiles,
    actor: { tokenId: null, name: "source sync", role: "admin" },
  };
  const now = ctx.clock.now();
  const pulled = Object.entries(sourceSyncers).flatMap(([kind, syncer]) => (syncer ? [kind] : []));
  const due = await ctx.db
    .select()
    .from(sources)
    .where(
      and(
        eq(sources.enabled, true),
        isNotNull(sources.url),
        inArray(sources.kind, pulled),
        or(
          isNull(sources.lastAttemptAt),
          sql`${sources.lastAttemptAt} + coalesce(${sources.syncEvery}, ${`${DEFAULT_SYNC_MINUTES} minutes`})::interval <= ${timestamptz(now)}`,
        ),
      ),
    )
    .orderBy(sql`${sources.lastAttemptAt} asc nulls first`);
  for (const source of due) {
    const [claimed] = await ctx.db
      .update(sources)
      .set({ lastAttemptAt: now })
      .where(
        and(
          eq(sources.id, source.id),
          source.lastAttemptAt
            ? eq(sources.lastAttemptAt, source.lastAttemptAt)
            : isNull(sources.lastAttemptAt),
        ),
      )
      .returning({ id: sources.id });
    const syncer = sourceSyncers[source.kind as SourceKind];
    if (!claimed || !syncer) continue;
    try {
      const summary = await recordedSync(ctx, source, () =>
        syncer(ctx, source, fetchFor(ctx.config, source)),
      );
      deps.logger.info("source synced", { source: source.name, ...publicSummary(summary) });
    } catch (err) {
      deps.logger.warn("source sync failed", { source: source.name, error: messageOf(err) });
    }
  }
}
