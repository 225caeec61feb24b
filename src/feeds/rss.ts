import type { Syndication } from "./syndication.js";
import { element, parent, XML_DECLARATION } from "./xml.js";

/** RSS's description is HTML: the plain text escaped, its line breaks kept. */
const asHtml = (text: string) =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/\r?\n/g, "<br>");

/** RSS 2.0 with atom:link rel="self" and Media RSS images; dates in RFC 822 (GMT). */
export function renderRss(feed: Syndication): string {
  const items = feed.items.map((item) =>
    parent("item", [
      element("title", item.title),
      element("link", item.url),
      element("guid", `urn:uuid:${item.id}`, { isPermaLink: "false" }),
      element("pubDate", item.published.toUTCString()),
      element("description", asHtml(item.text)),
      ...item.categories.map((category) => element("category", category)),
      ...(item.image
        ? [
            // Image sizes are unknown without fetching them; the RSS board says to give 0 then.
            element("enclosure", undefined, {
              url: item.image.url,
              length: "0",
              type: item.image.type,
            }),
            element("media:content", undefined, {
              url: item.image.url,
              type: item.image.type,
              medium: "image",
            }),
          ]
        : []),
    ]),
  );
  const channel = parent("channel", [
    element("title", feed.title),
    element("link", feed.homeUrl),
    element("description", feed.description),
    element("language", feed.language),
    element("lastBuildDate", feed.updated.toUTCString()),
    element("generator", "Warta"),
    element("atom:link", undefined, {
      href: feed.selfUrl,
      rel: "self",
      type: "application/rss+xml",
    }),
    ...items,
  ]);
  return `${XML_DECLARATION}${parent("rss", [channel], {
    version: "2.0",
    "xmlns:atom": "http://www.w3.org/2005/Atom",
    "xmlns:media": "http://search.yahoo.com/mrss/",
  })}\n`;
}
