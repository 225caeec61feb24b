import type { Config } from "../config.js";
import type { newsletterStatuses } from "../db/schema/enums.js";
import type { NewsletterRow } from "../db/schema/index.js";
import { issueTopics } from "./edition.js";
import type { Topic } from "./schemas.js";
import { sectionsOf } from "./template-data.js";

/** The issue as the staff API shows it: whitelisted, texts grouped by language. */
export function toNewsletterOutput(row: NewsletterRow, config: Pick<Config, "publicBaseUrl">) {
  return {
    id: row.id,
    status: row.status as (typeof newsletterStatuses)[number],
    periodStart: row.periodStart,
    periodEnd: row.periodEnd,
    subject: { id: row.subject, en: row.subjectEn },
    intro: { id: row.intro, en: row.introEn },
    sections: sectionsOf(row),
    topics: issueTopics(row) as Topic[],
    scheduledAt: row.scheduledAt?.toISOString() ?? null,
    sentAt: row.sentAt?.toISOString() ?? null,
    ruleId: row.ruleId,
    planKey: row.planKey,
    webUrl: row.status === "sent" ? `${config.publicBaseUrl}/newsletters/${row.id}` : null,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export type NewsletterOutput = ReturnType<typeof toNewsletterOutput>;
