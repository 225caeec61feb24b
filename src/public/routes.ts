import { createRoute, OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import { anyOrigin } from "../feeds/cross-origin.js";
import { answerCacheable, cacheable } from "../feeds/http-cache.js";
import type { AppEnv } from "../http/env.js";
import { validationHook } from "../http/errors.js";
import { ErrorSchema, IdParams, json } from "../http/openapi.js";
import { getPublicAcquisition, listPublicAcquisitions } from "./acquisitions.js";
import { getPublicEvent, listPublicEvents } from "./events.js";
import type { PublicCtx } from "./public-ctx.js";
import {
  PublicAcquisition,
  PublicAcquisitionPage,
  PublicAcquisitionsQuery,
  PublicEvent,
  PublicEventPage,
  PublicEventsQuery,
} from "./schemas.js";

/** An app or website may show a minute-old page; the ETag makes checking again cheap. */
const MAX_AGE_SECONDS = 60;
const JSON_TYPE = "application/json; charset=utf-8";

const tags = ["Public"];
const description =
  "No sign-in; public fields only. ETag and Cache-Control are set; send If-None-Match for a 304.";
const errorResponse = (text: string) => ({
  description: text,
  content: { "application/json": { schema: ErrorSchema } },
});
const notModified = { description: "Unchanged since the ETag sent in If-None-Match" };

const ctxOf = (c: Context<AppEnv>): PublicCtx => {
  const { db, clock, config } = c.get("deps");
  return { db, clock, config };
};

async function answer(c: Context<AppEnv>, body: string) {
  return answerCacheable(c, await cacheable(body), JSON_TYPE, MAX_AGE_SECONDS);
}

const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
// The library's website reads these from the browser, on its own origin.
app.use("/public/*", anyOrigin);

app.openapi(
  createRoute({
    method: "get",
    path: "/public/events",
    tags,
    summary: "Events for the library's app and website",
    description,
    request: { query: PublicEventsQuery },
    responses: {
      200: json(PublicEventPage, "A page of events in start order"),
      304: notModified,
      400: errorResponse("A bad filter, limit or cursor"),
    },
  }),
  async (c) => {
    const page = await listPublicEvents({ ctx: ctxOf(c), query: c.req.valid("query") });
    return (await answer(c, page.text)) as never;
  },
);

app.openapi(
  createRoute({
    method: "get",
    path: "/public/events/{id}",
    tags,
    summary: "One event",
    description,
    request: { params: IdParams },
    responses: {
      200: json(PublicEvent, "The event"),
      304: notModified,
      400: errorResponse("The id is not a UUID"),
      404: errorResponse("No such event"),
    },
  }),
  async (c) => {
    const event = await getPublicEvent({ ctx: ctxOf(c), id: c.req.valid("param").id });
    return (await answer(c, event)) as never;
  },
);

app.openapi(
  createRoute({
    method: "get",
    path: "/public/acquisitions",
    tags,
    summary: "New books for the library's app and website",
    description,
    request: { query: PublicAcquisitionsQuery },
    responses: {
      200: json(PublicAcquisitionPage, "A page of books, newest first"),
      304: notModified,
      400: errorResponse("A bad filter, limit or cursor"),
    },
  }),
  async (c) => {
    const page = await listPublicAcquisitions({ ctx: ctxOf(c), query: c.req.valid("query") });
    return (await answer(c, page.text)) as never;
  },
);

app.openapi(
  createRoute({
    method: "get",
    path: "/public/acquisitions/{id}",
    tags,
    summary: "One new book",
    description,
    request: { params: IdParams },
    responses: {
      200: json(PublicAcquisition, "The book"),
      304: notModified,
      400: errorResponse("The id is not a UUID"),
      404: errorResponse("No such book"),
    },
  }),
  async (c) => {
    const book = await getPublicAcquisition({ ctx: ctxOf(c), id: c.req.valid("param").id });
    return (await answer(c, book)) as never;
  },
);

/** /public/events and /public/acquisitions (lists and items): no sign-in, public fields only. */
export const publicRoutes = app;
