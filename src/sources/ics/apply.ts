import { and, eq, getTableColumns, inArray, ne, or, sql } from "drizzle-orm";
import { type EventRow, events, type NewEventRow, sources } from "../../db/schema/index.js";
import { type Ctx, withTransaction } from "../../shared/context.js";
import { timestamptz } from "../../shared/sql.js";
import { isLocalMidnight } from "../../shared/time.js";
import {
  columnsFor,
  type FeedField,
  type FeedValues,
  feedFields,
  shownValues,
} from "../feed-fields.js";
import type { SourceRow } from "../syncer.js";
import { type CalendarEvent, eventKey, type ReadCalendar } from "./read.js";

export interface ApplyCounts {
  created: number;
  updated: number;
  unchanged: number;
  cancelled: number;
}

/** Rows per insert, so one statement's JSON stays about a megabyte. */
const INSERT_CHUNK = 500;
const TIME_FIELDS: FeedField[] = ["startsAt", "endsAt", "allDay"];

/**
 * Brings the source's events in line with the calendar, in one transaction: new events are
 * created, changed ones updated field by field (a field a person changed stays theirs unless the
 * feed changed it too), and events that left the feed are cancelled, never deleted.
 */
export function applyCalendar(
  ctx: Ctx,
  source: SourceRow,
  calendar: ReadCalendar,
  audience: NewEventRow["audience"],
): Promise<ApplyCounts> {
  return withTransaction(ctx, async (tx) => {
    // One sync of a source at a time: a second waits here, then sees what the first wrote.
    await tx.db
      .select({ id: sources.id })
      .from(sources)
      .where(eq(sources.id, source.id))
      .for("update");
    const now = tx.clock.now();
    const stored = await storedEvents(tx, source.id, calendar, now);
    const byKey = new Map(stored.map((row) => [row.key, row]));
    const counts: ApplyCounts = { created: 0, updated: 0, unchanged: 0, cancelled: 0 };
    const fresh: NewEventRow[] = [];
    const changed = new Map<string, FeedValues>();
    for (const item of calendar.events) {
      const row = byKey.get(eventKey(item.uid, item.recurrenceId));
      if (!row) fresh.push(newEvent(source.id, item, audience, now));
      else if (sameFeed(row.feedValues, item.values)) counts.unchanged += 1;
      else changed.set(row.id, item.values);
    }
    // Whole rows only for what the feed changed: most syncs change little or nothing.
    const rows = changed.size
      ? await tx.db
          .select()
          .from(events)
          .where(inArray(events.id, [...changed.keys()]))
      : [];
    for (const row of rows) {
      const change = changeOf(row, changed.get(row.id) as FeedValues, now, tx.config.timeZone);
      await tx.db.update(events).set(change).where(eq(events.id, row.id));
      counts[change.version ? "updated" : "unchanged"] += 1;
    }
    for (let i = 0; i < fresh.length; i += INSERT_CHUNK) {
      await insertEvents(tx, fresh.slice(i, i + INSERT_CHUNK));
    }
    counts.created = fresh.length;
    counts.cancelled = await cancelGone(tx, stored, calendar);
    return counts;
  });
}

/**
 * Inserts rows passed as one jsonb value: embedded Postgres binds one large parameter far faster
 * than the thousands a multi-row VALUES needs. All rows have the same keys (newEvent made them).
 */
async function insertEvents(ctx: Ctx, rows: NewEventRow[]) {
  const first = rows[0];
  if (!first) return;
  const columns = getTableColumns(events);
  const used = Object.keys(first).map((key) => columns[key as keyof typeof columns]);
  const names = sql.join(
    used.map((column) => sql.identifier(column.name)),
    sql`, `,
  );
  const types = sql.join(
    used.map((column) => sql`${sql.identifier(column.name)} ${sql.raw(column.getSQLType())}`),
    sql`, `,
  );
  const json = JSON.stringify(
    rows.map((row) =>
      Object.fromEntries(
        Object.entries(row).map(([key, value]) => [
          columns[key as keyof typeof columns].name,
          value,
        ]),
      ),
    ),
  );
  await ctx.db.execute(
    sql`insert into ${events} (${names}) select ${names} from jsonb_to_recordset(${json}::jsonb) as x(${types})`,
  );
}

interface StoredEvent {
  id: string;
  key: string;
  uid: string;
  feedValues: Partial<FeedValues>;
  ended: boolean;
}

/**
 * What this sync can touch: the source's events that have not ended, and any (even past) that
 * share a UID with the feed's events, since the feed may have moved them. Only what tells
 * whether the feed changed is read here.
 */
async function storedEvents(
  ctx: Ctx,
  sourceId: string,
  calendar: ReadCalendar,
  now: Date,
): Promise<StoredEvent[]> {
  const uids = [...new Set(calendar.events.map((item) => item.uid))];
  const ended = sql`coalesce(${events.endsAt}, ${events.startsAt}) < ${timestamptz(now)}`;
  const rows = await ctx.db
    .select({
      id: events.id,
      uid: events.externalUid,
      recurrenceId: events.recurrenceId,
      feedValues: events.feedValues,
      ended: sql<boolean>`${ended}`,
    })
    .from(events)
    .where(
      and(
        eq(events.sourceId, sourceId),
        or(
          sql`not (${ended})`,
          sql`${events.externalUid} in (select jsonb_array_elements_text(${JSON.stringify(uids)}::jsonb))`,
        ),
      ),
    );
  return rows.map((row) => ({
    id: row.id,
    key: eventKey(row.uid ?? "", row.recurrenceId),
    uid: row.uid ?? "",
    feedValues: (row.feedValues ?? {}) as Partial<FeedValues>,
    ended: row.ended,
  }));
}

const sameFeed = (previous: Partial<FeedValues>, incoming: FeedValues) =>
  feedFields.every((field) => previous[field] === incoming[field]);

function newEvent(
  sourceId: string,
  item: CalendarEvent,
  audience: NewEventRow["audience"],
  now: Date,
): NewEventRow {
  return {
    ...(columnsFor(item.values, now) as Omit<NewEventRow, "id">),
    audience,
    sourceId,
    externalUid: item.uid,
    recurrenceId: item.recurrenceId,
    feedValues: { ...item.values },
    createdAt: now,
    updatedAt: now,
  };
}

/**
 * The update for one stored event whose feed values changed. Only fields the feed changed since
 * last time are written, and only where the event does not already show them; `version` is set
 * when a visible field changes.
 */
function changeOf(
  row: EventRow,
  incoming: FeedValues,
  now: Date,
  timeZone: string,
): Partial<NewEventRow> {
  const previous = (row.feedValues ?? {}) as Partial<FeedValues>;
  const changed = feedFields.filter((field) => incoming[field] !== previous[field]);
  const shown = shownValues(row);
  let apply = changed.filter((field) => incoming[field] !== shown[field]);
  // Times move together when taking one alone would leave them inconsistent (an end before
  // the start, an all-day event not at midnight): then the feed's times win whole.
  if (apply.some((field) => TIME_FIELDS.includes(field))) {
    const next = { ...shown, ...pick(incoming, apply) } as FeedValues;
    if (!timesHold(next, timeZone)) apply = [...new Set([...apply, ...TIME_FIELDS])];
  }
  const update: Partial<NewEventRow> = { feedValues: { ...incoming } };
  if (apply.length === 0) return update;
  const kind = apply.includes("kind") ? incoming.kind : row.kind;
  return {
    ...update,
    ...columnsFor(pick(incoming, apply), now),
    // Facilitator, topic and target group belong to literacy sessions only.
    ...(kind === "literacy_session" ? {} : { facilitator: null, topic: null, targetGroup: null }),
    version: row.version + 1,
    updatedAt: now,
  };
}

function pick(values: FeedValues, fields: FeedField[]): Partial<FeedValues> {
  return Object.fromEntries(fields.map((field) => [field, values[field]]));
}

function timesHold(values: FeedValues, timeZone: string): boolean {
  const start = new Date(values.startsAt);
  const end = values.endsAt === null ? null : new Date(values.endsAt);
  if (end && end < start) return false;
  if (!values.allDay) return true;
  return isLocalMidnight(start, timeZone) && (!end || isLocalMidnight(end, timeZone));
}

/**
 * Events that have left the feed (and have not ended) are cancelled: the planner withdraws
 * their posts. Their feed status becomes "cancelled", so that when one comes back the feed's
 * "scheduled" counts as a change and restores it.
 */
async function cancelGone(ctx: Ctx, stored: StoredEvent[], calendar: ReadCalendar) {
  const now = ctx.clock.now();
  const gone = stored
    .filter(
      (row) =>
        !row.ended &&
        !calendar.present.has(row.key) &&
        !calendar.unreadable.has(row.uid) &&
        row.feedValues.status !== "cancelled",
    )
    .map((row) => row.id);
  if (gone.length === 0) return 0;
  await ctx.db
    .update(events)
    .set({
      status: "cancelled",
      cancelledAt: now,
      version: sql`${events.version} + 1`,
      updatedAt: now,
    })
    .where(and(inArray(events.id, gone), ne(events.status, "cancelled")));
  await ctx.db
    .update(events)
    .set({ feedValues: sql`jsonb_set(${events.feedValues}, '{status}', '"cancelled"')` })
    .where(inArray(events.id, gone));
  return gone.length;
}
