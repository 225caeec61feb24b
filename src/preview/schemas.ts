import { z } from "@hono/zod-openapi";
import { postChannels } from "../db/schema/enums.js";
import { httpUrl, text } from "../shared/fields.js";

export const PreviewInput = z
  .union([
    z.strictObject({
      post: z.strictObject({
        body: text(10_000),
        channels: z.array(z.enum(postChannels)).min(1).max(postChannels.length),
        mediaUrls: z.array(httpUrl).max(10).default([]),
      }),
    }),
    z.strictObject({ postId: z.uuid() }),
    z.strictObject({ ruleId: z.uuid(), eventId: z.uuid() }),
  ])
  .openapi("PreviewInput", {
    description:
      "A draft ({ post }), a saved post ({ postId }), or what a rule would make of an event ({ ruleId, eventId })",
  });
export type PreviewInput = z.infer<typeof PreviewInput>;

export const Preview = z
  .object({
    body: z.string(),
    scheduledAt: z.string().nullable(),
    channels: z.array(
      z.object({
        channel: z.enum(postChannels),
        parts: z
          .array(z.string())
          .openapi({ description: "The posts as they would go out, in order" }),
        problems: z.array(
          z.object({
            channel: z.string().nullable(),
            code: z.string(),
            severity: z.string(),
            message: z.string(),
          }),
        ),
      }),
    ),
  })
  .openapi("Preview");
