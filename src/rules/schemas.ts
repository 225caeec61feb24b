import { z } from "@hono/zod-openapi";
import { eventKinds, locales, postChannels } from "../db/schema/enums.js";
import { cursorQuery, limitQuery, page } from "../http/openapi.js";
import { patchOf, requiredText, text } from "../shared/fields.js";

const localTime = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: "must be a time like 09:00 (library time)" });

const options = z
  .strictObject({
    registrationRequiredOnly: z.boolean().optional(),
    featuredOnly: z.boolean().optional(),
    cancellationTemplate: text(80)
      .regex(/^[a-z0-9-]+$/)
      .optional(),
    cadence: z.enum(["weekly", "monthly"]).optional(),
  })
  .openapi({
    description:
      "registrationRequiredOnly, featuredOnly, cancellationTemplate; cadence (weekly or monthly) for newsletter digests",
  });

const subjects = ["events", "acquisitions", "newsletters"] as const;

const fields = {
  name: requiredText(200),
  trigger: z.enum(["event_offset", "schedule"]).openapi({
    description:
      "event_offset: offsetDays and localTime from each source; schedule: a cron expression",
  }),
  subject: z.enum(subjects).openapi({
    description:
      "newsletters: a digest rule; when its cron fires it drafts the next week's or month's issue",
  }),
  eventKinds: z.array(z.enum(eventKinds)).max(eventKinds.length).nullable(),
  offsetDays: z
    .number()
    .int()
    .min(-365)
    .max(365)
    .nullable()
    .openapi({ description: "-7: a week before" }),
  localTime: localTime.nullable(),
  cron: text(100)
    .nullable()
    .openapi({ description: "Five fields in library time, e.g. 0 10 * * 5 (Fridays 10:00)" }),
  channels: z
    .array(z.enum(postChannels))
    .max(postChannels.length)
    .openapi({ description: "Where posts go; empty for newsletter digests (they go by email)" }),
  template: text(80).regex(/^[a-z0-9-]+$/, {
    message: "must be a template name like event-reminder",
  }),
  locale: z.enum(locales),
  requiresApproval: z.boolean(),
  enabled: z.boolean(),
  options,
};

export const CreateRuleInput = z
  .strictObject({
    ...fields,
    eventKinds: fields.eventKinds.default(null),
    offsetDays: fields.offsetDays.default(null),
    localTime: fields.localTime.default(null),
    cron: fields.cron.default(null),
    channels: fields.channels
      .optional()
      .openapi({ description: "Default: x; none for newsletter digests" }),
    requiresApproval: fields.requiresApproval.default(true),
    enabled: fields.enabled.default(true),
    options: options.default({}),
  })
  .openapi("CreateRule");

export const UpdateRuleInput = patchOf(fields).openapi("UpdateRule");

export type CreateRuleInput = z.infer<typeof CreateRuleInput>;
export type UpdateRuleInput = z.infer<typeof UpdateRuleInput>;

export const Rule = z
  .object({
    id: z.uuid(),
    ...Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, v])),
    plannedAt: z.string().nullable(),
    lastError: z
      .string()
      .nullable()
      .openapi({ description: "What went wrong in the planner's last pass" }),
    version: z.number(),
    createdAt: z.string(),
    updatedAt: z.string(),
  } as Record<string, z.ZodType>)
  .openapi("Rule");

export const RulePage = page(Rule).openapi("RulePage");

export const ListRulesQuery = z.strictObject({
  subject: z.enum(subjects).optional(),
  limit: limitQuery,
  cursor: cursorQuery,
});
export type ListRulesQuery = z.infer<typeof ListRulesQuery>;
