import { asc, eq } from "drizzle-orm";
import type { Database } from "../db/database.js";
import { consentRecords } from "../db/schema/index.js";
import type { Ctx } from "../shared/context.js";
import type { Topic } from "./wording.js";

export type ConsentAction =
  | "requested"
  | "confirmed"
  | "topics_changed"
  | "unsubscribed"
  | "imported";
export type ConsentMethod =
  | "web_form"
  | "email_link"
  | "one_click"
  | "mailto"
  | "staff"
  | "csv_import";

export interface ConsentEvent {
  subscriberId: string;
  action: ConsentAction;
  method: ConsentMethod;
  /** The exact text shown, in the language shown; null when nothing was shown (one click, mail). */
  wording: string | null;
  topics: readonly Topic[];
  details?: Record<string, unknown>;
}

/**
 * Appends consent events, inside the caller's transaction. When, how, what was shown and which
 * topics; never an IP address or a user agent: they prove little and would be personal data too.
 */
export async function recordConsent(ctx: Ctx, ...events: ConsentEvent[]): Promise<void> {
  if (events.length === 0) return;
  const at = ctx.clock.now();
  await ctx.db.insert(consentRecords).values(
    events.map((event) => ({
      subscriberId: event.subscriberId,
      at,
      action: event.action,
      method: event.method,
      wording: event.wording,
      details: { topics: [...event.topics], ...event.details },
    })),
  );
}

/** A subscriber's consent history, oldest first. */
export async function consentHistory(db: Database, subscriberId: string) {
  const rows = await db
    .select()
    .from(consentRecords)
    .where(eq(consentRecords.subscriberId, subscriberId))
    .orderBy(asc(consentRecords.at), asc(consentRecords.id));
  return rows.map((row) => ({
    at: row.at.toISOString(),
    action: row.action,
    method: row.method,
    wording: row.wording,
    details: row.details ?? null,
  }));
}
