import { z } from "@hono/zod-openapi";
import { text } from "../shared/fields.js";
import { csvFields } from "./csv/mapping.js";
import { fileFormats } from "./file-import.js";
import { problemCodes } from "./record.js";

const Mapping = z.partialRecord(z.enum(csvFields), text(200));

export const ImportQuery = z.strictObject({
  format: z.enum(fileFormats).optional().openapi({
    description: "csv, marc (ISO 2709 .mrc) or marcxml; guessed from the content when absent",
  }),
  dryRun: z
    .enum(["true", "false"])
    .transform((value) => value === "true")
    .default(false)
    .openapi({ description: "Check every record and report the bad ones, writing nothing" }),
  mode: z.enum(["good_rows", "all_or_nothing"]).default("all_or_nothing").openapi({
    description:
      "good_rows imports the records that pass and lists the others; all_or_nothing (default) imports only a file without a bad record",
  }),
  source: text(200).optional().openapi({
    description: "The catalogue's name; import its next export under the same name to update",
  }),
  mapping: z
    .string()
    .max(4000)
    .transform((value, ctx) => {
      try {
        const parsed = Mapping.safeParse(JSON.parse(value));
        if (parsed.success) return parsed.data;
      } catch {}
      ctx.addIssue({
        code: "custom",
        message: `must be a JSON object from field (${csvFields.join(", ")}) to the CSV column's header`,
      });
      return z.NEVER;
    })
    .optional()
    .openapi({
      type: "string",
      description:
        'CSV only: field → column header, e.g. {"title":"Judul","isbn":"ISBN"}; default: SLiMS export names',
    }),
  delimiter: z
    .enum([",", ";", "\t", "|"])
    .optional()
    .openapi({ description: "CSV only: the separator; read from the header line when absent" }),
});

const Rejection = z.object({
  line: z.number().optional().openapi({ description: "CSV: the line in the file (header = 1)" }),
  record: z
    .number()
    .optional()
    .openapi({ description: "MARC: the record's position in the file, from 1" }),
  recordId: z.string().optional(),
  code: z.enum(problemCodes),
  reason: z.string(),
});

export const ImportSummary = z
  .object({
    format: z.string(),
    dryRun: z.boolean(),
    mode: z.enum(["good_rows", "all_or_nothing"]),
    source: z.object({ id: z.string(), name: z.string() }).nullable(),
    records: z.number(),
    valid: z.number(),
    created: z.number(),
    updated: z.number(),
    unchanged: z.number(),
    rejectedCount: z.number(),
    rejected: z.array(Rejection).openapi({ description: "The first 1,000 refused records" }),
    applied: z.boolean(),
  })
  .openapi("ImportSummary");
