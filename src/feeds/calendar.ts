import type { Config } from "../config.js";
import { addDays, localDate, wallTimeOf } from "../shared/time.js";
import { eventDetails } from "./event-text.js";
import { contentLine, dateValue, escapeText, localDateTime, utcDateTime } from "./ical-text.js";
import type { FeedLabels } from "./labels.js";
import type { FeedEvent } from "./read-events.js";
import { vtimezone } from "./vtimezone.js";
import { type FeedWindow, LONGEST_EVENT_DAYS } from "./window.js";

const statusOf: Record<string, string> = {
  cancelled: "CANCELLED",
  // A postponed event's old date is not a promise: calendars show it as tentative.
  postponed: "TENTATIVE",
  scheduled: "CONFIRMED",
};

export interface CalendarContext {
  config: Config;
  labels: FeedLabels;
  window: FeedWindow;
  eventUrl: (id: string) => string;
}

/**
 * Where the event is on the calendar: a timed event in the library's zone (TZID, resolved by the
 * VTIMEZONE), or whole days (VALUE=DATE, DTEND exclusive). No end stays no end.
 */
function when(event: FeedEvent, timeZone: string): string {
  if (event.allDay) {
    const first = localDate(event.startsAt, timeZone);
    const after = event.endsAt ? localDate(event.endsAt, timeZone) : first;
    const end = after > first ? after : addDays(first, 1);
    return (
      contentLine("DTSTART", dateValue(first), { VALUE: "DATE" }) +
      contentLine("DTEND", dateValue(end), { VALUE: "DATE" })
    );
  }
  const zoned = (at: Date) => localDateTime(wallTimeOf(at, timeZone));
  return (
    contentLine("DTSTART", zoned(event.startsAt), { TZID: timeZone }) +
    (event.endsAt ? contentLine("DTEND", zoned(event.endsAt), { TZID: timeZone }) : "")
  );
}

function vevent(event: FeedEvent, context: CalendarContext, host: string): string {
  const { config } = context;
  const details = eventDetails(event, context.labels);
  const optional = (name: string, value: string | null) =>
    value ? contentLine(name, escapeText(value)) : "";
  return (
    contentLine("BEGIN", "VEVENT") +
    contentLine("UID", `${event.id}@${host}`) +
    // The last change, not the time of this response: the feed's bytes (and ETag) stay the same
    // until an event changes, on every server.
    contentLine("DTSTAMP", utcDateTime(event.updatedAt)) +
    contentLine("CREATED", utcDateTime(event.createdAt)) +
    contentLine("LAST-MODIFIED", utcDateTime(event.updatedAt)) +
    contentLine("SEQUENCE", String(event.version)) +
    when(event, config.timeZone) +
    contentLine("SUMMARY", escapeText(event.title)) +
    optional("DESCRIPTION", details) +
    optional("LOCATION", event.location) +
    contentLine("URL", context.eventUrl(event.id), { VALUE: "URI" }) +
    contentLine("CATEGORIES", escapeText(event.kind)) +
    (event.imageUrl ? contentLine("IMAGE", event.imageUrl, { VALUE: "URI" }) : "") +
    contentLine("STATUS", statusOf[event.status] ?? "CONFIRMED") +
    contentLine("END", "VEVENT")
  );
}

/** The whole VCALENDAR, CRLF line endings, lines folded at 75 octets. */
export function renderCalendar(events: FeedEvent[], context: CalendarContext): string {
  const { config, labels, window } = context;
  const host = new URL(config.publicBaseUrl).hostname;
  // The zone's rules for every year an event in the window can touch.
  const fromYear = new Date(
    window.from.getTime() - LONGEST_EVENT_DAYS * 86_400_000,
  ).getUTCFullYear();
  const toYear = window.to.getUTCFullYear() + 1;
  return (
    contentLine("BEGIN", "VCALENDAR") +
    contentLine("VERSION", "2.0") +
    contentLine(
      "PRODID",
      `-//Warta//${escapeText(config.libraryName)}//${config.defaultLocale.toUpperCase()}`,
    ) +
    contentLine("CALSCALE", "GREGORIAN") +
    contentLine("METHOD", "PUBLISH") +
    contentLine("X-WR-CALNAME", escapeText(labels.eventsTitle(config.libraryName))) +
    contentLine("X-WR-CALDESC", escapeText(labels.eventsDescription(config.libraryName))) +
    contentLine("X-WR-TIMEZONE", config.timeZone) +
    // How often subscribers should look again (RFC 7986, and the older Apple/Outlook name).
    contentLine("REFRESH-INTERVAL", "PT1H", { VALUE: "DURATION" }) +
    contentLine("X-PUBLISHED-TTL", "PT1H") +
    vtimezone(config.timeZone, fromYear, toYear) +
    events.map((event) => vevent(event, context, host)).join("") +
    contentLine("END", "VCALENDAR")
  );
}
