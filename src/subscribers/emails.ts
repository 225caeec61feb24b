import { sql } from "drizzle-orm";
import type { Locale } from "../config.js";
import type { patronEmailKinds } from "../db/schema/enums.js";
import { patronEmails } from "../db/schema/index.js";
import type { Deps } from "../deps.js";
import { listHeaders } from "../mail/list-headers.js";
import type { SendOutcome } from "../mail/mailer.js";
import { renderEmail } from "../mail/render.js";
import { MAX_ATTEMPTS, retryDelayMs } from "../newsletters/send/record.js";
import type { Ctx } from "../shared/context.js";
import { rootCause } from "../shared/errors.js";
import { rowsOf } from "../shared/sql.js";
import { confirmUrl, manageLinks } from "./links.js";
import { patronCtx } from "./patron-ctx.js";
import { UNCONFIRMED_KEPT_DAYS } from "./retention.js";
import { type Topic, topicLabels } from "./wording.js";

export type PatronEmail = (typeof patronEmailKinds)[number];

/**
 * Owes the subscriber an email, in the transaction of the change it follows: it goes out if and
 * only if the change is committed, and whatever happens to the relay or the process after that.
 */
export async function queuePatronEmail(tx: Ctx, kind: PatronEmail, ...subscriberIds: string[]) {
  if (subscriberIds.length === 0) return;
  const now = tx.clock.now();
  await tx.db
    .insert(patronEmails)
    .values(subscriberIds.map((subscriberId) => ({ subscriberId, kind, dueAt: now })));
}

/** One owed email, claimed, with the subscriber as they are now. */
interface ClaimedEmail {
  id: number;
  kind: PatronEmail;
  attempts: number;
  messageId: string;
  subscriberId: string;
  email: string;
  name: string | null;
  locale: Locale;
  topics: Topic[];
}

/** How long a claimed email is this sender's before another may try it. */
const LEASE_MS = 5 * 60_000;

/**
 * Sends up to `limit` owed emails that are due, oldest first: claimed with SKIP LOCKED and a
 * lease (a sender that dies leaves them to the next once it runs out), rendered in the
 * subscriber's language, and recorded one by one. A 4xx or a dropped connection retries with
 * backoff; a 5xx, or MAX_ATTEMPTS, fails the email with the server's words. How many were tried.
 */
export async function deliverPatronEmails(
  deps: Deps,
  options: { limit?: number; beforeEach?: () => Promise<void> } = {},
): Promise<number> {
  const now = deps.clock.now();
  const claimed = rowsOf<ClaimedEmail>(
    await deps.db.execute(sql`
      with picked as (
        select id from patron_emails
        where status in ('pending', 'sending') and due_at <= ${now.toISOString()}::timestamptz
        order by due_at, id
        limit ${options.limit ?? 50}
        for update skip locked
      ), claimed as (
        update patron_emails e set
          status = 'sending',
          due_at = ${new Date(now.getTime() + LEASE_MS).toISOString()}::timestamptz,
          attempts = e.attempts + 1,
          message_id = coalesce(e.message_id, '<' || gen_random_uuid() || ${`@${deps.config.mail.domain}>`}),
          updated_at = ${now.toISOString()}::timestamptz
        from picked where e.id = picked.id
        returning e.id, e.kind, e.attempts, e.message_id, e.subscriber_id
      )
      select c.id::int as "id", c.kind, c.attempts, c.message_id as "messageId",
        c.subscriber_id as "subscriberId", s.email, s.name, s.locale, s.topics
      from claimed c join subscribers s on s.id = c.subscriber_id
      order by c.id`),
  );
  for (const row of claimed) {
    await options.beforeEach?.();
    const outcome = await sendOne(deps, row).catch(
      (err: unknown): SendOutcome => ({ kind: "temporary", code: null, reason: rootCause(err) }),
    );
    await record(deps, row, outcome);
  }
  return claimed.length;
}

async function sendOne(deps: Deps, row: ClaimedEmail): Promise<SendOutcome> {
  const data: Record<string, unknown> = {
    name: row.name,
    topics: row.topics.map((topic) => topicLabels[row.locale][topic]),
  };
  let headers: Record<string, string> | undefined;
  if (row.kind === "confirm") {
    data.confirmUrl = confirmUrl(deps, row.subscriberId);
    data.keptDays = UNCONFIRMED_KEPT_DAYS;
  } else {
    // Welcome and already-subscribed go to subscribers: they carry the manage links and list
    // headers. A confirmation goes to an address that has agreed to nothing yet: it carries none.
    const links = manageLinks(deps, row.subscriberId);
    data.links = links;
    headers = listHeaders(deps.config, links.token);
  }
  const email = await renderEmail(patronCtx(deps), deps.renderer, row.kind, row.locale, data);
  return deps.mailer.send({
    to: row.email,
    ...email,
    messageId: row.messageId,
    ...(headers ? { headers } : {}),
  });
}

/** Only while this claim still holds the email (same attempt): a lease taken over is not ours. */
async function record(deps: Deps, row: ClaimedEmail, outcome: SendOutcome) {
  const now = deps.clock.now();
  const error = outcome.kind === "sent" ? null : `${outcome.code ?? ""} ${outcome.reason}`.trim();
  const retry = outcome.kind === "temporary" && row.attempts < MAX_ATTEMPTS;
  const status = outcome.kind === "sent" ? "sent" : retry ? "pending" : "failed";
  const dueAt = retry ? new Date(now.getTime() + retryDelayMs(row.attempts)) : now;
  if (status === "failed") {
    deps.logger.warn("patron email failed", {
      kind: row.kind,
      subscriberId: row.subscriberId,
      error,
    });
  }
  await deps.db.execute(sql`
    update patron_emails set status = ${status}, last_error = ${error},
      due_at = ${dueAt.toISOString()}::timestamptz,
      sent_at = ${status === "sent" ? now.toISOString() : null}::timestamptz,
      updated_at = ${now.toISOString()}::timestamptz
    where id = ${row.id} and status = 'sending' and attempts = ${row.attempts}`);
}
