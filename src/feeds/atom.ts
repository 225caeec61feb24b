import type { Syndication } from "./syndication.js";
import { element, parent, XML_DECLARATION } from "./xml.js";

/** Atom (RFC 4287): ids as urn:uuid, dates in RFC 3339, images as rel="enclosure" links. */
export function renderAtom(feed: Syndication): string {
  const entries = feed.items.map((item) =>
    parent("entry", [
      element("id", `urn:uuid:${item.id}`),
      element("title", item.title),
      element("updated", item.updated.toISOString()),
      element("published", item.published.toISOString()),
      element("link", undefined, { rel: "alternate", type: "application/json", href: item.url }),
      ...(item.image
        ? [
            element("link", undefined, {
              rel: "enclosure",
              type: item.image.type,
              href: item.image.url,
            }),
          ]
        : []),
      ...item.categories.map((category) => element("category", undefined, { term: category })),
      ...(item.summary ? [element("summary", item.summary, { type: "text" })] : []),
      element("content", item.text, { type: "text" }),
    ]),
  );
  return `${XML_DECLARATION}${parent(
    "feed",
    [
      element("id", feed.selfUrl),
      element("title", feed.title),
      element("subtitle", feed.description),
      element("updated", feed.updated.toISOString()),
      parent("author", [element("name", feed.author)]),
      element("link", undefined, { rel: "self", type: "application/atom+xml", href: feed.selfUrl }),
      element("link", undefined, { rel: "alternate", href: feed.homeUrl }),
      element("generator", "Warta"),
      ...entries,
    ],
    { xmlns: "http://www.w3.org/2005/Atom", "xml:lang": feed.language },
  )}\n`;
}
