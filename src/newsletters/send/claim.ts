import { sql } from "drizzle-orm";
import type { Database } from "../../db/database.js";
import { newMessageIdSql } from "../../mail/list-headers.js";
import { rowsOf, timestamptz } from "../../shared/sql.js";

/** One ledger row claimed for sending, with what the message needs of its subscriber. */
export interface ClaimedRecipient {
  id: number;
  newsletterId: string;
  subscriberId: string | null;
  attempts: number;
  messageId: string;
  /** Null when the subscriber deleted themselves since the ledger was written. */
  email: string | null;
  locale: string | null;
  topics: string[] | null;
  subscriberStatus: string | null;
}

/**
 * A sender died with rows claimed: they go back to pending (at-least-once; the Message-ID chosen
 * at the first claim is kept, so a receiving server or mail program can tell a re-send).
 */
export async function releaseExpiredLeases(db: Database, now: Date): Promise<number> {
  const released = rowsOf<{ id: number }>(
    await db.execute(sql`
      update newsletter_recipients set status = 'pending', lease_until = null, updated_at = ${timestamptz(now)}
      where status = 'sending' and lease_until < ${timestamptz(now)}
      returning id`),
  );
  return released.length;
}

/**
 * Claims up to `limit` due rows of issues that are sending, with FOR UPDATE SKIP LOCKED: any
 * number of senders can share the ledger without two sending one row. Issue by issue, each in
 * ledger order through the index of pending rows: as fast at the last row as at the first. Each claimed row gets a
 * lease and, the first time, its Message-ID.
 */
export async function claimRecipients(
  db: Database,
  options: { now: Date; limit: number; leaseMs: number; domain: string },
): Promise<ClaimedRecipient[]> {
  const { now, limit, leaseMs, domain } = options;
  const leaseUntil = new Date(now.getTime() + leaseMs);
  return rowsOf<ClaimedRecipient>(
    await db.execute(sql`
      with picked as (
        select p.id from newsletters n
        cross join lateral (
          select r.id from newsletter_recipients r
          where r.newsletter_id = n.id and r.status = 'pending'
            and (r.next_attempt_at is null or r.next_attempt_at <= ${timestamptz(now)})
          order by r.id
          limit ${limit}
          for update of r skip locked
        ) p
        where n.status = 'sending'
        limit ${limit}
      ), claimed as (
        update newsletter_recipients r set
          status = 'sending',
          lease_until = ${timestamptz(leaseUntil)},
          attempts = r.attempts + 1,
          message_id = coalesce(r.message_id, ${newMessageIdSql(domain)}),
          updated_at = ${timestamptz(now)}
        from picked where r.id = picked.id
        returning r.id, r.newsletter_id, r.subscriber_id, r.attempts, r.message_id
      )
      select c.id::int as "id", c.newsletter_id as "newsletterId", c.subscriber_id as "subscriberId",
        c.attempts, c.message_id as "messageId", s.email, s.locale, s.topics,
        s.status as "subscriberStatus"
      from claimed c left join subscribers s on s.id = c.subscriber_id
      order by c.id`),
  );
}
