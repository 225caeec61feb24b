import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { ctxOf } from "../http/context.js";
import type { AppEnv } from "../http/env.js";
import { validationHook } from "../http/errors.js";
import { bearer, errors, IdParams, json, needs } from "../http/openapi.js";
import { AppError } from "../shared/errors.js";
import { exportSubscribers } from "./export.js";
import { importSubscribers } from "./import.js";
import {
  ExportQuery,
  ImportQuery,
  ImportReport,
  ListSubscribersQuery,
  SubscriberDetail,
  SubscriberPage,
} from "./schemas.js";
import { getSubscriber, listSubscribers, staffDelete, staffUnsubscribe } from "./staff.js";

const tags = ["Subscribers"];
const admin = { tags, security: bearer, middleware: [needs("admin")] };

const csvAnswer = (description: string) => ({
  description,
  content: { "text/csv": { schema: z.string() } },
});

/** Staff work on the newsletter list (admin only: it is the patrons' personal data). */
export const subscriberRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(
    createRoute({
      ...admin,
      method: "get",
      path: "/subscribers",
      summary: "List and search subscribers by email address (admin)",
      request: { query: ListSubscribersQuery },
      responses: { 200: json(SubscriberPage, "A page of subscribers"), ...errors() },
    }),
    async (c) => c.json(await listSubscribers({ ctx: ctxOf(c), query: c.req.valid("query") }), 200),
  )
  .openapi(
    createRoute({
      ...admin,
      method: "get",
      path: "/subscribers/export",
      summary:
        "All subscribers as CSV: email, name, locale, topics, status, confirmed_at, created_at (admin; audited)",
      request: { query: ExportQuery },
      responses: { 200: csvAnswer("The list as CSV (UTF-8)"), ...errors() },
    }),
    async (c) => {
      const ctx = ctxOf(c);
      const stream = await exportSubscribers({ ctx, status: c.req.valid("query").status });
      const day = ctx.clock.now().toISOString().slice(0, 10);
      return c.body(stream, 200, {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="subscribers-${day}.csv"`,
        "cache-control": "no-store",
      }) as never;
    },
  )
  .openapi(
    createRoute({
      ...admin,
      method: "post",
      path: "/subscribers/import",
      summary:
        "Import subscribers from CSV (admin). Columns: email, topics (separated by ; or |), and optionally name, locale, consented_at, consent_method, consent_wording. Rows with recorded consent come in active; rows without come in pending and get a confirmation email. Known addresses are left as they are. Any bad row: nothing is imported",
      request: {
        query: ImportQuery,
        body: { content: { "text/csv": { schema: z.string() } }, required: true },
      },
      responses: {
        200: json(ImportReport, "What was (or with dryRun would be) imported"),
        ...errors(413, 415),
      },
    }),
    async (c) => {
      if (!/^text\/csv\b/i.test(c.req.header("content-type") ?? "")) {
        throw new AppError(
          "unsupported_media_type",
          "Send the CSV file as the body with Content-Type: text/csv",
        );
      }
      const report = await importSubscribers({
        ctx: ctxOf(c),
        csv: await c.req.text(),
        dryRun: c.req.valid("query").dryRun,
      });
      return c.json(report, 200);
    },
  )
  .openapi(
    createRoute({
      ...admin,
      method: "get",
      path: "/subscribers/{id}",
      summary: "A subscriber with their consent history (admin)",
      request: { params: IdParams },
      responses: { 200: json(SubscriberDetail, "The subscriber"), ...errors(404) },
    }),
    async (c) => c.json(await getSubscriber({ ctx: ctxOf(c), id: c.req.valid("param").id }), 200),
  )
  .openapi(
    createRoute({
      ...admin,
      method: "post",
      path: "/subscribers/{id}/unsubscribe",
      summary:
        "Unsubscribe someone on their behalf (admin; recorded as consent withdrawn by staff)",
      request: { params: IdParams },
      responses: { 200: json(SubscriberDetail, "The subscriber as it now is"), ...errors(404) },
    }),
    async (c) =>
      c.json(await staffUnsubscribe({ ctx: ctxOf(c), id: c.req.valid("param").id }), 200),
  )
  .openapi(
    createRoute({
      ...admin,
      method: "delete",
      path: "/subscribers/{id}",
      summary: "Delete a subscriber and their consent records for good (admin)",
      request: { params: IdParams },
      responses: { 204: { description: "Deleted" }, ...errors(404) },
    }),
    async (c) => {
      await staffDelete({ ctx: ctxOf(c), id: c.req.valid("param").id });
      return c.body(null, 204);
    },
  );
