import { z } from "@hono/zod-openapi";
import { audiences, eventKinds, eventStatuses } from "../db/schema/enums.js";
import { cursorQuery, limitQuery, page } from "../http/openapi.js";
import {
  dayOrInstant,
  httpUrl,
  instant,
  nullableInstant,
  patchOf,
  requiredText,
  tagList,
  text,
} from "../shared/fields.js";
import { feedFields } from "../sources/feed-fields.js";

/** `"required"`: register at the desk; a URL: register there; null: just come. */
const registration = z
  .union([z.literal("required"), httpUrl])
  .nullable()
  .openapi({ example: "required", description: '"required", a registration URL, or null' });

const eventFields = {
  kind: z.enum(eventKinds),
  title: requiredText(200),
  summary: text(500).nullable(),
  description: text(20_000).nullable(),
  startsAt: instant,
  endsAt: nullableInstant,
  allDay: z.boolean(),
  location: text(300).nullable(),
  audience: z.enum(audiences),
  capacity: z.number().int().min(1).max(100_000).nullable(),
  registration,
  imageUrl: httpUrl.nullable(),
  tags: tagList,
  status: z.enum(eventStatuses),
  facilitator: text(200).nullable(),
  topic: text(300).nullable(),
  targetGroup: text(300).nullable(),
};

export const CreateEventInput = z
  .strictObject({
    ...eventFields,
    summary: eventFields.summary.optional(),
    description: eventFields.description.optional(),
    endsAt: eventFields.endsAt.optional(),
    allDay: eventFields.allDay.default(false),
    location: eventFields.location.optional(),
    audience: eventFields.audience.default("all"),
    capacity: eventFields.capacity.optional(),
    registration: registration.optional(),
    imageUrl: eventFields.imageUrl.optional(),
    tags: tagList.default([]),
    status: z.enum(["scheduled", "postponed"]).default("scheduled"),
    facilitator: eventFields.facilitator.optional(),
    topic: eventFields.topic.optional(),
    targetGroup: eventFields.targetGroup.optional(),
  })
  .openapi("CreateEvent");

export const UpdateEventInput = patchOf(eventFields).openapi("UpdateEvent");

export type CreateEventInput = z.infer<typeof CreateEventInput>;
export type UpdateEventInput = z.infer<typeof UpdateEventInput>;

export const Event = z
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
      .openapi({
        description:
          "The same times on the library's wall clock (an all-day event's endsAt is exclusive)",
        example: {
          timeZone: "Asia/Makassar",
          startsAt: "2025-12-06T09:00",
          endsAt: "2025-12-06T11:00",
        },
      }),
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
    source: z
      .object({
        id: z.string(),
        name: z.string(),
        uid: z.string().nullable(),
        fields: z.array(z.enum(feedFields)),
      })
      .nullable()
      .openapi({
        description:
          "Read-only. Where an imported event came from (null: entered in Warta). fields: those still as the feed set them; a field changed in Warta is kept until the feed changes it too",
      }),
    cancelledAt: z.string().nullable(),
    version: z.number(),
    createdAt: z.string(),
    updatedAt: z.string().openapi({ format: "date-time" }),
  })
  .openapi("Event");

export const EventPage = page(Event).openapi("EventPage");

const csvOf = <T extends readonly [string, ...string[]]>(values: T) =>
  z
    .string()
    .max(500)
    .transform((value, ctx) => {
      const items = value
        .split(",")
        .map((item) => item.trim())
        .filter(Boolean);
      const bad = items.filter((item) => !(values as readonly string[]).includes(item));
      if (bad.length > 0) {
        ctx.addIssue({
          code: "custom",
          message: `unknown value ${bad.join(", ")}; use ${values.join(", ")}`,
        });
        return z.NEVER;
      }
      return items as T[number][];
    })
    .optional();

export const ListEventsQuery = z.strictObject({
  from: dayOrInstant
    .optional()
    .openapi({ description: "Events starting on or after this day (library time) or instant" }),
  to: dayOrInstant.optional().openapi({
    description: "Events starting on or before this day (library time), or before this instant",
  }),
  kind: csvOf(eventKinds).openapi({ description: "One or more kinds, comma-separated" }),
  status: csvOf(eventStatuses).openapi({ description: "One or more statuses, comma-separated" }),
  audience: csvOf(audiences).openapi({ description: "One or more audiences, comma-separated" }),
  q: text(200).optional().openapi({ description: "Text in the title (case-insensitive)" }),
  limit: limitQuery,
  cursor: cursorQuery,
});
export type ListEventsQuery = z.infer<typeof ListEventsQuery>;
