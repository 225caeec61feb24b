import { sql } from "drizzle-orm";
import type { Database } from "../../db/database.js";
import type { SendOutcome } from "../../mail/mailer.js";
import { rowsOf, timestamptz } from "../../shared/sql.js";
import type { ClaimedRecipient } from "./claim.js";

/** Attempts per recipient before a temporary failure (4xx, dropped connection) becomes final. */
export const MAX_ATTEMPTS = 6;
const BACKOFF_BASE_MS = 60_000;
const BACKOFF_CAP_MS = 2 * 60 * 60_000;

/** Exponential backoff with jitter (half fixed, half random), so a throttled batch spreads out. */
export function retryDelayMs(attempts: number, random: () => number = Math.random): number {
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempts - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** How one claimed row ended: the server's answer, or why it was not sent at all. */
export type RecipientResult =
  | { row: ClaimedRecipient; outcome: SendOutcome }
  | { row: ClaimedRecipient; skipped: string };

/**
 * Records a batch in one statement. Only rows this sender still holds move (same attempt number
 * as claimed: a row whose lease ran out and was claimed again belongs to the new claim).
 * Temporary failures wait and retry, up to MAX_ATTEMPTS; each failure is kept in the row's
 * attempt log with the server's words.
 */
export async function recordResults(db: Database, results: RecipientResult[], now: Date) {
  if (results.length === 0) return;
  const values = results.map((result) => ({
    id: result.row.id,
    attempts: result.row.attempts,
    ...change(result, now),
  }));
  await db.execute(sql`
    update newsletter_recipients r set
      status = v.status,
      sent_at = v.sent_at,
      last_error = v.error,
      next_attempt_at = v.next_at,
      lease_until = null,
      updated_at = ${timestamptz(now)},
      details = case when v.attempt is null then r.details
        else jsonb_set(coalesce(r.details, '{}'::jsonb), '{attempts}',
          coalesce(r.details -> 'attempts', '[]'::jsonb) || jsonb_build_array(v.attempt)) end
    from jsonb_to_recordset(${JSON.stringify(values)}::jsonb) as v(
      id bigint, attempts int, status text, sent_at timestamptz, error text, next_at timestamptz,
      attempt jsonb)
    where r.id = v.id and r.status = 'sending' and r.attempts = v.attempts`);
}

function change(result: RecipientResult, now: Date) {
  const at = now.toISOString();
  if ("skipped" in result) {
    return {
      status: "cancelled",
      sent_at: null,
      error: result.skipped,
      next_at: null,
      attempt: null,
    };
  }
  const { outcome, row } = result;
  if (outcome.kind === "sent") {
    return { status: "sent", sent_at: at, error: null, next_at: null, attempt: null };
  }
  const attempt = { at, code: outcome.code, reason: outcome.reason };
  const error = outcome.code ? `${outcome.code} ${outcome.reason}` : outcome.reason;
  if (outcome.kind === "permanent") {
    return { status: "failed", sent_at: null, error, next_at: null, attempt };
  }
  if (row.attempts >= MAX_ATTEMPTS) {
    const final = `Gave up after ${row.attempts} attempts: ${error}`;
    return { status: "failed", sent_at: null, error: final, next_at: null, attempt };
  }
  const nextAt = new Date(now.getTime() + retryDelayMs(row.attempts)).toISOString();
  return { status: "pending", sent_at: null, error, next_at: nextAt, attempt };
}

/**
 * An issue is sent when none of its rows is pending or sending: never "finished" with mail still
 * to go. Failed recipients stay listed on it, and can be retried. One question per status, so
 * each is answered by that status's partial index, not by a walk over every row of the issue.
 */
export async function finishSentNewsletters(db: Database, now: Date): Promise<string[]> {
  const finished = rowsOf<{ id: string }>(
    await db.execute(sql`
      update newsletters n set status = 'sent', sent_at = ${timestamptz(now)},
        updated_at = ${timestamptz(now)}, version = n.version + 1
      where n.status = 'sending'
        and not exists (select 1 from newsletter_recipients r
          where r.newsletter_id = n.id and r.status = 'pending')
        and not exists (select 1 from newsletter_recipients r
          where r.newsletter_id = n.id and r.status = 'sending')
      returning n.id`),
  );
  return finished.map((row) => row.id);
}
