import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { roles } from "../db/schema/enums.js";
import { ctxOf } from "../http/context.js";
import type { AppEnv } from "../http/env.js";
import { validationHook } from "../http/errors.js";
import { bearer, errors, IdParams, json, jsonBody, needs } from "../http/openapi.js";
import { requiredText } from "../shared/fields.js";
import { createToken, listTokens, revokeToken } from "./service.js";

const tags = ["Tokens"];
const admin = { tags, security: bearer, middleware: [needs("admin")] };

const Token = z
  .object({
    id: z.uuid(),
    name: z.string(),
    role: z.enum(roles),
    prefix: z
      .string()
      .openapi({ description: "The token's first characters, to tell tokens apart" }),
    createdAt: z.string(),
    lastUsedAt: z.string().nullable(),
    revokedAt: z.string().nullable(),
  })
  .openapi("Token");

const CreateTokenInput = z
  .strictObject({ name: requiredText(100), role: z.enum(roles) })
  .openapi("CreateToken");

export const tokenRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(
    createRoute({
      ...admin,
      method: "get",
      path: "/tokens",
      summary: "List API tokens (admin); secrets are never shown",
      responses: { 200: json(z.object({ items: z.array(Token) }), "All tokens"), ...errors() },
    }),
    async (c) => c.json({ items: await listTokens(c.get("deps").db) }, 200),
  )
  .openapi(
    createRoute({
      ...admin,
      method: "post",
      path: "/tokens",
      summary: "Create an API token (admin); the secret is in this answer only",
      request: { body: jsonBody(CreateTokenInput) },
      responses: {
        201: json(z.object({ token: z.string(), record: Token }), "The token, shown once"),
        ...errors(413, 415),
      },
    }),
    async (c) => c.json(await createToken({ ctx: ctxOf(c), input: c.req.valid("json") }), 201),
  )
  .openapi(
    createRoute({
      ...admin,
      method: "delete",
      path: "/tokens/{id}",
      summary: "Revoke an API token (admin)",
      request: { params: IdParams },
      responses: { 200: json(Token, "The revoked token"), ...errors(404) },
    }),
    async (c) => c.json(await revokeToken({ ctx: ctxOf(c), id: c.req.valid("param").id }), 200),
  );
