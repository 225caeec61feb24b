import { z } from "@hono/zod-openapi";
import { sourceKinds } from "../db/schema/enums.js";
import { cursorQuery, limitQuery, page } from "../http/openapi.js";
import { patchOf, requiredText } from "../shared/fields.js";

/** Names the scheme it refuses, so "file:" or "ftp:" in a pasted URL is plain to see. */
const feedUrl = z
  .string()
  .max(2000)
  .superRefine((value, ctx) => {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      ctx.addIssue({ code: "custom", message: "must be an http or https URL" });
      return;
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") {
      ctx.addIssue({
        code: "custom",
        message: `must be an http or https URL; "${url.protocol}" is not fetched`,
      });
    }
  })
  .openapi({ type: "string", format: "uri", example: "https://calendar.google.com/…/basic.ics" });

const settings = z
  .record(z.string(), z.unknown())
  .refine((value) => JSON.stringify(value).length <= 64 * 1024, { message: "at most 64 KB" })
  .openapi({
    description:
      "For ics sources, CalendarSettings: categoryKinds (category → event kind), defaultKind, defaultAudience, timeoutSeconds; defaults are filled in. Other kinds keep what their importer reads. Credentials (password, clientSecret, tokens) are shown as ********; send that back to keep them.",
    example: { categoryKinds: { lokakarya: "workshop" }, defaultAudience: "all" },
  });

const fields = {
  name: requiredText(200),
  url: feedUrl.nullable(),
  settings,
  syncEveryMinutes: z
    .number()
    .int()
    .min(5)
    .max(7 * 24 * 60)
    .openapi({ description: "How often the scheduler pulls the source (5 minutes to a week)" }),
  enabled: z.boolean().openapi({ description: "false: the scheduler leaves it alone" }),
};

export const CreateSourceInput = z
  .strictObject({
    kind: z.enum(sourceKinds).openapi({ description: "ics: an iCalendar feed or file" }),
    ...fields,
    url: fields.url.default(null),
    settings: settings.default({}),
    syncEveryMinutes: fields.syncEveryMinutes.default(15),
    enabled: fields.enabled.default(true),
  })
  .openapi("CreateSource");

export const UpdateSourceInput = patchOf(fields).openapi("UpdateSource");

export type CreateSourceInput = z.infer<typeof CreateSourceInput>;
export type UpdateSourceInput = z.infer<typeof UpdateSourceInput>;

export const SyncSummary = z
  .object({
    created: z.number(),
    updated: z.number(),
    unchanged: z.number(),
    cancelled: z.number().openapi({ description: "Gone from the feed, so cancelled in Warta" }),
    rejected: z.array(
      z.object({ record: z.string().optional(), line: z.number().optional(), reason: z.string() }),
    ),
    notModified: z
      .boolean()
      .optional()
      .openapi({ description: "The feed answered 304: nothing changed" }),
  })
  .openapi("SyncSummary");

export const Source = z
  .object({
    id: z.uuid(),
    kind: z.enum(sourceKinds),
    name: z.string(),
    url: z.string().nullable(),
    settings: z.record(z.string(), z.unknown()),
    syncEveryMinutes: z.number(),
    enabled: z.boolean(),
    lastAttemptAt: z.string().nullable(),
    lastSuccessAt: z.string().nullable().openapi({ description: "The last sync that worked" }),
    lastError: z
      .string()
      .nullable()
      .openapi({ description: "Why the last attempt failed; null when it worked" }),
    lastSummary: SyncSummary.nullable().openapi({ description: "What the last good sync did" }),
    version: z.number(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("Source");

export const SourcePage = page(Source).openapi("SourcePage");

export const ListSourcesQuery = z.strictObject({
  kind: z.enum(sourceKinds).optional(),
  limit: limitQuery,
  cursor: cursorQuery,
});
export type ListSourcesQuery = z.infer<typeof ListSourcesQuery>;
