import { and, asc, eq, gt, type SQL } from "drizzle-orm";
import { recordAudit } from "../audit/record.js";
import { subscribers } from "../db/schema/index.js";
import type { Ctx } from "../shared/context.js";
import { csvField, csvLine } from "./csv.js";
import type { SubscriberStatus } from "./output.js";

const BATCH = 1000;
const HEADER = ["email", "name", "locale", "topics", "status", "confirmed_at", "created_at"];

/**
 * All subscribers (or those in one status) as CSV, streamed a batch at a time so memory stays
 * flat however long the list. Handing the whole list out is recorded in the audit log.
 */
export async function exportSubscribers({
  ctx,
  status,
}: {
  ctx: Ctx;
  status?: SubscriberStatus | undefined;
}): Promise<ReadableStream<Uint8Array>> {
  await recordAudit(ctx, {
    action: "export",
    entityType: "subscriber_list",
    entityId: status ?? "all",
  });
  const encoder = new TextEncoder();
  let after: string | null = null;
  let first = true;
  return new ReadableStream({
    async pull(controller) {
      if (first) {
        first = false;
        // The byte-order mark tells spreadsheet programs the file is UTF-8.
        controller.enqueue(encoder.encode(`\ufeff${csvLine(HEADER)}`));
        return;
      }
      const conditions: SQL[] = [];
      if (status) conditions.push(eq(subscribers.status, status));
      if (after !== null) conditions.push(gt(subscribers.email, after));
      const rows = await ctx.db
        .select()
        .from(subscribers)
        .where(and(...conditions))
        .orderBy(asc(subscribers.email))
        .limit(BATCH);
      const last = rows[rows.length - 1];
      if (!last) {
        controller.close();
        return;
      }
      after = last.email;
      const text = rows
        .map((row) =>
          csvLine([
            csvField(row.email),
            csvField(row.name, { freeText: true }),
            row.locale,
            row.topics.join(";"),
            row.status,
            row.confirmedAt?.toISOString() ?? "",
            row.createdAt.toISOString(),
          ]),
        )
        .join("");
      controller.enqueue(encoder.encode(text));
    },
  });
}
