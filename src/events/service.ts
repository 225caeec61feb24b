import { eq } from "drizzle-orm";
import { recordAudit } from "../audit/record.js";
import { type EventRow, events, type NewEventRow } from "../db/schema/index.js";
import { assertVersion, requireVersion } from "../shared/concurrency.js";
import { type Ctx, withTransaction } from "../shared/context.js";
import { type FieldIssue, invalid, notFound } from "../shared/errors.js";
import { isLocalMidnight } from "../shared/time.js";
import { type EventOutput, readEvent } from "./output.js";
import type { CreateEventInput, UpdateEventInput } from "./schemas.js";

type EventValues = Omit<NewEventRow, "id" | "createdAt" | "updatedAt" | "version">;

function toColumns(input: Partial<CreateEventInput>): Partial<EventValues> {
  const { registration, ...rest } = input;
  const values: Partial<EventValues> = { ...rest };
  if (registration !== undefined) {
    values.registrationRequired = registration !== null;
    values.registrationUrl = registration === "required" ? null : registration;
  }
  return values;
}

/** Rules that span fields, checked on the record as it would be saved. */
function checkConsistency(event: Partial<EventRow>, timeZone: string): void {
  const issues: FieldIssue[] = [];
  if (event.endsAt && event.startsAt && event.endsAt < event.startsAt) {
    issues.push({ path: "body.endsAt", message: "must not be before startsAt" });
  }
  // All-day events run from midnight to midnight where the library is; endsAt is exclusive.
  if (event.allDay) {
    for (const field of ["startsAt", "endsAt"] as const) {
      const at = event[field];
      if (at && !isLocalMidnight(at, timeZone)) {
        issues.push({
          path: `body.${field}`,
          message: `must be 00:00 in ${timeZone} for an all-day event`,
        });
      }
    }
  }
  if (event.kind !== "literacy_session") {
    for (const field of ["facilitator", "topic", "targetGroup"] as const) {
      if (event[field]) {
        issues.push({ path: `body.${field}`, message: "is only for literacy_session events" });
      }
    }
  }
  const first = issues[0];
  if (first) throw invalid(`Invalid event: ${first.path} ${first.message}`, issues);
}

export async function createEvent({ ctx, input }: { ctx: Ctx; input: CreateEventInput }) {
  const values = toColumns(input) as EventValues;
  checkConsistency(values, ctx.config.timeZone);
  return withTransaction(ctx, async (tx) => {
    const now = tx.clock.now();
    const [row] = await tx.db
      .insert(events)
      .values({ ...values, createdAt: now, updatedAt: now })
      .returning({ id: events.id });
    if (!row) throw new Error("insert returned no row");
    const after = await mustRead(tx, row.id);
    await recordAudit(tx, { action: "create", entityType: "event", entityId: row.id, after });
    return after;
  });
}

export async function getEvent({ ctx, id }: { ctx: Ctx; id: string }) {
  return mustRead(ctx, id);
}

async function mustRead(ctx: Ctx, id: string): Promise<EventOutput> {
  const event = await readEvent(ctx.db, ctx.config.timeZone, id);
  if (!event) throw notFound("Event", id);
  return event;
}

export async function updateEvent({
  ctx,
  id,
  input,
  ifMatch,
}: {
  ctx: Ctx;
  id: string;
  input: UpdateEventInput;
  ifMatch: number | undefined;
}) {
  const { version, ...changes } = input;
  const expected = requireVersion(ifMatch, version);
  return withTransaction(ctx, async (tx) => {
    const [current] = await tx.db.select().from(events).where(eq(events.id, id)).for("update");
    if (!current) throw notFound("Event", id);
    assertVersion("Event", id, current.version, expected);
    if (Object.keys(changes).length === 0) return mustRead(tx, id);
    const values = toColumns(changes as Partial<CreateEventInput>);
    if (values.status !== undefined && values.status !== current.status) {
      values.cancelledAt = values.status === "cancelled" ? tx.clock.now() : null;
    }
    checkConsistency({ ...current, ...values }, tx.config.timeZone);
    return saveChanges(tx, current, values, "update");
  });
}

/** Deleting an event cancels it: it stays visible (and its posts are withdrawn by the planner). */
export async function cancelEvent({
  ctx,
  id,
  ifMatch,
}: {
  ctx: Ctx;
  id: string;
  ifMatch: number | undefined;
}) {
  return withTransaction(ctx, async (tx) => {
    const [current] = await tx.db.select().from(events).where(eq(events.id, id)).for("update");
    if (!current) throw notFound("Event", id);
    if (ifMatch !== undefined) assertVersion("Event", id, current.version, ifMatch);
    if (current.status === "cancelled") return mustRead(tx, id);
    return saveChanges(tx, current, { status: "cancelled", cancelledAt: tx.clock.now() }, "cancel");
  });
}

async function saveChanges(
  tx: Ctx,
  current: EventRow,
  values: Partial<EventValues>,
  action: string,
) {
  const before = await mustRead(tx, current.id);
  await tx.db
    .update(events)
    .set({ ...values, version: current.version + 1, updatedAt: tx.clock.now() })
    .where(eq(events.id, current.id));
  const after = await mustRead(tx, current.id);
  await recordAudit(tx, { action, entityType: "event", entityId: current.id, before, after });
  return after;
}
