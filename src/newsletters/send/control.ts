import { and, eq, inArray, sql } from "drizzle-orm";
import { recordAudit } from "../../audit/record.js";
import type { Database } from "../../db/database.js";
import { newsletterRecipients, newsletters } from "../../db/schema/index.js";
import { type Ctx, withTransaction } from "../../shared/context.js";
import { decodeCursor, encodeCursor, keysetPage } from "../../shared/cursor.js";
import { AppError, notFound } from "../../shared/errors.js";
import { rowsOf } from "../../shared/sql.js";

export interface Progress {
  id: string;
  status: string;
  total: number;
  sent: number;
  failed: number;
  /** Not yet sent: waiting, being sent right now, or waiting to retry. */
  remaining: number;
  /** Left out: unsubscribed or deleted since the audience was fixed, or the issue was cancelled. */
  cancelled: number;
  sentAt: string | null;
}

export async function progressOf(db: Database, id: string): Promise<Progress> {
  const [issue] = await db
    .select({ status: newsletters.status, sentAt: newsletters.sentAt })
    .from(newsletters)
    .where(eq(newsletters.id, id));
  if (!issue) throw notFound("Newsletter", id);
  const counts = rowsOf<{ status: string; count: number }>(
    await db.execute(sql`
      select status, count(*)::int as count from newsletter_recipients
      where newsletter_id = ${id} group by status`),
  );
  const count = (...statuses: string[]) =>
    counts.filter((c) => statuses.includes(c.status)).reduce((sum, c) => sum + Number(c.count), 0);
  return {
    id,
    status: issue.status,
    total: count("pending", "sending", "sent", "failed", "cancelled"),
    sent: count("sent"),
    failed: count("failed"),
    remaining: count("pending", "sending"),
    cancelled: count("cancelled"),
    sentAt: issue.sentAt?.toISOString() ?? null,
  };
}

export type SendingAction = "pause" | "resume" | "cancel" | "retry-failed";

/** Which states each action starts from, and where it leaves the issue. */
const transitions: Record<SendingAction, { from: string[]; to: (status: string) => string }> = {
  pause: { from: ["sending"], to: () => "paused" },
  resume: { from: ["paused"], to: () => "sending" },
  cancel: { from: ["approved", "sending", "paused"], to: () => "cancelled" },
  // A paused issue stays paused: retrying only puts the failed back in the queue.
  "retry-failed": {
    from: ["sending", "paused", "sent"],
    to: (s) => (s === "paused" ? "paused" : "sending"),
  },
};

/**
 * Pause and resume take effect at the next batch (the batch in flight finishes and is recorded).
 * Cancelling withdraws every unsent recipient. Retrying gives failed recipients a fresh start.
 */
export async function actOnSending(ctx: Ctx, id: string, action: SendingAction): Promise<Progress> {
  await withTransaction(ctx, async (tx) => {
    const [issue] = await tx.db
      .select()
      .from(newsletters)
      .where(eq(newsletters.id, id))
      .for("update");
    if (!issue) throw notFound("Newsletter", id);
    const { from, to } = transitions[action];
    if (!from.includes(issue.status)) {
      throw new AppError(
        "conflict",
        `Cannot ${action.replace("-", " ")} a newsletter that is ${issue.status} (only when ${from.join(" or ")})`,
      );
    }
    const now = tx.clock.now();
    let retried = 0;
    if (action === "retry-failed") {
      const rows = await tx.db
        .update(newsletterRecipients)
        .set({ status: "pending", attempts: 0, nextAttemptAt: null, updatedAt: now })
        .where(
          and(eq(newsletterRecipients.newsletterId, id), eq(newsletterRecipients.status, "failed")),
        )
        .returning({ id: newsletterRecipients.id });
      retried = rows.length;
      if (retried === 0)
        throw new AppError("conflict", "This newsletter has no failed recipients to retry");
    }
    if (action === "cancel") {
      await tx.db
        .update(newsletterRecipients)
        .set({ status: "cancelled", lastError: "The newsletter was cancelled", updatedAt: now })
        .where(
          and(
            eq(newsletterRecipients.newsletterId, id),
            inArray(newsletterRecipients.status, ["pending"]),
          ),
        );
    }
    const status = to(issue.status);
    await tx.db
      .update(newsletters)
      .set({
        status,
        updatedAt: now,
        version: issue.version + 1,
        ...(status === "sending" ? { sentAt: null } : {}),
      })
      .where(eq(newsletters.id, id));
    await recordAudit(tx, {
      action: `newsletter.${action}`,
      entityType: "newsletter",
      entityId: id,
      before: { status: issue.status },
      after: { status, ...(action === "retry-failed" ? { retried } : {}) },
    });
  });
  return progressOf(ctx.db, id);
}

/** The failed recipients with the server's reasons, oldest first. */
export async function listFailed(
  db: Database,
  id: string,
  options: { limit: number; cursor?: string },
) {
  await progressOf(db, id);
  // The cursor holds the last row's ledger id and, for the record, the newsletter it pages.
  const after = options.cursor ? decodeCursor(options.cursor, (v) => /^\d{1,18}$/.test(v)) : null;
  if (after && after.id !== id)
    throw new AppError("validation_failed", "cursor belongs to another newsletter");
  const rows = rowsOf<{
    id: string;
    email: string | null;
    attempts: number;
    last_error: string | null;
    failed_at: string;
  }>(
    await db.execute(sql`
      select r.id::text as id, s.email, r.attempts, r.last_error,
        to_char(r.updated_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as failed_at
      from newsletter_recipients r left join subscribers s on s.id = r.subscriber_id
      where r.newsletter_id = ${id} and r.status = 'failed'
        ${after ? sql`and r.id > ${after.sortValue}::bigint` : sql``}
      order by r.id limit ${options.limit + 1}`),
  );
  const page = keysetPage(rows, options.limit, (last) => encodeCursor(last.id, id));
  return {
    items: page.items.map((row) => ({
      email: row.email,
      attempts: Number(row.attempts),
      lastError: row.last_error,
      failedAt: row.failed_at,
    })),
    nextCursor: page.nextCursor,
  };
}
