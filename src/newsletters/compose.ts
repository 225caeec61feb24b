import { and, asc, desc, eq, gte, lt, lte, sql } from "drizzle-orm";
import { acquisitions, type EventRow, events } from "../db/schema/index.js";
import type { Ctx } from "../shared/context.js";
import { timestamptz } from "../shared/sql.js";
import { truncate } from "../templates/helpers.js";
import { bookDays, type Period, periodInstants } from "./period.js";
import type { BookItem, EventItem, NewsletterSection, Topic } from "./schemas.js";

/** Enough for a month of a busy library; more would be too long to read in one email. */
const MAX_EVENTS = 100;
const MAX_BOOKS = 30;
const SUMMARY_CHARS = 400;

/**
 * Every event has one home, so nobody who chose several topics reads it twice: anything for
 * children or families goes to `children`, other literacy sessions to `literacy_sessions`, the
 * rest to `events`.
 */
export function topicOfEvent(event: Pick<EventRow, "kind" | "audience">): Topic {
  if (event.audience === "children" || event.audience === "families") return "children";
  if (event.kind === "literacy_session") return "literacy_sessions";
  return "events";
}

const summaryOf = (summary: string | null, description: string | null) => {
  const text = summary ?? description;
  return text ? truncate(text, SUMMARY_CHARS) : null;
};

function eventItem(event: EventRow): EventItem {
  return {
    type: "event",
    eventId: event.id,
    title: truncate(event.title, 200),
    summary: summaryOf(event.summary, event.description),
    startsAt: event.startsAt.toISOString(),
    endsAt: event.endsAt?.toISOString() ?? null,
    allDay: event.allDay,
    location: event.location,
    registration: event.registrationUrl ?? (event.registrationRequired ? "required" : null),
    facilitator: event.facilitator,
  };
}

/**
 * The sections of an issue for `period`, read from the content store: scheduled events that take
 * place in it (an exhibition that began earlier and still runs counts), and the new books.
 * Empty sections are left out.
 */
export async function composeSections(ctx: Ctx, period: Period): Promise<NewsletterSection[]> {
  const { from, to } = periodInstants(period, ctx.config.timeZone);
  const books = bookDays(period);
  const [eventRows, bookRows] = await Promise.all([
    ctx.db
      .select()
      .from(events)
      .where(
        and(
          eq(events.status, "scheduled"),
          lt(events.startsAt, to),
          // A raw expression has no column type: postgres.js needs the instant as text.
          gte(sql`coalesce(${events.endsAt}, ${events.startsAt})`, timestamptz(from)),
        ),
      )
      .orderBy(asc(events.startsAt), asc(events.id))
      .limit(MAX_EVENTS * 3),
    ctx.db
      .select()
      .from(acquisitions)
      .where(
        and(gte(acquisitions.acquiredOn, books.start), lte(acquisitions.acquiredOn, books.end)),
      )
      .orderBy(desc(acquisitions.featured), desc(acquisitions.acquiredOn), asc(acquisitions.title))
      .limit(MAX_BOOKS),
  ]);

  const byTopic = new Map<Topic, EventItem[]>();
  for (const event of eventRows) {
    const topic = topicOfEvent(event);
    const items = byTopic.get(topic) ?? [];
    if (items.length < MAX_EVENTS) items.push(eventItem(event));
    byTopic.set(topic, items);
  }
  const sections: NewsletterSection[] = [];
  for (const topic of ["events", "literacy_sessions", "children"] as const) {
    const items = byTopic.get(topic);
    if (items?.length) sections.push({ topic, items });
  }
  if (bookRows.length > 0) {
    sections.push({
      topic: "new_books",
      items: bookRows.map(
        (book): BookItem => ({
          type: "book",
          acquisitionId: book.id,
          title: truncate(book.title, 500),
          authors: book.authors.slice(0, 20),
          year: book.year,
          publisher: book.publisher,
          summary: book.summary ? truncate(book.summary, SUMMARY_CHARS) : null,
          coverUrl: book.coverUrl,
          callNumber: book.callNumber,
        }),
      ),
    });
  }
  return sections;
}
