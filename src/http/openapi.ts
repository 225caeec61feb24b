import { z } from "@hono/zod-openapi";
import type { MiddlewareHandler } from "hono";
import type { Role } from "../db/schema/enums.js";
import { requireRole } from "./auth.js";
import type { AppEnv } from "./env.js";

export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: "validation_failed" }),
      message: z.string(),
      details: z.unknown().optional(),
    }),
  })
  .openapi("Error");

const errorDescriptions = {
  400: "Invalid request (bad JSON, wrong types, unknown fields); details.issues lists field paths",
  401: "Missing, unknown or revoked API token",
  403: "The token's role does not allow this",
  404: "No such record",
  409: "Conflict: a newer version exists, or a duplicate",
  413: "Body over 1 MB",
  415: "Body is not JSON",
  422: "The content has problems that block this step",
  428: "Send If-Match (the ETag you read) or a version field",
} as const;

export function errors(...statuses: (keyof typeof errorDescriptions)[]) {
  return Object.fromEntries(
    [400, 401, 403, ...statuses].map((status) => [
      status,
      {
        description: errorDescriptions[status as keyof typeof errorDescriptions],
        content: { "application/json": { schema: ErrorSchema } },
      },
    ]),
  );
}

export const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { "application/json": { schema } },
});

export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  content: { "application/json": { schema } },
  required: true,
});

export const IdParams = z.object({
  id: z
    .uuid({ message: "must be a record id (UUID)" })
    .openapi({ param: { name: "id", in: "path" } }),
});

export const IfMatchHeaders = z.object({
  "if-match": z.string().optional().openapi({
    description: 'The ETag you read, such as "3"; or send a version field in the body',
  }),
});

export const page = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    nextCursor: z.string().nullable().openapi({ description: "Pass as cursor for the next page" }),
  });

export const limitQuery = z.coerce
  .number({ message: "must be a whole number from 1 to 200" })
  .int({ message: "must be a whole number from 1 to 200" })
  .min(1, { message: "must be a whole number from 1 to 200" })
  .max(200, { message: "must be a whole number from 1 to 200" })
  .default(50)
  .openapi({ description: "Page size, 1 to 200" });

export const cursorQuery = z
  .string()
  .max(200)
  .optional()
  .openapi({ description: "The nextCursor of the previous page" });

export const bearer = [{ bearer: [] }];

/** Route middleware: the role a token needs for this route (checked before the body is read). */
export const needs =
  (role: Role): MiddlewareHandler<AppEnv> =>
  async (c, next) => {
    requireRole(c.get("actor"), role);
    await next();
  };
