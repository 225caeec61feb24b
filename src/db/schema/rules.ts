import { sql } from "drizzle-orm";
import { boolean, check, integer, jsonb, pgTable, text } from "drizzle-orm/pg-core";
import { id, timestamps, version } from "./columns.js";
import { ruleTriggers, sqlList } from "./enums.js";

/**
 * An automation rule: "announce each workshop 7 days ahead at 09:00" (event_offset) or
 * "new-books roundup every Friday at 10:00" (schedule, a cron expression in the library's zone).
 */
export const automationRules = pgTable(
  "automation_rules",
  {
    id: id(),
    name: text("name").notNull(),
    trigger: text("trigger").notNull(),
    /** What the rule reads: events, acquisitions, or newsletter digests. */
    subject: text("subject").notNull(),
    eventKinds: text("event_kinds").array(),
    offsetDays: integer("offset_days"),
    localTime: text("local_time"),
    cron: text("cron"),
    channels: text("channels").array().notNull(),
    template: text("template").notNull(),
    requiresApproval: boolean("requires_approval").notNull().default(true),
    enabled: boolean("enabled").notNull().default(true),
    options: jsonb("options").$type<Record<string, unknown>>().notNull().default({}),
    version: version(),
    ...timestamps(),
  },
  () => [check("rules_trigger_check", sql.raw(`trigger in (${sqlList(ruleTriggers)})`))],
);
