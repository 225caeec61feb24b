import { z } from "@hono/zod-openapi";
import { deliveryStatuses, postChannels } from "../db/schema/enums.js";
import { cursorQuery, limitQuery, page } from "../http/openapi.js";
import { text } from "../shared/fields.js";

const Attempt = z.object({
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  outcome: z.string(),
  error: z.string().nullable(),
  retryAt: z.string().nullable(),
});

export const Delivery = z
  .object({
    id: z.uuid(),
    postId: z.uuid(),
    channel: z.string(),
    status: z.enum(deliveryStatuses),
    scheduledFor: z.string(),
    dueAt: z.string(),
    attempts: z.number(),
    retries: z.number(),
    lastError: z.string().nullable(),
    sentAt: z.string().nullable(),
    externalIds: z.array(z.string()),
    preview: z
      .string()
      .nullable()
      .openapi({ description: "Where a preview-mode channel wrote what it would have sent" }),
    history: z
      .array(Attempt)
      .openapi({ description: "Every attempt, oldest first (only when reading one delivery)" }),
  })
  .openapi("Delivery");

export const DeliveryPage = page(Delivery.omit({ history: true })).openapi("DeliveryPage");

export const ListDeliveriesQuery = z.strictObject({
  status: z
    .string()
    .max(200)
    .transform((value, ctx) => {
      const items = value
        .split(",")
        .map((item) => item.trim())
        .filter(Boolean);
      const bad = items.filter((item) => !(deliveryStatuses as readonly string[]).includes(item));
      if (bad.length > 0) {
        ctx.addIssue({
          code: "custom",
          message: `unknown status ${bad.join(", ")}; use ${deliveryStatuses.join(", ")}`,
        });
        return z.NEVER;
      }
      return items as (typeof deliveryStatuses)[number][];
    })
    .optional()
    .openapi({ description: "One or more statuses, comma-separated" }),
  channel: z.enum(postChannels).optional(),
  postId: z.uuid().optional(),
  error: text(200).optional().openapi({ description: "Text in the last error (case-insensitive)" }),
  limit: limitQuery,
  cursor: cursorQuery,
});
export type ListDeliveriesQuery = z.infer<typeof ListDeliveriesQuery>;
