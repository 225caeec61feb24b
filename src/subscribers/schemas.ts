import { z } from "@hono/zod-openapi";
import { locales, subscriberStatuses, topics } from "../db/schema/enums.js";
import { cursorQuery, limitQuery, page } from "../http/openapi.js";
import { text } from "../shared/fields.js";
import { emailAddress } from "./email-address.js";

/** Checkboxes arrive as one value or several; JSON clients send a list. */
const topicList = z.preprocess(
  (value) => (value === undefined ? [] : [value].flat()),
  z
    .array(z.enum(topics))
    .min(1, { message: "choose at least one topic" })
    .transform((list) => topics.filter((topic) => list.includes(topic))),
);

const optionalName = z
  .string()
  .trim()
  .max(100, { message: "must be at most 100 characters" })
  .refine((value) => !/\p{Cc}/u.test(value), { message: "must not contain control characters" })
  .optional()
  .transform((value) => value || null);

/** The sign-up form (form-encoded or JSON). Without a locale, the page's language is meant. */
export const SubscribeForm = z.object({
  email: emailAddress,
  name: optionalName,
  locale: z.enum(locales).optional(),
  topics: topicList,
});
export type SubscribeForm = z.infer<typeof SubscribeForm>;

export const PreferencesForm = z.object({ locale: z.enum(locales), topics: topicList });
export type PreferencesForm = z.infer<typeof PreferencesForm>;

export const Subscriber = z
  .object({
    id: z.uuid(),
    email: z.string(),
    name: z.string().nullable(),
    locale: z.enum(locales),
    topics: z.array(z.enum(topics)),
    status: z.enum(subscriberStatuses),
    confirmedAt: z.string().nullable(),
    unsubscribedAt: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("Subscriber");

export const ConsentRecord = z
  .object({
    at: z.string(),
    action: z.string().openapi({
      description: "requested, confirmed, topics_changed, unsubscribed or imported",
    }),
    method: z.string().openapi({
      description: "web_form, email_link, one_click, mailto, staff or csv_import",
    }),
    wording: z
      .string()
      .nullable()
      .openapi({ description: "The exact text the patron was shown, in the language shown" }),
    details: z.record(z.string(), z.unknown()).nullable(),
  })
  .openapi("ConsentRecord");

export const SubscriberDetail = Subscriber.extend({ consent: z.array(ConsentRecord) }).openapi(
  "SubscriberDetail",
);

export const SubscriberPage = page(Subscriber).openapi("SubscriberPage");

export const ListSubscribersQuery = z.strictObject({
  q: text(254).optional().openapi({ description: "Text in the email address (case-insensitive)" }),
  status: z.enum(subscriberStatuses).optional(),
  topic: z.enum(topics).optional(),
  limit: limitQuery,
  cursor: cursorQuery,
});
export type ListSubscribersQuery = z.infer<typeof ListSubscribersQuery>;

export const ExportQuery = z.strictObject({ status: z.enum(subscriberStatuses).optional() });

export const ImportQuery = z.strictObject({
  dryRun: z
    .enum(["true", "false", "1", "0"])
    .optional()
    .transform((value) => value === "true" || value === "1")
    .openapi({ description: "true: check and count, write and send nothing" }),
});

export const ImportReport = z
  .object({
    dryRun: z.boolean(),
    rows: z.number(),
    created: z.object({
      active: z.number().openapi({ description: "With recorded consent: active at once" }),
      pending: z
        .number()
        .openapi({ description: "Without recorded consent: pending, sent a confirmation email" }),
    }),
    existing: z.number().openapi({ description: "Addresses already known, left as they are" }),
    confirmationEmails: z.object({
      queued: z
        .number()
        .openapi({ description: "Owed to the pending rows; the sender loop sends them" }),
    }),
    ignoredColumns: z.array(z.string()),
  })
  .openapi("SubscriberImportReport");
export type ImportReport = z.infer<typeof ImportReport>;
