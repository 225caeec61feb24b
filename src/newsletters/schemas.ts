import { z } from "@hono/zod-openapi";
import { locales, newsletterStatuses, topics } from "../db/schema/enums.js";
import { cursorQuery, limitQuery, page } from "../http/openapi.js";
import {
  calendarDate,
  httpUrl,
  instant,
  requiredText,
  text,
  versionField,
} from "../shared/fields.js";

/** An instant kept as text in the stored sections, always as toISOString writes it. */
const isoInstant = instant
  .transform((date) => date.toISOString())
  .openapi({ type: "string", format: "date-time" });

const registration = z
  .union([z.literal("required"), httpUrl])
  .nullable()
  .openapi({ description: '"required" (at the desk), a registration URL, or null' });

const EventItem = z
  .strictObject({
    type: z.literal("event"),
    eventId: z.uuid().nullable().openapi({ description: "The event it was composed from" }),
    title: requiredText(200),
    summary: text(1000).nullable(),
    startsAt: isoInstant,
    endsAt: isoInstant.nullable().openapi({ type: ["string", "null"], format: "date-time" }),
    allDay: z.boolean(),
    location: text(300).nullable(),
    registration,
    facilitator: text(200).nullable(),
  })
  .openapi("NewsletterEventItem");

const BookItem = z
  .strictObject({
    type: z.literal("book"),
    acquisitionId: z.uuid().nullable().openapi({ description: "The acquisition it came from" }),
    title: requiredText(500),
    authors: z.array(text(200)).max(20),
    year: z.number().int().min(1450).max(2200).nullable(),
    publisher: text(300).nullable(),
    summary: text(1000).nullable(),
    coverUrl: httpUrl.nullable(),
    callNumber: text(100).nullable(),
  })
  .openapi("NewsletterBookItem");

const MAX_ITEMS = 100;

/** Each section serves one topic; subscribers get the sections of the topics they chose. */
export const Section = z
  .discriminatedUnion("topic", [
    z.strictObject({
      topic: z.enum(["events", "literacy_sessions", "children"]),
      items: z.array(EventItem).max(MAX_ITEMS),
    }),
    z.strictObject({ topic: z.literal("new_books"), items: z.array(BookItem).max(MAX_ITEMS) }),
  ])
  .openapi("NewsletterSection");

const Sections = z
  .array(Section)
  .max(topics.length)
  .refine((sections) => new Set(sections.map((s) => s.topic)).size === sections.length, {
    message: "has two sections for one topic",
  });

export type NewsletterSection = z.output<typeof Section>;
export type EventItem = z.output<typeof EventItem>;
export type BookItem = z.output<typeof BookItem>;
export type Topic = (typeof topics)[number];

/** One line: it becomes an email header. */
const subjectText = requiredText(200).refine((value) => !/[\r\n]/.test(value), {
  message: "must be one line",
});
const introText = text(5000);

const period = {
  periodStart: calendarDate.openapi({ description: "First day (library time)" }),
  periodEnd: calendarDate.openapi({ description: "Last day, inclusive" }),
};

/** About a season at most: longer issues would be too long to read. */
export const MAX_PERIOD_DAYS = 92;

const checkPeriod = (value: { periodStart?: string; periodEnd?: string }, ctx: z.RefinementCtx) => {
  const { periodStart, periodEnd } = value;
  if (periodStart === undefined && periodEnd === undefined) return;
  if (periodStart === undefined || periodEnd === undefined) {
    ctx.addIssue({
      code: "custom",
      path: [periodStart === undefined ? "periodStart" : "periodEnd"],
      message: "give both periodStart and periodEnd, or neither",
    });
    return;
  }
  const days = (Date.parse(periodEnd) - Date.parse(periodStart)) / 86_400_000 + 1;
  if (days < 1) {
    ctx.addIssue({
      code: "custom",
      path: ["periodEnd"],
      message: "must not be before periodStart",
    });
  } else if (days > MAX_PERIOD_DAYS) {
    ctx.addIssue({
      code: "custom",
      path: ["periodEnd"],
      message: `the period is ${days} days; at most ${MAX_PERIOD_DAYS}`,
    });
  }
};

export const CreateNewsletterInput = z
  .strictObject({
    ...period,
    subject: z
      .strictObject({ id: subjectText.optional(), en: subjectText.nullable().optional() })
      .optional()
      .openapi({ description: "Generated from the period when left out" }),
    intro: z
      .strictObject({ id: introText.nullable().optional(), en: introText.nullable().optional() })
      .optional()
      .openapi({ description: "Generated from the period when left out" }),
  })
  .superRefine(checkPeriod)
  .openapi("CreateNewsletter");
export type CreateNewsletterInput = z.output<typeof CreateNewsletterInput>;

export const UpdateNewsletterInput = z
  .strictObject({
    subject: z
      .strictObject({ id: subjectText.optional(), en: subjectText.nullable().optional() })
      .optional(),
    intro: z
      .strictObject({ id: introText.nullable().optional(), en: introText.nullable().optional() })
      .optional(),
    sections: Sections.optional().openapi({
      description: "The whole list of sections, as read and edited; replaces the stored one",
    }),
    version: versionField,
  })
  .openapi("UpdateNewsletter");
export type UpdateNewsletterInput = z.output<typeof UpdateNewsletterInput>;

export const RecomposeNewsletterInput = z
  .strictObject({
    periodStart: period.periodStart.optional(),
    periodEnd: period.periodEnd.optional(),
    version: versionField,
  })
  .superRefine(checkPeriod)
  .openapi("RecomposeNewsletter");
export type RecomposeNewsletterInput = z.output<typeof RecomposeNewsletterInput>;

export const ApproveNewsletterInput = z
  .strictObject({
    scheduledAt: instant.optional().openapi({ description: "When to send; default now" }),
  })
  .openapi("ApproveNewsletter");
export type ApproveNewsletterInput = z.output<typeof ApproveNewsletterInput>;

export const Newsletter = z
  .object({
    id: z.uuid(),
    status: z.enum(newsletterStatuses),
    periodStart: z.string().nullable(),
    periodEnd: z.string().nullable(),
    subject: z
      .object({ id: z.string(), en: z.string().nullable() })
      .openapi({ description: "Per language; English falls back to Indonesian when null" }),
    intro: z.object({ id: z.string().nullable(), en: z.string().nullable() }),
    sections: z.array(Section),
    topics: z
      .array(z.enum(topics))
      .openapi({ description: "Topics with something in this issue: who can receive it" }),
    scheduledAt: z.string().nullable(),
    sentAt: z.string().nullable(),
    ruleId: z.string().nullable(),
    planKey: z.string().nullable(),
    webUrl: z.string().nullable().openapi({ description: "The public page, once sent" }),
    version: z.number(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("Newsletter");

export const NewsletterPage = page(Newsletter).openapi("NewsletterPage");

export const ListNewslettersQuery = z.strictObject({
  status: z.enum(newsletterStatuses).optional(),
  limit: limitQuery,
  cursor: cursorQuery,
});
export type ListNewslettersQuery = z.output<typeof ListNewslettersQuery>;

const topicList = z
  .string()
  .max(200)
  .transform((value, ctx) => {
    const items = [
      ...new Set(
        value
          .split(",")
          .map((item) => item.trim())
          .filter(Boolean),
      ),
    ];
    const bad = items.filter((item) => !(topics as readonly string[]).includes(item));
    if (bad.length > 0) {
      ctx.addIssue({
        code: "custom",
        message: `unknown topic ${bad.join(", ")}; use ${topics.join(", ")}`,
      });
      return z.NEVER;
    }
    return items as Topic[];
  });

export const PreviewQuery = z.strictObject({
  locale: z.enum(locales).optional().openapi({ description: "Default: the library's language" }),
  format: z.enum(["html", "text"]).default("html"),
  topics: topicList
    .optional()
    .openapi({ type: "string", description: "Comma-separated; default every topic" }),
});

export const TestSendInput = z
  .strictObject({
    addresses: z
      .array(z.email({ message: "must be an email address" }).max(254))
      .min(1)
      .max(10)
      .transform((list) => [...new Set(list.map((a) => a.toLowerCase()))]),
    locale: z.enum(locales).optional().openapi({ description: "Default: the library's language" }),
  })
  .openapi("NewsletterTestSend");

export const TestSendResult = z
  .object({
    results: z.array(
      z.object({
        address: z.string(),
        outcome: z.enum(["sent", "temporary", "permanent"]),
        message: z.string().openapi({ description: "The mail server's answer" }),
      }),
    ),
  })
  .openapi("NewsletterTestSendResult");
