import { z } from "@hono/zod-openapi";
import { audiences, eventKinds, eventStatuses } from "../db/schema/enums.js";
import { listParam } from "../feeds/schemas.js";
import { cursorQuery, limitQuery, page } from "../http/openapi.js";
import { calendarDate, dayOrInstant, text } from "../shared/fields.js";

export const PublicEventsQuery = z.strictObject({
  from: dayOrInstant.optional().openapi({
    description:
      "Events still running at or starting after this day (library time) or instant; default today",
  }),
  to: dayOrInstant.optional().openapi({
    description: "Events starting on or before this day (library time), or before this instant",
  }),
  kind: listParam(eventKinds, "kind"),
  audience: listParam(audiences, "audience"),
  limit: limitQuery,
  cursor: cursorQuery,
});
export type PublicEventsQuery = z.output<typeof PublicEventsQuery>;

export const PublicAcquisitionsQuery = z.strictObject({
  since: calendarDate.optional().openapi({ description: "Acquired on or after this date" }),
  subject: text(200).optional().openapi({ description: "Has this subject (ignoring case)" }),
  featured: z
    .enum(["true", "false"], { message: "must be true or false" })
    .transform((value) => value === "true")
    .optional(),
  limit: limitQuery,
  cursor: cursorQuery,
});
export type PublicAcquisitionsQuery = z.output<typeof PublicAcquisitionsQuery>;

export const PublicEvent = z
  .object({
    id: z.uuid(),
    kind: z.enum(eventKinds),
    title: z.string(),
    summary: z.string().nullable(),
    description: z.string().nullable(),
    startsAt: z.string().openapi({ format: "date-time" }),
    endsAt: z.string().nullable().openapi({ format: "date-time" }),
    local: z
      .object({ timeZone: z.string(), startsAt: z.string(), endsAt: z.string().nullable() })
      .openapi({ description: "The same times on the library's wall clock" }),
    allDay: z.boolean(),
    location: z.string().nullable(),
    audience: z.enum(audiences),
    capacity: z.number().nullable(),
    registration: z
      .string()
      .nullable()
      .openapi({ description: '"required" (at the desk), a registration URL, or null' }),
    imageUrl: z.string().nullable(),
    tags: z.array(z.string()),
    status: z.enum(eventStatuses),
    facilitator: z.string().nullable(),
    topic: z.string().nullable(),
    targetGroup: z.string().nullable(),
    updatedAt: z.string().openapi({ format: "date-time" }),
  })
  .openapi("PublicEvent");

export const PublicAcquisition = z
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
    updatedAt: z.string().openapi({ format: "date-time" }),
  })
  .openapi("PublicAcquisition");

export const PublicEventPage = page(PublicEvent).openapi("PublicEventPage");
export const PublicAcquisitionPage = page(PublicAcquisition).openapi("PublicAcquisitionPage");
