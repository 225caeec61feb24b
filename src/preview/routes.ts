import { createRoute, OpenAPIHono } from "@hono/zod-openapi";
import { ctxOf } from "../http/context.js";
import type { AppEnv } from "../http/env.js";
import { validationHook } from "../http/errors.js";
import { bearer, errors, json, jsonBody, needs } from "../http/openapi.js";
import { Preview, PreviewInput } from "./schemas.js";
import { preview } from "./service.js";

export const previewRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook }).openapi(
  createRoute({
    method: "post",
    path: "/preview",
    tags: ["Preview"],
    summary:
      "What a draft, a post, or a rule applied to an event would publish on each channel; saves nothing",
    security: bearer,
    middleware: [needs("viewer")],
    request: { body: jsonBody(PreviewInput) },
    responses: {
      200: json(Preview, "The parts per channel, with problems"),
      ...errors(404, 409, 413, 415, 422),
    },
  }),
  async (c) => c.json(await preview(ctxOf(c), c.get("deps"), c.req.valid("json")), 200),
);
