import { addDays, localDate } from "../shared/time.js";
import {
  type FormatContext,
  formatDate,
  formatDateTime,
  formatTime,
} from "../templates/helpers.js";
import type { FeedLabels } from "./labels.js";
import type { FeedEvent } from "./read-events.js";

/** The summary, the description and how to register, as paragraphs; null when there are none. */
export function eventDetails(event: FeedEvent, labels: FeedLabels): string | null {
  const registration = event.registrationUrl
    ? `${labels.registerAt} ${event.registrationUrl}`
    : event.registrationRequired
      ? labels.registrationRequired
      : null;
  const paragraphs = [event.summary, event.description, registration].filter(
    (text): text is string => Boolean(text?.trim()),
  );
  return paragraphs.length > 0 ? paragraphs.join("\n\n") : null;
}

/** "Sabtu, 6 Desember 2026 pukul 09.00 WITA – 11.00 WITA", in the library's zone and language. */
export function eventWhen(event: FeedEvent, format: FormatContext): string {
  const { startsAt, endsAt } = event;
  if (event.allDay) {
    const first = localDate(startsAt, format.timeZone);
    const last = endsAt ? addDays(localDate(endsAt, format.timeZone), -1) : first;
    const day = (date: string) => formatDate(date, format);
    return last > first ? `${day(first)} – ${day(last)}` : day(first);
  }
  const start = formatDateTime(startsAt, format);
  if (!endsAt) return start;
  const sameDay = localDate(startsAt, format.timeZone) === localDate(endsAt, format.timeZone);
  return `${start} – ${sameDay ? formatTime(endsAt, format) : formatDateTime(endsAt, format)}`;
}

/** The title as a reader should see it: a cancelled or postponed event says so first. */
export function eventTitle(event: FeedEvent, labels: FeedLabels): string {
  if (event.status === "cancelled") return `${labels.cancelled}: ${event.title}`;
  if (event.status === "postponed") return `${labels.postponed}: ${event.title}`;
  return event.title;
}
