import { z } from "@hono/zod-openapi";
import { Acquisition } from "../acquisitions/schemas.js";
import { audiences, eventKinds } from "../db/schema/enums.js";
import { Event } from "../events/schemas.js";
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

/** An event as anyone may see it: the staff shape without where it came from and its bookkeeping. */
export const PublicEvent = Event.omit({
  source: true,
  cancelledAt: true,
  version: true,
  createdAt: true,
}).openapi("PublicEvent");

/** A new book as anyone may see it: no source record ids, versions or creation times. */
export const PublicAcquisition = Acquisition.omit({
  source: true,
  version: true,
  createdAt: true,
}).openapi("PublicAcquisition");

export const PublicEventPage = page(PublicEvent).openapi("PublicEventPage");
export const PublicAcquisitionPage = page(PublicAcquisition).openapi("PublicAcquisitionPage");
