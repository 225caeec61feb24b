import type { Config } from "../config.js";
import { eventDetails, eventTitle, eventWhen } from "./event-text.js";
import type { FeedLabels } from "./labels.js";
import type { FeedEvent } from "./read-events.js";
import { feedImage, newest, type Syndication, type SyndicationItem } from "./syndication.js";

export interface EventFeedContext {
  config: Config;
  labels: FeedLabels;
  selfUrl: string;
  eventUrl: (id: string) => string;
  /** The feed's date when it has no items. */
  emptyUpdated: Date;
}

function item(event: FeedEvent, context: EventFeedContext): SyndicationItem {
  const { config, labels } = context;
  const format = { timeZone: config.timeZone, locale: config.defaultLocale };
  const text = [eventWhen(event, format), event.location, eventDetails(event, labels)]
    .filter((part): part is string => Boolean(part))
    .join("\n\n");
  return {
    id: event.id,
    url: context.eventUrl(event.id),
    title: eventTitle(event, labels),
    text,
    summary: event.summary,
    // Announced when created: readers list new events first, the item itself says when it is.
    published: event.createdAt,
    updated: event.updatedAt,
    categories: [event.kind, ...event.tags],
    image: feedImage(event.imageUrl),
    extension: {
      kind: event.kind,
      audience: event.audience,
      status: event.status,
      startsAt: event.startsAt.toISOString(),
      endsAt: event.endsAt?.toISOString() ?? null,
      allDay: event.allDay,
      timeZone: config.timeZone,
      location: event.location,
      registration: event.registrationUrl ?? (event.registrationRequired ? "required" : null),
    },
  };
}

/** Upcoming events in start order (what a website's "coming up" box shows). */
export function eventSyndication(events: FeedEvent[], context: EventFeedContext): Syndication {
  const { config, labels } = context;
  const items = events.map((event) => item(event, context));
  return {
    title: labels.eventsTitle(config.libraryName),
    description: labels.eventsDescription(config.libraryName),
    language: config.defaultLocale,
    author: config.libraryName,
    homeUrl: config.publicBaseUrl,
    selfUrl: context.selfUrl,
    updated: newest(items, context.emptyUpdated),
    items,
  };
}
