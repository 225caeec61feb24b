import { z } from "@hono/zod-openapi";
import { deliveryStatuses, locales, postChannels, postStatuses } from "../db/schema/enums.js";
import { cursorQuery, limitQuery, page } from "../http/openapi.js";
import { httpUrl, nullableInstant, text, versionField } from "../shared/fields.js";

const channels = z
  .array(z.enum(postChannels))
  .min(1, { message: "name at least one channel" })
  // Duplicates are forgiven (deduplicated below), so the cap is not the number of channels.
  .max(10)
  .transform((list) => [...new Set(list)]);

const fields = {
  body: text(10_000),
  mediaUrls: z.array(httpUrl).max(10),
  channels,
  locale: z.enum(locales),
  scheduledAt: nullableInstant.openapi({
    description: "When to publish; null means as soon as approved",
  }),
};

export const CreatePostInput = z
  .strictObject({
    ...fields,
    mediaUrls: fields.mediaUrls.default([]),
    locale: fields.locale.optional(),
    scheduledAt: fields.scheduledAt.optional(),
  })
  .openapi("CreatePost");

export const UpdatePostInput = z
  .strictObject({
    body: fields.body.optional(),
    mediaUrls: fields.mediaUrls.optional(),
    channels: fields.channels.optional(),
    locale: fields.locale.optional(),
    scheduledAt: fields.scheduledAt.optional(),
    version: versionField,
  })
  .openapi("UpdatePost");

export type CreatePostInput = z.infer<typeof CreatePostInput>;
export type UpdatePostInput = z.infer<typeof UpdatePostInput>;

const Problem = z
  .object({
    channel: z.enum(postChannels).nullable(),
    code: z.string(),
    severity: z.enum(["error", "warning"]),
    message: z.string(),
  })
  .openapi("Problem");

const Delivery = z.object({
  id: z.uuid(),
  channel: z.string(),
  status: z.enum(deliveryStatuses),
  dueAt: z.string(),
  attempts: z.number(),
  lastError: z.string().nullable(),
  sentAt: z.string().nullable(),
  externalIds: z.array(z.string()),
});

export const Post = z
  .object({
    id: z.uuid(),
    body: z.string(),
    mediaUrls: z.array(z.string()),
    channels: z.array(z.enum(postChannels)),
    locale: z.enum(locales),
    scheduledAt: z.string().nullable(),
    status: z.enum(postStatuses),
    origin: z
      .object({
        ruleId: z.string().nullable(),
        sourceType: z.string().nullable(),
        sourceId: z.string().nullable(),
      })
      .nullable()
      .openapi({ description: "Set on posts an automation rule generated" }),
    editedByPerson: z.boolean(),
    sourceChanged: z.boolean(),
    problems: z
      .array(Problem)
      .openapi({ description: "Per-channel problems; errors block approval" }),
    deliveries: z.array(Delivery).openapi({
      description: "Outbox rows of every approval, oldest first; withdrawn ones are cancelled",
    }),
    approvedAt: z.string().nullable(),
    version: z.number(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("Post");

export const PostPage = page(Post).openapi("PostPage");

export const ListPostsQuery = z.strictObject({
  status: z.enum(postStatuses).optional(),
  channel: z.enum(postChannels).optional(),
  limit: limitQuery,
  cursor: cursorQuery,
});
export type ListPostsQuery = z.infer<typeof ListPostsQuery>;
