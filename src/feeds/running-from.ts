import { sql } from "drizzle-orm";
import { events } from "../db/schema/index.js";
import { LONGEST_EVENT_DAYS } from "./window.js";

const p = sql.placeholder;

/**
 * Events still running at the placeholder `from` (they end after it: an exhibition that opened
 * last week) or starting later. `earliest` bounds the start index range the query walks.
 */
export const runningFrom = () =>
  sql`${events.startsAt} >= ${p("earliest")}::timestamptz
    and (${events.startsAt} >= ${p("from")}::timestamptz or ${events.endsAt} > ${p("from")}::timestamptz)`;

/** The values of runningFrom's placeholders. */
export const runningFromValues = (from: Date) => ({
  from: from.toISOString(),
  earliest: new Date(from.getTime() - LONGEST_EVENT_DAYS * 86_400_000).toISOString(),
});
