import { asc, inArray } from "drizzle-orm";
import type { Problem } from "../channels/channel.js";
import { contentProblems } from "../channels/validators.js";
import type { Database } from "../db/database.js";
import { type DeliveryRow, deliveries, type PostRow } from "../db/schema/index.js";

function toDeliveryOutput(row: DeliveryRow) {
  return {
    id: row.id,
    channel: row.channel,
    status: row.status,
    dueAt: row.dueAt.toISOString(),
    attempts: row.attempts,
    lastError: row.lastError,
    sentAt: row.sentAt?.toISOString() ?? null,
    externalIds: row.externalIds,
  };
}

/** Problems of the post itself rather than of a channel: warnings, they do not block approval. */
function schedulingProblems(row: PostRow, now: Date): Problem[] {
  if (row.status !== "draft" || !row.scheduledAt || row.scheduledAt >= now) return [];
  return [
    {
      channel: null,
      code: "scheduled_in_past",
      severity: "warning",
      message: "scheduledAt is in the past: once approved, this post goes out at once",
    },
  ];
}

export function toPostOutput(row: PostRow, outbox: DeliveryRow[], now: Date) {
  return {
    id: row.id,
    body: row.body,
    mediaUrls: row.mediaUrls,
    channels: row.channels,
    locale: row.locale as "id" | "en",
    scheduledAt: row.scheduledAt?.toISOString() ?? null,
    status: row.status,
    origin:
      row.ruleId || row.sourceId
        ? { ruleId: row.ruleId, sourceType: row.sourceType, sourceId: row.sourceId }
        : null,
    editedByPerson: row.editedByPerson,
    sourceChanged: row.sourceChanged,
    problems: [...contentProblems(row, row.channels), ...schedulingProblems(row, now)],
    deliveries: outbox.map(toDeliveryOutput),
    approvedAt: row.approvedAt?.toISOString() ?? null,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export type PostOutput = ReturnType<typeof toPostOutput>;

/** Posts with their outbox rows, in two queries however many posts there are. */
export async function withDeliveries(
  db: Database,
  rows: PostRow[],
  now: Date,
): Promise<PostOutput[]> {
  if (rows.length === 0) return [];
  const outbox = await db
    .select()
    .from(deliveries)
    .where(
      inArray(
        deliveries.postId,
        rows.map((row) => row.id),
      ),
    )
    .orderBy(asc(deliveries.createdAt), asc(deliveries.channel));
  return rows.map((row) =>
    toPostOutput(
      row,
      outbox.filter((d) => d.postId === row.id),
      now,
    ),
  );
}
