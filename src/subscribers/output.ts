import type { Locale } from "../config.js";
import type { subscribers } from "../db/schema/index.js";
import type { Topic } from "./wording.js";

export type SubscriberRow = typeof subscribers.$inferSelect;
export type SubscriberStatus = "pending" | "active" | "unsubscribed";

/** What staff and the patron's own data download see: every column, dates as ISO text. */
export function subscriberOutput(row: SubscriberRow) {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    locale: row.locale as Locale,
    topics: row.topics as Topic[],
    status: row.status as SubscriberStatus,
    confirmedAt: row.confirmedAt?.toISOString() ?? null,
    unsubscribedAt: row.unsubscribedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
