import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { ctxOf } from "../http/context.js";
import type { AppEnv } from "../http/env.js";
import { validationHook } from "../http/errors.js";
import { bearer, ErrorSchema, errors, IdParams, json, needs } from "../http/openapi.js";
import { resourceRoutes } from "../http/resource.js";
import { AppError } from "../shared/errors.js";
import { FeedError } from "./errors.js";
import {
  CreateSourceInput,
  ListSourcesQuery,
  Source,
  SourcePage,
  SyncSummary,
  UpdateSourceInput,
} from "./schemas.js";
import { createSource, deleteSource, getSource, listSources, updateSource } from "./service.js";
import { syncSourceNow, uploadCalendar } from "./sync.js";

const tags = ["Sources"];
const syncAnswers = {
  200: json(SyncSummary, "What the sync did: created, updated, unchanged, cancelled, rejected"),
  ...errors(404, 422),
  502: json(ErrorSchema, "The source's server failed: unreachable, too slow, or an HTTP error"),
};

const sync = createRoute({
  method: "post",
  path: "/sources/{id}/sync",
  tags,
  summary: "Sync a source now (publisher); a failure leaves its events as they were",
  security: bearer,
  middleware: [needs("publisher")],
  request: { params: IdParams },
  responses: syncAnswers,
});

const upload = createRoute({
  method: "post",
  path: "/sources/{id}/upload",
  tags,
  summary: "Import a calendar file into an ics source once (publisher); up to 1 MB",
  security: bearer,
  middleware: [needs("publisher")],
  request: {
    params: IdParams,
    body: {
      content: { "text/calendar": { schema: z.string().openapi({ example: "BEGIN:VCALENDAR…" }) } },
      required: true,
    },
  },
  responses: { ...syncAnswers, ...errors(404, 413, 415, 422) },
});

/** A sync that could not run answers with the usual error shape: 422 or 502. */
async function summaryOrFailure(c: Context<AppEnv>, work: () => Promise<unknown>) {
  try {
    return c.json((await work()) as never, 200) as never;
  } catch (err) {
    if (!(err instanceof FeedError)) throw err;
    return c.json({ error: { code: err.code, message: err.message } }, err.status) as never;
  }
}

const sourceResource = resourceRoutes({
  path: "/sources",
  tag: "Sources",
  noun: "source",
  schemas: {
    create: CreateSourceInput,
    update: UpdateSourceInput,
    query: ListSourcesQuery,
    item: Source,
    page: SourcePage,
  },
  service: {
    list: (ctx, query) => listSources({ ctx, query }),
    create: (ctx, input) => createSource({ ctx, input }),
    get: (ctx, id) => getSource({ ctx, id }),
    update: (ctx, id, input, ifMatch) => updateSource({ ctx, id, input, ifMatch }),
    remove: async (ctx, id, ifMatch) => {
      await deleteSource({ ctx, id, ifMatch });
      return null;
    },
  },
  writeRole: "publisher",
  deletes: "hard",
  createCanConflict: false,
  removeSummary: "Delete a source (publisher); the events it imported stay, unlinked",
});

const calendarRoutes = sourceResource
  .openapi(sync, (c) =>
    summaryOrFailure(c, () => syncSourceNow({ ctx: ctxOf(c), id: c.req.valid("param").id })),
  )
  .openapi(upload, async (c) => {
    const type = c.req.header("content-type") ?? "";
    if (!/^text\/(calendar|plain)\b/i.test(type)) {
      throw new AppError(
        "unsupported_media_type",
        "Send the calendar file as the body with Content-Type: text/calendar",
      );
    }
    const text = await c.req.text();
    return summaryOrFailure(c, () =>
      uploadCalendar({ ctx: ctxOf(c), id: c.req.valid("param").id, text }),
    );
  });

/**
 * Calendar and catalogue sources. Reading one needs the publisher role too: a feed URL can
 * carry a private key (Google Calendar's secret address does).
 */
export const sourceRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
sourceRoutes.use("/sources", needs("publisher"));
sourceRoutes.use("/sources/*", needs("publisher"));
sourceRoutes.route("/", calendarRoutes);
