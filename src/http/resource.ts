import { createRoute, OpenAPIHono, type z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { Role } from "../db/schema/enums.js";
import { etagOf, parseIfMatch } from "../shared/concurrency.js";
import type { Ctx } from "../shared/context.js";
import { JsonText } from "../shared/json-text.js";
import { ctxOf } from "./context.js";
import type { AppEnv } from "./env.js";
import { validationHook } from "./errors.js";
import { bearer, errors, IdParams, IfMatchHeaders, json, jsonBody, needs } from "./openapi.js";

type Versioned = { id: string; version: number };

/** The validated part of a request; the route definition guarantees its shape. */
const valid = <T>(c: Context<AppEnv>, target: "query" | "json" | "param" | "header") =>
  (c.req.valid as (target: string) => unknown)(target) as T;

/** The five verbs of a content resource, as its service implements them. */
export interface ResourceService<Create, Update, Query> {
  list(ctx: Ctx, query: Query): Promise<unknown>;
  create(ctx: Ctx, input: Create): Promise<Versioned>;
  get(ctx: Ctx, id: string): Promise<Versioned>;
  update(ctx: Ctx, id: string, input: Update, ifMatch: number | undefined): Promise<Versioned>;
  /** Returns the record as it now is (soft delete), or null when it is gone. */
  remove(ctx: Ctx, id: string, ifMatch: number | undefined): Promise<Versioned | null>;
}

export interface ResourceSpec<C extends z.ZodType, U extends z.ZodType, Q extends z.ZodObject> {
  path: `/${string}`;
  tag: string;
  noun: string;
  schemas: { create: C; update: U; query: Q; item: z.ZodType; page: z.ZodType };
  service: ResourceService<z.output<C>, z.output<U>, z.output<Q>>;
  writeRole: Role;
  removeSummary: string;
  /** Soft: DELETE answers 200 with the record as it now is; hard: 204 and the record is gone. */
  deletes: "soft" | "hard";
  /** Whether creating can collide with an existing record (409), e.g. a duplicate ISBN. */
  createCanConflict: boolean;
}

/**
 * List, create, read, update (If-Match) and delete routes for one resource, documented in
 * OpenAPI. Events and acquisitions share them, so they behave alike in every detail.
 */
export function resourceRoutes<C extends z.ZodType, U extends z.ZodType, Q extends z.ZodObject>(
  spec: ResourceSpec<C, U, Q>,
) {
  const { path, noun, schemas, service } = spec;
  const aNoun = `${/^[aeiou]/.test(noun) ? "an" : "a"} ${noun}`;
  const tags = [spec.tag];
  const reader = { security: bearer, middleware: [needs("viewer")], tags };
  const writer = { security: bearer, middleware: [needs(spec.writeRole)], tags };
  const one = `${path}/{id}`;
  const withEtag = (c: { header(name: string, value: string): void }, record: Versioned) =>
    c.header("ETag", etagOf(record.version));

  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(
      createRoute({
        ...reader,
        method: "get",
        path,
        summary: `List ${noun}s`,
        request: { query: schemas.query },
        responses: { 200: json(schemas.page, `A page of ${noun}s`), ...errors() },
      }),
      async (c) => {
        const page = await service.list(ctxOf(c), valid<z.output<Q>>(c, "query"));
        if (page instanceof JsonText) {
          return c.body(page.text, 200, { "content-type": "application/json" }) as never;
        }
        return c.json(page as never, 200);
      },
    )
    .openapi(
      createRoute({
        ...writer,
        method: "post",
        path,
        summary: `Create ${aNoun} (${spec.writeRole})`,
        request: { body: jsonBody(schemas.create) },
        responses: {
          201: json(schemas.item, `The new ${noun}; ETag carries its version`),
          ...(spec.createCanConflict ? errors(409, 413, 415) : errors(413, 415)),
        },
      }),
      async (c) => {
        const record = await service.create(ctxOf(c), valid<z.output<C>>(c, "json"));
        withEtag(c, record);
        c.header("Location", `/api${path}/${record.id}`);
        return c.json(record as never, 201);
      },
    )
    .openapi(
      createRoute({
        ...reader,
        method: "get",
        path: one,
        summary: `Read ${aNoun}`,
        request: { params: IdParams },
        responses: {
          200: json(schemas.item, `The ${noun}; ETag carries its version`),
          ...errors(404),
        },
      }),
      async (c) => {
        const record = await service.get(ctxOf(c), valid<{ id: string }>(c, "param").id);
        withEtag(c, record);
        return c.json(record as never, 200);
      },
    )
    .openapi(
      createRoute({
        ...writer,
        method: "patch",
        path: one,
        summary: `Change fields of ${aNoun} (${spec.writeRole}); send If-Match or version`,
        request: { params: IdParams, headers: IfMatchHeaders, body: jsonBody(schemas.update) },
        responses: {
          200: json(schemas.item, `The updated ${noun}`),
          ...errors(404, 409, 413, 415, 428),
        },
      }),
      async (c) => {
        const record = await service.update(
          ctxOf(c),
          valid<{ id: string }>(c, "param").id,
          valid<z.output<U>>(c, "json"),
          parseIfMatch(valid<{ "if-match"?: string }>(c, "header")["if-match"]),
        );
        withEtag(c, record);
        return c.json(record as never, 200);
      },
    )
    .openapi(
      createRoute({
        ...writer,
        method: "delete",
        path: one,
        summary: spec.removeSummary,
        request: { params: IdParams, headers: IfMatchHeaders },
        responses: {
          ...(spec.deletes === "soft"
            ? { 200: json(schemas.item, `The ${noun} as it now is`) }
            : { 204: { description: `The ${noun} is deleted` } }),
          ...errors(404, 409),
        },
      }),
      async (c) => {
        const record = await service.remove(
          ctxOf(c),
          valid<{ id: string }>(c, "param").id,
          parseIfMatch(valid<{ "if-match"?: string }>(c, "header")["if-match"]),
        );
        if (!record) return c.body(null, 204);
        withEtag(c, record);
        return c.json(record as never, 200);
      },
    );
}
