import { inArray } from "drizzle-orm";
import { recordAudit } from "../audit/record.js";
import { subscribers } from "../db/schema/index.js";
import { type Ctx, withTransaction } from "../shared/context.js";
import { recordConsent } from "./consent.js";
import { queuePatronEmail } from "./emails.js";
import { type ImportRow, readRows } from "./import-rows.js";
import type { SubscriberRow } from "./output.js";
import type { ImportReport } from "./schemas.js";
import { auditView } from "./staff.js";
import type { Topic } from "./wording.js";

const CHUNK = 500;

/**
 * Brings in a list from elsewhere, keeping consent honest: a row with recorded consent (when,
 * how, which words) comes in active with that evidence; a row without comes in pending and is
 * owed a confirmation email (queued with it, sent by the sender loop), never straight to active. Addresses already here are left alone.
 * One bad row stops the whole import (nothing is written), with every problem by line number.
 */
export async function importSubscribers({
  ctx,
  csv,
  dryRun,
}: {
  ctx: Ctx;
  csv: string;
  dryRun: boolean;
}): Promise<ImportReport> {
  const { rows, ignoredColumns } = readRows(csv, ctx);
  const known = new Set<string>();
  for (let i = 0; i < rows.length; i += CHUNK) {
    const emails = rows.slice(i, i + CHUNK).map((row) => row.email);
    const found = await ctx.db
      .select({ email: subscribers.email })
      .from(subscribers)
      .where(inArray(subscribers.email, emails));
    for (const { email } of found) known.add(email);
  }
  const fresh = rows.filter((row) => !known.has(row.email));
  const report = (created: { consent: unknown }[]): ImportReport => {
    const pending = created.filter((row) => !row.consent).length;
    return {
      dryRun,
      rows: rows.length,
      created: { active: created.length - pending, pending },
      existing: rows.length - created.length,
      // Each pending row is owed one; a dry run writes nothing, so owes nothing.
      confirmationEmails: { queued: dryRun ? 0 : pending },
      ignoredColumns,
    };
  };
  if (dryRun) return report(fresh);
  return report(await withTransaction(ctx, (tx) => insertRows(tx, fresh)));
}

async function insertRows(tx: Ctx, rows: ImportRow[]) {
  const now = tx.clock.now();
  const created: { subscriber: SubscriberRow; consent: ImportRow["consent"] }[] = [];
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK);
    // Someone signing up on the public page meanwhile wins; their row counts as existing.
    const inserted = await tx.db
      .insert(subscribers)
      .values(
        chunk.map((row) => ({
          email: row.email,
          name: row.name,
          locale: row.locale,
          topics: row.topics,
          status: row.consent ? "active" : "pending",
          confirmedAt: row.consent?.at ?? null,
          createdAt: now,
          updatedAt: now,
        })),
      )
      .onConflictDoNothing({ target: subscribers.email })
      .returning();
    const byEmail = new Map(chunk.map((row) => [row.email, row]));
    const entries = inserted.map((subscriber) => ({
      subscriber,
      consent: byEmail.get(subscriber.email)?.consent ?? null,
    }));
    await recordConsent(
      tx,
      ...entries.flatMap(({ subscriber, consent }) =>
        consent
          ? [
              {
                subscriberId: subscriber.id,
                action: "imported" as const,
                method: "csv_import" as const,
                wording: consent.wording,
                topics: subscriber.topics as Topic[],
                details: { consentedAt: consent.at.toISOString(), consentMethod: consent.method },
              },
            ]
          : [],
      ),
    );
    await recordAudit(
      tx,
      ...entries.map(({ subscriber, consent }) => ({
        action: "import",
        entityType: "subscriber",
        entityId: subscriber.id,
        after: { ...auditView(subscriber), consent: consent ? "recorded" : "to be confirmed" },
      })),
    );
    await queuePatronEmail(
      tx,
      "confirm",
      ...entries.filter((entry) => !entry.consent).map((entry) => entry.subscriber.id),
    );
    created.push(...entries);
  }
  return created;
}
