import { createWriteStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { ctxOf } from "../http/context.js";
import type { AppEnv } from "../http/env.js";
import { validationHook } from "../http/errors.js";
import { bearer, errors, json, needs } from "../http/openapi.js";
import { AppError } from "../shared/errors.js";
import { type FileFormat, importAcquisitionsFile } from "./file-import.js";
import { UnreadableInput } from "./record.js";
import { ImportQuery, ImportSummary } from "./schemas.js";

/** The upload limit for /api/imports/* (app.ts); every other /api body stays at 1 MB. */
export const MAX_IMPORT_BYTES = 50 * 1024 * 1024;

const byContentType: [RegExp, FileFormat][] = [
  [/csv/i, "csv"],
  [/marc(?!xml)|iso2709/i, "marc"],
  [/xml/i, "marcxml"],
];

const upload = createRoute({
  tags: ["Imports"],
  security: bearer,
  middleware: [needs("editor")],
  method: "post",
  path: "/imports/acquisitions",
  summary:
    "Import a catalogue export into acquisitions (editor): the file is the body (CSV, MARC 21 .mrc or MARCXML, up to 50 MB)",
  request: {
    query: ImportQuery,
    body: {
      required: true,
      content: {
        "application/octet-stream": { schema: z.string().openapi({ format: "binary" }) },
        "text/csv": { schema: z.string() },
        "application/marc": { schema: z.string().openapi({ format: "binary" }) },
        "application/marcxml+xml": { schema: z.string() },
      },
    },
  },
  responses: {
    200: json(
      ImportSummary,
      "What was (or, in a dry run, would be) imported and every refused record",
    ),
    ...errors(413, 422),
  },
});

export const importRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook }).openapi(
  upload,
  async (c) => {
    const query = c.req.valid("query");
    const body = c.req.raw.body;
    if (!body) throw new AppError("validation_failed", "Send the file as the request body");
    const format =
      query.format ??
      byContentType.find(([pattern]) => pattern.test(c.req.header("content-type") ?? ""))?.[1];
    const dir = await mkdtemp(path.join(tmpdir(), "warta-import-"));
    try {
      // Streamed to disk: the readers take a file (its head tells the format and the CSV
      // separator) and never hold it whole.
      const file = path.join(dir, "upload");
      await pipeline(
        Readable.fromWeb(body as import("node:stream/web").ReadableStream),
        createWriteStream(file),
      );
      const summary = await importAcquisitionsFile(ctxOf(c), file, {
        ...(format ? { format } : {}),
        dryRun: query.dryRun,
        mode: query.mode,
        ...(query.source ? { sourceName: query.source } : {}),
        csv: {
          ...(query.mapping ? { mapping: query.mapping } : {}),
          ...(query.delimiter ? { delimiter: query.delimiter } : {}),
        },
      });
      if (!summary.dryRun && !summary.applied) {
        throw new AppError(
          "content_problems",
          `${summary.rejectedCount} of ${summary.records} records were refused, so nothing was imported (all_or_nothing); fix them or import with mode=good_rows`,
          summary,
        );
      }
      return c.json(summary, 200);
    } catch (err) {
      if (err instanceof UnreadableInput) {
        throw new AppError("validation_failed", `The file cannot be imported: ${err.message}`, {
          issues: [{ path: "body", message: err.message }],
        });
      }
      throw err;
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  },
);
