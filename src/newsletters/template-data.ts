import type { Locale } from "../config.js";
import type { NewsletterRow } from "../db/schema/index.js";
import { addDays, localDate } from "../shared/time.js";
import { formatList } from "../templates/helpers.js";
import { periodLabel } from "./period.js";
import type { BookItem, EventItem, NewsletterSection } from "./schemas.js";

export const sectionsOf = (newsletter: Pick<NewsletterRow, "sections">) =>
  newsletter.sections as NewsletterSection[];

/** The subject and intro in `locale`; English falls back to Indonesian. */
export function textsIn(newsletter: NewsletterRow, locale: Locale) {
  const english = locale === "en";
  return {
    subject: (english && newsletter.subjectEn) || newsletter.subject,
    intro: (english && newsletter.introEn) || newsletter.intro || "",
  };
}

/** What the templates need to say when an event happens, beyond its instants. */
function eventView(item: EventItem, timeZone: string) {
  const startDay = localDate(new Date(item.startsAt), timeZone);
  const end = item.endsAt ? new Date(item.endsAt) : null;
  // An all-day event's end is the midnight after its last day.
  const lastDay = item.allDay && end ? addDays(localDate(end, timeZone), -1) : null;
  return {
    ...item,
    lastDay: lastDay && lastDay > startDay ? lastDay : null,
    sameDay: end !== null && !item.allDay && localDate(end, timeZone) === startDay,
    registrationUrl: item.registration === "required" ? null : item.registration,
    registrationAtDesk: item.registration === "required",
  };
}

/** "Andrea Hirata · 2005 · Bentang Pustaka", leaving out what is not known. */
const bookView = (item: BookItem, locale: Locale) => ({
  ...item,
  byline: [
    item.authors.length > 0 ? formatList(item.authors, locale) : null,
    item.year,
    item.publisher,
  ]
    .filter((part) => part !== null && part !== "")
    .join(" · "),
});

export interface Markers {
  begin(topic: string): string;
  end: string;
}

/**
 * The newsletter templates' data for one language: the texts, and the non-empty sections, each
 * with the markers that let one rendering serve every combination of topics.
 */
export function templateData(
  newsletter: NewsletterRow,
  locale: Locale,
  timeZone: string,
  markers: Markers,
) {
  const { subject, intro } = textsIn(newsletter, locale);
  const period =
    newsletter.periodStart && newsletter.periodEnd
      ? periodLabel({ start: newsletter.periodStart, end: newsletter.periodEnd }, locale)
      : null;
  return {
    issueSubject: subject,
    period,
    intro,
    introParagraphs: intro
      .split(/\n\s*\n/)
      .map((paragraph) => paragraph.trim())
      .filter(Boolean),
    sections: sectionsOf(newsletter)
      .filter((section) => section.items.length > 0)
      .map((section) => ({
        topic: section.topic,
        is: { [section.topic]: true },
        begin: markers.begin(section.topic),
        end: markers.end,
        books:
          section.topic === "new_books" ? section.items.map((item) => bookView(item, locale)) : [],
        events:
          section.topic === "new_books"
            ? []
            : section.items.map((item) => eventView(item, timeZone)),
      })),
  };
}
