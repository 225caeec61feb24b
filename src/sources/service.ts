import { eq, sql } from "drizzle-orm";
import { recordAudit } from "../audit/record.js";
import { events, sources } from "../db/schema/index.js";
import { type Ctx, withTransaction } from "../shared/context.js";
import { listInCreationOrder } from "../shared/creation-order.js";
import { type FieldIssue, invalid, notFound } from "../shared/errors.js";
import { deleteVersioned, updateVersioned } from "../shared/versioned-record.js";
import type { CreateSourceInput, ListSourcesQuery, UpdateSourceInput } from "./schemas.js";
import { CalendarSettings } from "./settings.js";
import type { SourceRow } from "./syncer.js";

export const DEFAULT_SYNC_MINUTES = 15;

/** syncEvery is stored as a Postgres interval ("15 minutes"), so the due query can add it. */
const interval = (minutes: number) => `${minutes} minutes`;
const minutesOf = (syncEvery: string | null) =>
  Number.parseInt(syncEvery ?? "", 10) || DEFAULT_SYNC_MINUTES;

const iso = (at: Date | null) => at?.toISOString() ?? null;

/** Settings that are credentials (a Koha password, an OAuth client secret) never leave. */
const SECRET_KEY = /password|secret|token|api_?key/i;
export const HIDDEN = "********";

const shownSettings = (settings: Record<string, unknown>) =>
  Object.fromEntries(
    Object.entries(settings).map(([key, value]) => [
      key,
      SECRET_KEY.test(key) && value ? HIDDEN : value,
    ]),
  );

/** Settings sent back as read keep the stored credentials the API showed as HIDDEN. */
const withStoredSecrets = (sent: Record<string, unknown>, stored: Record<string, unknown>) =>
  Object.fromEntries(
    Object.entries(sent).map(([key, value]) => [
      key,
      SECRET_KEY.test(key) && value === HIDDEN ? stored[key] : value,
    ]),
  );

/** What the API shows: no validators or resume state, which are the syncers' business. */
export function toOutput(row: SourceRow) {
  return {
    id: row.id,
    kind: row.kind as CreateSourceInput["kind"],
    name: row.name,
    url: row.url,
    settings: shownSettings(row.settings),
    syncEveryMinutes: minutesOf(row.syncEvery),
    enabled: row.enabled,
    lastAttemptAt: iso(row.lastAttemptAt),
    lastSuccessAt: iso(row.lastSuccessAt),
    lastError: row.lastError,
    lastSummary: row.lastSummary as never,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

const sourceRecord = { table: sources, kind: "Source", entityType: "source", toOutput };

/** Calendar settings are checked here, defaults filled; other kinds' importers read their own. */
function checkSource(source: Pick<SourceRow, "kind" | "url" | "settings">) {
  const issues: FieldIssue[] = [];
  let settings = source.settings;
  if (source.kind === "ics") {
    const parsed = CalendarSettings.safeParse(settings);
    if (parsed.success) settings = parsed.data;
    else {
      for (const issue of parsed.error.issues) {
        issues.push({ path: ["body.settings", ...issue.path].join("."), message: issue.message });
      }
    }
  }
  if ((source.kind === "oai_pmh" || source.kind === "koha") && !source.url) {
    issues.push({ path: "body.url", message: `is needed for a ${source.kind} source` });
  }
  const first = issues[0];
  if (first) throw invalid(`Invalid source: ${first.path} ${first.message}`, issues);
  return settings;
}

export async function findSource(ctx: Ctx, id: string): Promise<SourceRow> {
  const [row] = await ctx.db.select().from(sources).where(eq(sources.id, id));
  if (!row) throw notFound("Source", id);
  return row;
}

export async function createSource({ ctx, input }: { ctx: Ctx; input: CreateSourceInput }) {
  const { syncEveryMinutes, ...rest } = input;
  const settings = checkSource(input);
  return withTransaction(ctx, async (tx) => {
    const now = tx.clock.now();
    const [row] = await tx.db
      .insert(sources)
      .values({
        ...rest,
        settings,
        syncEvery: interval(syncEveryMinutes),
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    if (!row) throw new Error("insert returned no row");
    await recordAudit(tx, {
      action: "create",
      entityType: "source",
      entityId: row.id,
      after: toOutput(row),
    });
    return toOutput(row);
  });
}

export async function getSource({ ctx, id }: { ctx: Ctx; id: string }) {
  return toOutput(await findSource(ctx, id));
}

/** A new URL or new settings forget the validators, so the next sync reads the feed anew. */
export async function updateSource({
  ctx,
  id,
  input,
  ifMatch,
}: {
  ctx: Ctx;
  id: string;
  input: UpdateSourceInput;
  ifMatch: number | undefined;
}) {
  const { version, syncEveryMinutes, ...changes } = input;
  return updateVersioned(ctx, sourceRecord, {
    id,
    input,
    ifMatch,
    changes: async (current, tx) => {
      if (changes.name !== undefined && changes.name !== current.name) {
        await touchEventsOf(tx, id);
      }
      if (changes.settings)
        changes.settings = withStoredSecrets(changes.settings, current.settings);
      const settings = checkSource({ ...current, ...changes });
      const refetch = changes.url !== undefined || changes.settings !== undefined;
      return {
        ...changes,
        settings,
        ...(syncEveryMinutes === undefined ? {} : { syncEvery: interval(syncEveryMinutes) }),
        ...(refetch ? { etag: null, lastModified: null } : {}),
      };
    },
  });
}

/**
 * An event's JSON shows its source's name, and lists keep that JSON per event row version
 * (shared/json-items.ts): rewriting the rows gives them new versions, so lists show the new name.
 */
async function touchEventsOf(tx: Ctx, sourceId: string) {
  await tx.db
    .update(events)
    .set({ sourceId: sql`${events.sourceId}` })
    .where(eq(events.sourceId, sourceId));
}

/** The events it imported stay, no longer linked to a source. */
export async function deleteSource({
  ctx,
  id,
  ifMatch,
}: {
  ctx: Ctx;
  id: string;
  ifMatch: number | undefined;
}) {
  await deleteVersioned(ctx, sourceRecord, { id, ifMatch });
}

export async function listSources({ ctx, query }: { ctx: Ctx; query: ListSourcesQuery }) {
  const filter = query.kind ? eq(sources.kind, query.kind) : undefined;
  const { items, nextCursor } = await listInCreationOrder(ctx.db, sources, query, filter);
  return { items: items.map(toOutput), nextCursor };
}
