import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../http/env.js";
import { validationHook } from "../http/errors.js";
import { bearer, errors, json, limitQuery, needs } from "../http/openapi.js";
import { text } from "../shared/fields.js";
import { listAudit } from "./service.js";

const AuditEntry = z
  .object({
    id: z.number(),
    at: z.string(),
    actor: z.object({ id: z.string().nullable(), name: z.string() }),
    action: z.string(),
    entityType: z.string(),
    entityId: z.string(),
    before: z.unknown(),
    after: z.unknown(),
  })
  .openapi("AuditEntry");

const AuditQuery = z.strictObject({
  entityType: text(50).optional(),
  entityId: text(200).optional(),
  limit: limitQuery,
  cursor: z.coerce
    .number()
    .int()
    .min(1)
    .optional()
    .openapi({ description: "nextCursor of the previous page" }),
});

const list = createRoute({
  method: "get",
  path: "/audit",
  tags: ["Audit"],
  summary: "The audit log, newest first (admin): who changed what, when, before and after",
  security: bearer,
  middleware: [needs("admin")],
  request: { query: AuditQuery },
  responses: {
    200: json(
      z.object({ items: z.array(AuditEntry), nextCursor: z.number().nullable() }),
      "A page of entries",
    ),
    ...errors(),
  },
});

export const auditRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook }).openapi(
  list,
  async (c) => c.json(await listAudit(c.get("deps").db, c.req.valid("query")), 200),
);
