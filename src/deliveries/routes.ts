import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { postChannels } from "../db/schema/enums.js";
import { ctxOf } from "../http/context.js";
import type { AppEnv } from "../http/env.js";
import { validationHook } from "../http/errors.js";
import { bearer, errors, IdParams, json, needs } from "../http/openapi.js";
import { Delivery, DeliveryPage, ListDeliveriesQuery } from "./schemas.js";
import {
  actOnDelivery,
  type DeliveryAction,
  getDelivery,
  listChannels,
  listDeliveries,
  resumeChannel,
} from "./service.js";

const tags = ["Deliveries"];
const reader = { tags, security: bearer, middleware: [needs("viewer")] };
const publisher = { tags, security: bearer, middleware: [needs("publisher")] };

const action = (name: DeliveryAction, summary: string) =>
  createRoute({
    ...publisher,
    method: "post",
    path: `/deliveries/{id}/${name}`,
    summary,
    request: { params: IdParams },
    responses: { 200: json(Delivery, "The delivery as it now is"), ...errors(404, 409) },
  });

const Channel = z.object({
  channel: z.string(),
  preview: z
    .boolean()
    .openapi({ description: "No credentials: publishing writes previews to data/outbox/" }),
  needsAttention: z.boolean(),
  reason: z.string().nullable(),
  since: z.string().nullable(),
});

const ChannelParams = z.object({
  channel: z.enum(postChannels).openapi({ param: { name: "channel", in: "path" } }),
});

export const deliveryRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(
    createRoute({
      ...reader,
      method: "get",
      path: "/deliveries",
      summary:
        "The outbox: what will go out, what went out, what failed and why (newest due first)",
      request: { query: ListDeliveriesQuery },
      responses: { 200: json(DeliveryPage, "A page of deliveries"), ...errors() },
    }),
    async (c) => c.json(await listDeliveries(c.get("deps").db, c.req.valid("query")), 200),
  )
  .openapi(
    createRoute({
      ...reader,
      method: "get",
      path: "/deliveries/{id}",
      summary: "One delivery with every attempt",
      request: { params: IdParams },
      responses: { 200: json(Delivery, "The delivery"), ...errors(404) },
    }),
    async (c) => c.json(await getDelivery(c.get("deps").db, c.req.valid("param").id), 200),
  )
  .openapi(
    action("publish-now", "Make a pending delivery due now (publisher); the next tick sends it"),
    async (c) =>
      c.json(
        await actOnDelivery({ ctx: ctxOf(c), id: c.req.valid("param").id, action: "publish-now" }),
        200,
      ),
  )
  .openapi(
    action("retry", "Give a failed or missed delivery a fresh start, due now (publisher)"),
    async (c) =>
      c.json(
        await actOnDelivery({ ctx: ctxOf(c), id: c.req.valid("param").id, action: "retry" }),
        200,
      ),
  )
  .openapi(action("cancel", "Withdraw a pending delivery (publisher)"), async (c) =>
    c.json(
      await actOnDelivery({ ctx: ctxOf(c), id: c.req.valid("param").id, action: "cancel" }),
      200,
    ),
  )
  .openapi(
    createRoute({
      ...reader,
      method: "get",
      path: "/channels",
      summary: "Each channel: preview mode, and whether its queue is held for attention",
      responses: { 200: json(z.object({ items: z.array(Channel) }), "The channels"), ...errors() },
    }),
    async (c) =>
      c.json({ items: await listChannels(c.get("deps").db, c.get("deps").channels) }, 200),
  )
  .openapi(
    createRoute({
      ...publisher,
      method: "post",
      path: "/channels/{channel}/resume",
      summary: "Release a held channel's queue after fixing its credentials (publisher)",
      request: { params: ChannelParams },
      responses: { 200: json(z.object({ items: z.array(Channel) }), "The channels"), ...errors() },
    }),
    async (c) => {
      await resumeChannel({ ctx: ctxOf(c), channel: c.req.valid("param").channel });
      return c.json({ items: await listChannels(c.get("deps").db, c.get("deps").channels) }, 200);
    },
  );
