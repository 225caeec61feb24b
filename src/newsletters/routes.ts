import { createRoute, z } from "@hono/zod-openapi";
import { ctxOf } from "../http/context.js";
import {
  bearer,
  errors,
  IdParams,
  IfMatchHeaders,
  json,
  jsonBody,
  needs,
} from "../http/openapi.js";
import { resourceRoutes } from "../http/resource.js";
import { etagOf, parseIfMatch } from "../shared/concurrency.js";
import { approveNewsletter } from "./approve.js";
import { listNewsletters } from "./list.js";
import { previewNewsletter } from "./preview.js";
import { recomposeNewsletter } from "./recompose.js";
import {
  ApproveNewsletterInput,
  CreateNewsletterInput,
  ListNewslettersQuery,
  Newsletter,
  NewsletterPage,
  PreviewQuery,
  RecomposeNewsletterInput,
  TestSendInput,
  TestSendResult,
  UpdateNewsletterInput,
} from "./schemas.js";
import { createNewsletter, deleteNewsletter, getNewsletter, updateNewsletter } from "./service.js";
import { testSendNewsletter } from "./test-send.js";

const tags = ["Newsletters"];
const optionalBody = <T extends z.ZodType>(schema: T) => ({
  content: { "application/json": { schema } },
  required: false,
});

const recompose = createRoute({
  method: "post",
  path: "/newsletters/{id}/recompose",
  tags,
  summary:
    "Read the content store again (editor), for a new period if given: replaces the sections; send If-Match",
  security: bearer,
  middleware: [needs("editor")],
  request: {
    params: IdParams,
    headers: IfMatchHeaders,
    body: optionalBody(RecomposeNewsletterInput),
  },
  responses: {
    200: json(Newsletter, "The issue with fresh sections, as a draft"),
    ...errors(404, 409, 415, 428),
  },
});

const approve = createRoute({
  method: "post",
  path: "/newsletters/{id}/approve",
  tags,
  summary: "Approve a draft (publisher) to be sent at scheduledAt (default now); send If-Match",
  security: bearer,
  middleware: [needs("publisher")],
  request: {
    params: IdParams,
    headers: IfMatchHeaders,
    body: optionalBody(ApproveNewsletterInput),
  },
  responses: {
    200: json(Newsletter, "The approved issue"),
    ...errors(404, 409, 415, 422, 428),
  },
});

const preview = createRoute({
  method: "get",
  path: "/newsletters/{id}/preview",
  tags,
  summary: "The message a subscriber of the given topics would get (links are samples)",
  security: bearer,
  middleware: [needs("viewer")],
  request: { params: IdParams, query: PreviewQuery },
  responses: {
    200: {
      description: "The HTML part (text/html) or the plain-text part (text/plain)",
      content: { "text/html": { schema: z.string() }, "text/plain": { schema: z.string() } },
    },
    ...errors(404, 422),
  },
});

const testSend = createRoute({
  method: "post",
  path: "/newsletters/{id}/test-send",
  tags,
  summary:
    'Email the whole issue to up to 10 addresses (editor), subject marked "[UJI]"/"[TEST]"; no subscriber receives it',
  security: bearer,
  middleware: [needs("editor")],
  request: { params: IdParams, body: jsonBody(TestSendInput) },
  responses: {
    200: json(TestSendResult, "What the mail server answered for each address"),
    ...errors(404, 413, 415, 422),
  },
});

export const newsletterRoutes = resourceRoutes({
  path: "/newsletters",
  tag: "Newsletters",
  noun: "newsletter",
  schemas: {
    create: CreateNewsletterInput,
    update: UpdateNewsletterInput,
    query: ListNewslettersQuery,
    item: Newsletter,
    page: NewsletterPage,
  },
  service: {
    list: (ctx, query) => listNewsletters({ ctx, query }),
    create: (ctx, input) => createNewsletter({ ctx, input }),
    get: (ctx, id) => getNewsletter({ ctx, id }),
    update: (ctx, id, input, ifMatch) => updateNewsletter({ ctx, id, input, ifMatch }),
    remove: (ctx, id, ifMatch) => deleteNewsletter({ ctx, id, ifMatch }),
  },
  writeRole: "editor",
  deletes: "hard",
  createCanConflict: false,
  removeSummary: "Delete a draft (editor); approved and sent issues stay",
})
  .openapi(recompose, async (c) => {
    const issue = await recomposeNewsletter({
      ctx: ctxOf(c),
      id: c.req.valid("param").id,
      input: c.req.valid("json"),
      ifMatch: parseIfMatch(c.req.valid("header")["if-match"]),
    });
    c.header("ETag", etagOf(issue.version));
    return c.json(issue, 200);
  })
  .openapi(approve, async (c) => {
    const issue = await approveNewsletter({
      ctx: ctxOf(c),
      renderer: c.get("deps").renderer,
      id: c.req.valid("param").id,
      input: c.req.valid("json"),
      ifMatch: parseIfMatch(c.req.valid("header")["if-match"]),
    });
    c.header("ETag", etagOf(issue.version));
    return c.json(issue, 200);
  })
  .openapi(preview, async (c) => {
    const query = c.req.valid("query");
    const body = await previewNewsletter({
      ctx: ctxOf(c),
      renderer: c.get("deps").renderer,
      id: c.req.valid("param").id,
      query,
    });
    const type = query.format === "html" ? "text/html" : "text/plain";
    return c.body(body, 200, { "content-type": `${type}; charset=utf-8` });
  })
  .openapi(testSend, async (c) => {
    const deps = c.get("deps");
    const result = await testSendNewsletter({
      ctx: ctxOf(c),
      renderer: deps.renderer,
      mailer: deps.mailer,
      id: c.req.valid("param").id,
      input: c.req.valid("json"),
    });
    return c.json(result, 200);
  });
