/**
 * What bench:tick needs around the real scheduler: Deps built the way bootstrap builds them, a
 * channel that answers at once (a stand-in for the provider, so channel time is excluded), and an
 * outbox history made in SQL with generate_series.
 */

import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { nodeDeps } from "../../src/bootstrap.js";
import type { Channel, DeliveryJob, PublishResult } from "../../src/channels/channel.js";
import { loadConfig } from "../../src/config.js";
import type { Database } from "../../src/db/database.js";
import type { Deps } from "../../src/deps.js";
import { createLinkSigner } from "../../src/mail/links.js";
import type { Mailer } from "../../src/mail/mailer.js";
import { createPreviewMailer } from "../../src/mail/preview.js";
import { systemClock } from "../../src/shared/clock.js";
import { createLogger } from "../../src/shared/logger.js";

/**
 * The external service, answering instantly: every publish is sent, every reconcile finds what we
 * had. A stand-in for the provider (so channel time is excluded), not a double of our code. Built
 * first and checked against Channel after, so it fits whether or not Channel asks for parts().
 */
const instant = {
  kind: "x" as const,
  preview: false,
  validate: () => [],
  parts: (content: { body: string }) => [content.body],
  publish: async (job: DeliveryJob): Promise<PublishResult> => ({
    kind: "sent",
    externalIds: [`bench-${job.id}`],
  }),
  reconcile: async (job: DeliveryJob) => job.externalIds,
};
export const instantChannel: Channel = instant;

/** Deps as bootstrap assembles them (config, system clock, logger, templates, renderer). */
export function benchDeps(db: Database, databaseUrl: string, mailer?: Mailer): Deps {
  const config = loadConfig({ DATABASE_URL: databaseUrl, LOG_LEVEL: "warn", SEED_DEMO: "0" });
  return nodeDeps({
    db,
    clock: systemClock,
    config,
    logger: createLogger(config.logLevel),
    channels: { x: instantChannel },
    mailer:
      mailer ??
      createPreviewMailer({ dir: path.join(tmpdir(), "warta-bench-mail"), from: config.mail.from }),
    links: createLinkSigner("bench link secret, long enough to be a real one"),
  });
}

export interface HistoryCounts {
  posts: number;
  deliveries: number;
  attempts: number;
}

/**
 * `count` deliveries that are done with, over the past two years, one post each: 85% sent (one
 * attempt), 10% failed (a retry, then a refusal: two attempts), 5% cancelled (none). One
 * transaction; the rows reference each other by construction (ids are md5s of the row number), so
 * the foreign-key triggers are skipped for the load (session_replication_role), which halves it.
 */
export async function fillHistory(database: Database, count: number): Promise<HistoryCounts> {
  await database.transaction(async (tx) => {
    await tx.execute(sql`set local session_replication_role = replica`);
    await insertHistory(tx, count);
  });
  const [counts] = (await database.execute(
    sql`select (select count(*) from posts)::int as posts,
               (select count(*) from deliveries)::int as deliveries,
               (select count(*) from delivery_attempts)::int as attempts`,
  )) as unknown as HistoryCounts[];
  if (!counts) throw new Error("no counts");
  return counts;
}

async function insertHistory(db: Database, count: number) {
  const n = Math.trunc(count);
  const rows = `(select i, now() - interval '1 day' - i * (interval '730 days' / ${n}) as at,
                        case when i % 20 = 0 then 'cancelled' when i % 20 < 3 then 'failed' else 'sent' end as s
                 from generate_series(1, ${n}) as i) h`;
  await db.execute(
    sql.raw(`
    insert into posts (id, body, channels, locale, scheduled_at, status, revision, approved_at,
                       plan_key, created_at, updated_at)
    select md5('post:' || i)::uuid,
           'Riwayat unggahan nomor ' || i || '. ' || repeat('Kabar dari Perpustakaan Kota Manado. ', 4),
           array['x'], 'id', at,
           case s when 'cancelled' then 'cancelled' when 'failed' then 'approved' else 'published' end,
           1, at - interval '1 day', null, at - interval '2 days', at + interval '2 seconds'
    from ${rows}`),
  );
  await db.execute(
    sql.raw(`
    insert into deliveries (id, post_id, channel, idempotency_key, status, scheduled_for, due_at,
                            attempts, retries, external_ids, last_error, sent_at, created_at, updated_at)
    select md5('delivery:' || i)::uuid, md5('post:' || i)::uuid, 'x',
           'post:' || md5('post:' || i)::uuid || ':r1:x', s, at, at,
           case s when 'sent' then 1 when 'failed' then 2 else 0 end,
           case s when 'failed' then 1 else 0 end,
           case s when 'sent' then jsonb_build_array((1800000000000000000 + i)::text) else '[]'::jsonb end,
           case s when 'failed' then 'X refused the post: You are not allowed to create a Tweet with duplicate content.' end,
           case s when 'sent' then at + interval '2 seconds' end,
           at - interval '1 day', at + interval '2 seconds'
    from ${rows}`),
  );
  await db.execute(
    sql.raw(`
    insert into delivery_attempts (delivery_id, started_at, finished_at, outcome, request, error, retry_at)
    select md5('delivery:' || i)::uuid, at + (k - 1) * interval '1 minute',
           at + (k - 1) * interval '1 minute' + interval '1 second',
           case when s = 'sent' then 'sent' when k = 1 then 'retry' else 'failed' end,
           jsonb_build_object('channel', 'x', 'attempt', k),
           case when s = 'sent' then null when k = 1 then 'X answered 503 Service Unavailable'
                else 'X refused the post: You are not allowed to create a Tweet with duplicate content.' end,
           case when s = 'failed' and k = 1 then at + interval '1 minute' end
    from ${rows} cross join generate_series(1, 2) as k
    where s <> 'cancelled' and (k = 1 or s = 'failed')`),
  );
}

/**
 * `count` approved posts, one pending X delivery each, due `minutes` from now (negative: overdue),
 * as approving a post queues them.
 */
export async function queueDeliveries(db: Database, count: number, minutes: number) {
  await db.execute(
    sql.raw(`
    with p as (
      insert into posts (body, channels, locale, scheduled_at, status, revision, approved_at)
      select 'Kabar perpustakaan yang siap terbit, nomor ' || i || '. #PerpustakaanManado',
             array['x'], 'id', now() + make_interval(mins => ${Math.trunc(minutes)}), 'approved', 1,
             now() - interval '1 hour'
      from generate_series(1, ${Math.trunc(count)}) as i
      returning id, scheduled_at)
    insert into deliveries (post_id, channel, idempotency_key, scheduled_for, due_at)
    select id, 'x', 'post:' || id || ':r1:x', scheduled_at, scheduled_at from p`),
  );
}

/** As a database that has been running for a while: statistics known, visibility map set. */
export async function settle(db: Database) {
  await db.execute(sql`vacuum (analyze) posts, deliveries, delivery_attempts`);
  await db.execute(sql`checkpoint`);
}

/**
 * Diagnosis only: new sessions to this database stop waiting for the WAL flush at commit, which
 * shows how much of a figure is the disk's fsync latency (one per committed transaction).
 */
export async function skipCommitFlush(db: Database, databaseName: string) {
  await db.execute(sql.raw(`alter database ${databaseName} set synchronous_commit = off`));
}
