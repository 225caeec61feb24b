import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { ctxOf } from "../../http/context.js";
import type { AppEnv } from "../../http/env.js";
import { validationHook } from "../../http/errors.js";
import {
  bearer,
  cursorQuery,
  errors,
  IdParams,
  json,
  limitQuery,
  needs,
  page,
} from "../../http/openapi.js";
import { actOnSending, listFailed, progressOf, type SendingAction } from "./control.js";

const tags = ["Newsletters"];
const reader = { tags, security: bearer, middleware: [needs("viewer")] };
const publisher = { tags, security: bearer, middleware: [needs("publisher")] };

const Progress = z
  .object({
    id: z.uuid(),
    status: z.string(),
    total: z.number().openapi({ description: "Recipients fixed when sending started" }),
    sent: z.number(),
    failed: z.number(),
    remaining: z.number().openapi({ description: "Still to send, including retries waiting" }),
    cancelled: z
      .number()
      .openapi({ description: "Left out: unsubscribed or deleted meanwhile, or cancelled" }),
    sentAt: z.string().nullable(),
  })
  .openapi("NewsletterProgress");

const FailedRecipient = z.object({
  email: z.string().nullable(),
  attempts: z.number(),
  lastError: z.string().nullable().openapi({ description: "The mail server's answer" }),
  failedAt: z.string(),
});

const action = (name: SendingAction, summary: string) =>
  createRoute({
    ...publisher,
    method: "post",
    path: `/newsletters/{id}/${name}`,
    summary,
    request: { params: IdParams },
    responses: {
      200: json(Progress, "The sending progress after the action"),
      ...errors(404, 409),
    },
  });

/** Sending control: progress, pause, resume, cancel, and the failed recipients. */
export const sendingRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(
    createRoute({
      ...reader,
      method: "get",
      path: "/newsletters/{id}/progress",
      summary: "How far sending is: sent, failed, remaining",
      request: { params: IdParams },
      responses: { 200: json(Progress, "The progress"), ...errors(404) },
    }),
    async (c) => c.json(await progressOf(c.get("deps").db, c.req.valid("param").id), 200),
  )
  .openapi(action("pause", "Pause sending after the batch in flight (publisher)"), async (c) =>
    c.json(await actOnSending(ctxOf(c), c.req.valid("param").id, "pause"), 200),
  )
  .openapi(action("resume", "Resume a paused newsletter (publisher)"), async (c) =>
    c.json(await actOnSending(ctxOf(c), c.req.valid("param").id, "resume"), 200),
  )
  .openapi(action("cancel", "Cancel: nobody else receives it (publisher)"), async (c) =>
    c.json(await actOnSending(ctxOf(c), c.req.valid("param").id, "cancel"), 200),
  )
  .openapi(action("retry-failed", "Send again to every failed recipient (publisher)"), async (c) =>
    c.json(await actOnSending(ctxOf(c), c.req.valid("param").id, "retry-failed"), 200),
  )
  .openapi(
    createRoute({
      ...publisher,
      method: "get",
      path: "/newsletters/{id}/failed",
      summary: "Recipients the mail server refused, with its reasons (publisher)",
      request: {
        params: IdParams,
        query: z.strictObject({ limit: limitQuery, cursor: cursorQuery }),
      },
      responses: {
        200: json(page(FailedRecipient), "A page of failed recipients"),
        ...errors(404),
      },
    }),
    async (c) =>
      c.json(
        await listFailed(c.get("deps").db, c.req.valid("param").id, c.req.valid("query")),
        200,
      ),
  );
