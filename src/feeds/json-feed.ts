import type { Syndication } from "./syndication.js";

/** JSON Feed 1.1 (https://jsonfeed.org/version/1.1); structured fields in an `_` extension. */
export function renderJsonFeed(feed: Syndication, extensionName: `_${string}`): string {
  return JSON.stringify({
    version: "https://jsonfeed.org/version/1.1",
    title: feed.title,
    home_page_url: feed.homeUrl,
    feed_url: feed.selfUrl,
    description: feed.description,
    language: feed.language,
    authors: [{ name: feed.author }],
    items: feed.items.map((item) => ({
      id: `urn:uuid:${item.id}`,
      url: item.url,
      title: item.title,
      content_text: item.text,
      ...(item.summary ? { summary: item.summary } : {}),
      ...(item.image ? { image: item.image.url } : {}),
      date_published: item.published.toISOString(),
      date_modified: item.updated.toISOString(),
      tags: item.categories,
      [extensionName]: item.extension,
    })),
  });
}
