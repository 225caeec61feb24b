import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { ctxOf } from "../http/context.js";
import type { AppEnv } from "../http/env.js";
import { validationHook } from "../http/errors.js";
import { bearer, errors, IfMatchHeaders, json, jsonBody, needs } from "../http/openapi.js";
import { parseIfMatch, sentVersion } from "../shared/concurrency.js";
import { text, versionField } from "../shared/fields.js";
import {
  deleteTemplateOverride,
  getTemplate,
  listTemplates,
  putTemplateOverride,
} from "./service.js";

const tags = ["Templates"];

const NameParams = z.object({
  name: z
    .string()
    .regex(/^(posts|email|partials|layouts)(\/[a-z0-9][a-z0-9_-]*){1,3}$/, {
      message: "must be a template name like posts/id/event-announcement (URL-encode the slashes)",
    })
    .openapi({ param: { name: "name", in: "path" }, example: "posts/id/event-announcement" }),
});

const TemplateSummary = z.object({
  name: z.string(),
  hasFile: z.boolean(),
  override: z.object({ version: z.number(), updatedAt: z.string() }).nullable(),
});

const Template = z
  .object({
    name: z.string(),
    file: z.string().nullable().openapi({ description: "The shipped template under templates/" }),
    override: z.object({ body: z.string(), version: z.number(), updatedAt: z.string() }).nullable(),
    effective: z
      .string()
      .openapi({ description: "What renders: the override if any, else the file" }),
  })
  .openapi("Template");

const PutTemplateInput = z
  .strictObject({ body: text(100_000), version: versionField })
  .openapi("PutTemplate");

const list = createRoute({
  method: "get",
  path: "/templates",
  tags,
  summary: "List file templates and their database overrides",
  security: bearer,
  middleware: [needs("viewer")],
  responses: {
    200: json(z.object({ items: z.array(TemplateSummary) }), "All templates"),
    ...errors(),
  },
});

const read = createRoute({
  method: "get",
  path: "/templates/{name}",
  tags,
  summary: "Read a template: the file, the override, and what renders",
  security: bearer,
  middleware: [needs("viewer")],
  request: { params: NameParams },
  responses: { 200: json(Template, "The template"), ...errors(404) },
});

const put = createRoute({
  method: "put",
  path: "/templates/{name}",
  tags,
  summary: "Override a template (publisher); 400 with line and column if it does not compile",
  security: bearer,
  middleware: [needs("publisher")],
  request: { params: NameParams, headers: IfMatchHeaders, body: jsonBody(PutTemplateInput) },
  responses: {
    200: json(Template, "The template with its new override"),
    ...errors(409, 413, 415, 428),
  },
});

const remove = createRoute({
  method: "delete",
  path: "/templates/{name}",
  tags,
  summary: "Remove an override (publisher), going back to the file template",
  security: bearer,
  middleware: [needs("publisher")],
  request: { params: NameParams },
  responses: { 200: json(Template.nullable(), "The template as it now is"), ...errors(404) },
});

export const templateRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(list, async (c) =>
    c.json({ items: await listTemplates(ctxOf(c), c.get("deps").templateFiles) }, 200),
  )
  .openapi(read, async (c) =>
    c.json(
      await getTemplate(ctxOf(c), c.get("deps").templateFiles, c.req.valid("param").name),
      200,
    ),
  )
  .openapi(put, async (c) => {
    const input = c.req.valid("json");
    const template = await putTemplateOverride({
      ctx: ctxOf(c),
      files: c.get("deps").templateFiles,
      name: c.req.valid("param").name,
      body: input.body,
      expectedVersion: sentVersion(parseIfMatch(c.req.valid("header")["if-match"]), input.version),
    });
    return c.json(template, 200);
  })
  .openapi(remove, async (c) =>
    c.json(
      await deleteTemplateOverride({
        ctx: ctxOf(c),
        files: c.get("deps").templateFiles,
        name: c.req.valid("param").name,
      }),
      200,
    ),
  );
