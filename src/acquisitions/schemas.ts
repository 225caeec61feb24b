import { z } from "@hono/zod-openapi";
import { cursorQuery, limitQuery, page } from "../http/openapi.js";
import { calendarDate, httpUrl, patchOf, requiredText, text, textList } from "../shared/fields.js";
import { normalizeIsbn } from "./isbn.js";

const isbn = z
  .string()
  .max(30)
  .transform((value, ctx) => {
    const normalized = normalizeIsbn(value);
    if (!normalized) {
      ctx.addIssue({ code: "custom", message: "is not a valid ISBN-10 or ISBN-13 (check digit)" });
      return z.NEVER;
    }
    return normalized;
  })
  .openapi({
    type: "string",
    example: "978-602-03-2478-4",
    description: "ISBN-10 or ISBN-13; stored as ISBN-13",
  });

const fields = {
  isbn: isbn.nullable(),
  title: requiredText(500),
  authors: textList(50, 200),
  publisher: text(300).nullable(),
  year: z.number().int().min(1450).max(2200).nullable(),
  language: z
    .string()
    .regex(/^[a-z]{2,3}$/, { message: "must be an ISO 639 code such as id, en or ind" })
    .nullable(),
  subjects: textList(50, 200),
  callNumber: text(100).nullable(),
  coverUrl: httpUrl.nullable(),
  summary: text(5000).nullable(),
  acquiredOn: calendarDate,
  featured: z.boolean(),
};

export const CreateAcquisitionInput = z
  .strictObject({
    ...fields,
    isbn: fields.isbn.optional(),
    authors: fields.authors.default([]),
    publisher: fields.publisher.optional(),
    year: fields.year.optional(),
    language: fields.language.optional(),
    subjects: fields.subjects.default([]),
    callNumber: fields.callNumber.optional(),
    coverUrl: fields.coverUrl.optional(),
    summary: fields.summary.optional(),
    featured: fields.featured.default(false),
  })
  .openapi("CreateAcquisition");

export const UpdateAcquisitionInput = patchOf(fields).openapi("UpdateAcquisition");

export type CreateAcquisitionInput = z.infer<typeof CreateAcquisitionInput>;
export type UpdateAcquisitionInput = z.infer<typeof UpdateAcquisitionInput>;

export const Acquisition = z
  .object({
    id: z.uuid(),
    isbn: z.string().nullable(),
    title: z.string(),
    authors: z.array(z.string()),
    publisher: z.string().nullable(),
    year: z.number().nullable(),
    language: z.string().nullable(),
    subjects: z.array(z.string()),
    callNumber: z.string().nullable(),
    coverUrl: z.string().nullable(),
    summary: z.string().nullable(),
    acquiredOn: z.string().openapi({ format: "date" }),
    featured: z.boolean(),
    source: z.object({ id: z.string(), recordId: z.string().nullable() }).nullable(),
    version: z.number(),
    createdAt: z.string(),
    updatedAt: z.string().openapi({ format: "date-time" }),
  })
  .openapi("Acquisition");

export const AcquisitionPage = page(Acquisition).openapi("AcquisitionPage");

export const ListAcquisitionsQuery = z.strictObject({
  from: calendarDate.optional().openapi({ description: "Acquired on or after this date" }),
  to: calendarDate.optional().openapi({ description: "Acquired on or before this date" }),
  subject: text(200).optional().openapi({ description: "Has this subject (exact)" }),
  featured: z
    .enum(["true", "false"])
    .transform((value) => value === "true")
    .optional(),
  q: text(200)
    .optional()
    .openapi({ description: "Text in the title or an author (case-insensitive)" }),
  limit: limitQuery,
  cursor: cursorQuery,
});
export type ListAcquisitionsQuery = z.infer<typeof ListAcquisitionsQuery>;
