import type { Deps } from "../deps.js";
import { renderCalendar } from "./calendar.js";
import { eventSyndication } from "./event-syndication.js";
import { type EventFeedFormat, renderSyndication } from "./formats.js";
import type { Cacheable } from "./http-cache.js";
import { labelsFor } from "./labels.js";
import { eventsFingerprint, readFeedEvents } from "./read-events.js";
import { renderCacheFor } from "./render-cache.js";
import { type EventFeedFilter, filterQueryString } from "./schemas.js";
import { calendarWindow, upcomingWindow } from "./window.js";

/** A guard, far above what 90 days of a library's calendar holds. */
const MAX_CALENDAR_EVENTS = 5_000;
/** Feed readers show the next hundred events; the calendar feed has them all. */
export const SYNDICATION_EVENTS = 100;

/** The events feed in one format: from the cache while no event in it has changed. */
export async function eventFeed(
  deps: Deps,
  format: EventFeedFormat,
  filter: EventFeedFilter,
): Promise<Cacheable> {
  const { db, config } = deps;
  const now = deps.clock.now();
  const window =
    format === "ics" ? calendarWindow(now, config.timeZone) : upcomingWindow(now, config.timeZone);
  const query = filterQueryString(filter);
  const key = `events.${format}${query} ${window.key}`;
  const fingerprint = () => eventsFingerprint(db, window, filter);
  return renderCacheFor(deps).get(key, fingerprint, async () => {
    const labels = labelsFor(config.defaultLocale);
    const eventUrl = (id: string) => `${config.publicBaseUrl}/public/events/${id}`;
    if (format === "ics") {
      const events = await readFeedEvents(db, window, filter, MAX_CALENDAR_EVENTS);
      return renderCalendar(events, { config, labels, window, eventUrl });
    }
    const events = await readFeedEvents(db, window, filter, SYNDICATION_EVENTS);
    const feed = eventSyndication(events, {
      config,
      labels,
      eventUrl,
      selfUrl: `${config.publicBaseUrl}/feeds/events.${format}${query}`,
      emptyUpdated: window.from,
    });
    return renderSyndication(feed, format, "_event");
  });
}
