import { sql } from "drizzle-orm";
import { boolean, check, integer, jsonb, pgTable, text } from "drizzle-orm/pg-core";
import { id, instant, timestamps, version } from "./columns.js";
import { ruleTriggers, sqlList } from "./enums.js";

export interface RuleOptions {
  /** Only literacy sessions whose registration is required (the "registration open" post). */
  registrationRequiredOnly?: boolean;
  /** Only acquisitions marked featured (a post of their own, with the cover). */
  featuredOnly?: boolean;
  /** When a source event is cancelled, post a cancellation notice from this template. */
  cancellationTemplate?: string;
  /** Newsletter digests: which period each drafted issue covers. */
  cadence?: "weekly" | "monthly";
}

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
    /** The template's name within posts/<locale>/, e.g. "event-announcement". */
    template: text("template").notNull(),
    locale: text("locale").notNull().default("id"),
    requiresApproval: boolean("requires_approval").notNull().default(true),
    enabled: boolean("enabled").notNull().default(true),
    options: jsonb("options").$type<RuleOptions>().notNull().default({}),
    /** The planner's last pass over this rule, and what went wrong in it (a template, say). */
    plannedAt: instant("planned_at"),
    lastError: text("last_error"),
    version: version(),
    ...timestamps(),
  },
  () => [check("rules_trigger_check", sql.raw(`trigger in (${sqlList(ruleTriggers)})`))],
);
