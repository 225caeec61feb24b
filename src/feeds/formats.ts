import { renderAtom } from "./atom.js";
import { renderJsonFeed } from "./json-feed.js";
import { renderRss } from "./rss.js";
import type { Syndication } from "./syndication.js";

export const syndicationFormats = ["rss", "atom", "json"] as const;
export type SyndicationFormat = (typeof syndicationFormats)[number];
export type EventFeedFormat = "ics" | SyndicationFormat;

export const contentTypes: Record<EventFeedFormat, string> = {
  ics: "text/calendar; charset=utf-8",
  rss: "application/rss+xml; charset=utf-8",
  atom: "application/atom+xml; charset=utf-8",
  json: "application/feed+json; charset=utf-8",
};

export function renderSyndication(
  feed: Syndication,
  format: SyndicationFormat,
  jsonExtension: `_${string}`,
): string {
  if (format === "rss") return renderRss(feed);
  if (format === "atom") return renderAtom(feed);
  return renderJsonFeed(feed, jsonExtension);
}
