import { sql } from "drizzle-orm";
import type { Locale } from "../config.js";
import type { patronEmailKinds } from "../db/schema/enums.js";
import { patronEmails } from "../db/schema/index.js";
import type { Deps } from "../deps.js";
import { listHeaders, newMessageIdSql } from "../mail/list-headers.js";
import type { SendOutcome } from "../mail/mailer.js";
import { renderEmail } from "../mail/render.js";
import { retryDelayMs } from "../newsletters/send/record.js";
import type { Ctx } from "../shared/context.js";
import { rootCause } from "../shared/errors.js";
import { rowsOf, timestamptz } from "../shared/sql.js";
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
  subscriberStatus: string;
}

/**
 * Tries before a temporary failure becomes final: with backoff capped at two hours, about two
 * days, so a mail server that is down for an afternoon loses nothing.
 */
export const PATRON_EMAIL_ATTEMPTS = 40;

/** Who may still get each kind: a confirmation only while pending, the others only while active. */
const meantFor: Record<PatronEmail, string> = {
  confirm: "pending",
  welcome: "active",
  "already-subscribed": "active",
};

/**
 * Sends up to `limit` owed emails that are due, oldest first, claimed with SKIP LOCKED and a
 * lease (a sender that dies leaves them to the next once it runs out). Each is checked against
 * the subscriber as they are now (no welcome after an unsubscribe, no confirmation once
 * confirmed), rendered in their language, and recorded. A 4xx or a dropped connection retries
 * with backoff; a 5xx fails the email with the server's words. How many were claimed.
 */
export async function deliverPatronEmails(
  deps: Deps,
  options: { limit?: number; beforeEach?: () => Promise<void> } = {},
): Promise<number> {
  const claimed = await claim(deps, options.limit ?? 10);
  for (const row of claimed) {
    if (row.subscriberStatus !== meantFor[row.kind]) {
      await record(deps, row, "skipped", `The subscriber is ${row.subscriberStatus} now`);
      continue;
    }
    await options.beforeEach?.();
    // The rate limit may have held this one back: send only if the claim is still ours.
    if (!(await renewLease(deps, row))) continue;
    const outcome = await sendOne(deps, row);
    if (outcome.kind === "sent") await record(deps, row, "sent", null);
    else {
      const error = `${outcome.code ?? ""} ${outcome.reason}`.trim();
      const retry = outcome.kind === "temporary" && row.attempts < PATRON_EMAIL_ATTEMPTS;
      if (!retry) deps.logger.warn("patron email failed", { kind: row.kind, error });
      await record(deps, row, retry ? "pending" : "failed", error);
    }
  }
  return claimed.length;
}

async function claim(deps: Deps, limit: number): Promise<ClaimedEmail[]> {
  const now = deps.clock.now();
  return rowsOf<ClaimedEmail>(
    await deps.db.execute(sql`
      with picked as (
        select id from patron_emails
        where status in ('pending', 'sending') and due_at <= ${timestamptz(now)}
          and attempts < ${PATRON_EMAIL_ATTEMPTS}
        order by due_at, id
        limit ${limit}
        for update skip locked
      ), claimed as (
        update patron_emails e set
          status = 'sending',
          due_at = ${leaseEnd(deps)},
          attempts = e.attempts + 1,
          message_id = coalesce(e.message_id, ${newMessageIdSql(deps.config.mail.domain)}),
          updated_at = ${timestamptz(now)}
        from picked where e.id = picked.id
        returning e.id, e.kind, e.attempts, e.message_id, e.subscriber_id
      )
      select c.id::int as "id", c.kind, c.attempts, c.message_id as "messageId",
        c.subscriber_id as "subscriberId", s.email, s.name, s.locale, s.topics,
        s.status as "subscriberStatus"
      from claimed c join subscribers s on s.id = c.subscriber_id
      order by c.id`),
  );
}

const leaseEnd = (deps: Deps) =>
  timestamptz(new Date(deps.clock.now().getTime() + deps.config.leaseMs));

/** Whether this claim still holds the email (same attempt), with a fresh lease if so. */
async function renewLease(deps: Deps, row: ClaimedEmail): Promise<boolean> {
  const renewed = rowsOf<{ id: number }>(
    await deps.db.execute(sql`
      update patron_emails set due_at = ${leaseEnd(deps)}
      where id = ${row.id} and status = 'sending' and attempts = ${row.attempts}
      returning id`),
  );
  return renewed.length > 0;
}

/** Never throws: a template that cannot be rendered fails the email (retrying cannot mend it). */
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
  let email: Awaited<ReturnType<typeof renderEmail>>;
  try {
    email = await renderEmail(patronCtx(deps), deps.renderer, row.kind, row.locale, data);
  } catch (err) {
    deps.logger.error("patron email could not be rendered", {
      kind: row.kind,
      err: rootCause(err),
    });
    return { kind: "permanent", code: null, reason: `Could not render: ${rootCause(err)}` };
  }
  return deps.mailer
    .send({ to: row.email, ...email, messageId: row.messageId, ...(headers ? { headers } : {}) })
    .catch((err: unknown) => ({ kind: "temporary", code: null, reason: rootCause(err) }));
}

/** Only while this claim still holds the email (same attempt): a lease taken over is not ours. */
async function record(
  deps: Deps,
  row: ClaimedEmail,
  status: "sent" | "pending" | "failed" | "skipped",
  error: string | null,
) {
  const now = deps.clock.now();
  const dueAt = status === "pending" ? new Date(now.getTime() + retryDelayMs(row.attempts)) : now;
  await deps.db.execute(sql`
    update patron_emails set status = ${status}, last_error = ${error},
      due_at = ${timestamptz(dueAt)},
      sent_at = ${status === "sent" ? timestamptz(now) : null},
      updated_at = ${timestamptz(now)}
    where id = ${row.id} and status = 'sending' and attempts = ${row.attempts}`);
}
