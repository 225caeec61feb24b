import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { HORIZON_DAYS } from "../automation/planner.js";
import type { AppEnv } from "../http/env.js";
import { validationHook } from "../http/errors.js";
import { ErrorSchema } from "../http/openapi.js";
import { acquisitionFeed } from "./acquisition-feeds.js";
import { anyOrigin } from "./cross-origin.js";
import { eventFeed, SYNDICATION_EVENTS } from "./event-feeds.js";
import { contentTypes, type EventFeedFormat, syndicationFormats } from "./formats.js";
import { answerCacheable } from "./http-cache.js";
import { ACQUISITION_FEED_SIZE } from "./read-acquisitions.js";
import { AcquisitionFeedQuery, EventFeedQuery, eventFilterOf } from "./schemas.js";
import { PAST_DAYS } from "./window.js";

/** Calendar apps and feed readers poll; five minutes is fresh enough and spares the server. */
const MAX_AGE_SECONDS = 300;

const tags = ["Feeds"];

const responses = (format: EventFeedFormat) => ({
  200: {
    description: "The feed; ETag and Cache-Control set, gzipped when the client accepts it",
    content: { [contentTypes[format].split(";")[0] as string]: { schema: z.string() } },
  },
  304: { description: "Unchanged since the ETag sent in If-None-Match" },
  400: {
    description: "An unknown filter value or query parameter",
    content: { "application/json": { schema: ErrorSchema } },
  },
});

const formatNames: Record<EventFeedFormat, string> = {
  ics: "an iCalendar feed (subscribe in Google Calendar or a phone's calendar)",
  rss: "RSS 2.0",
  atom: "Atom",
  json: "JSON Feed 1.1",
};

const eventsDescription = `No sign-in. The calendar holds events from ${PAST_DAYS} days ago to the end of the planning horizon (${HORIZON_DAYS} days ahead), cancelled ones marked STATUS:CANCELLED so calendars drop them; the other formats hold the next ${SYNDICATION_EVENTS} still on today or later. Filter by kind and audience (comma-separated or repeated).`;

const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
// Websites may read the feeds from a browser on another origin.
app.use("/feeds/*", anyOrigin);

for (const format of ["ics", ...syndicationFormats] as const) {
  app.openapi(
    createRoute({
      method: "get",
      path: `/feeds/events.${format}`,
      tags,
      summary: `Events as ${formatNames[format]}`,
      description: eventsDescription,
      request: { query: EventFeedQuery },
      responses: responses(format),
    }),
    async (c) => {
      const filter = eventFilterOf(c.req.valid("query"));
      const feed = await eventFeed(c.get("deps"), format, filter);
      return answerCacheable(c, feed, contentTypes[format], MAX_AGE_SECONDS) as never;
    },
  );
}

for (const format of syndicationFormats) {
  app.openapi(
    createRoute({
      method: "get",
      path: `/feeds/acquisitions.${format}`,
      tags,
      summary: `The ${ACQUISITION_FEED_SIZE} newest books as ${formatNames[format]}, with covers`,
      description: "No sign-in.",
      request: { query: AcquisitionFeedQuery },
      responses: responses(format),
    }),
    async (c) => {
      const feed = await acquisitionFeed(c.get("deps"), format);
      return answerCacheable(c, feed, contentTypes[format], MAX_AGE_SECONDS) as never;
    },
  );
}

/** /feeds/events.{ics,rss,atom,json} and /feeds/acquisitions.{rss,atom,json}: public, cached. */
export const feedRoutes = app;
