/** What RSS, Atom and JSON Feed share: one model, written out by rss.ts, atom.ts and json-feed.ts. */

export interface FeedImage {
  url: string;
  type: string;
}

export interface SyndicationItem {
  /** The record's id; written as urn:uuid:… where the format wants a URI. */
  id: string;
  url: string;
  title: string;
  /** Plain text; line breaks are kept (as <br> in RSS's HTML description). */
  text: string;
  summary: string | null;
  published: Date;
  updated: Date;
  categories: string[];
  image: FeedImage | null;
  /** Structured fields for JSON Feed readers (an extension object, e.g. `_event`). */
  extension: Record<string, unknown>;
}

export interface Syndication {
  title: string;
  description: string;
  language: string;
  author: string;
  homeUrl: string;
  /** Where this very document is served, filters included. */
  selfUrl: string;
  /** The newest change among the items (or the start of today when there are none). */
  updated: Date;
  items: SyndicationItem[];
}

const imageTypes: Record<string, string> = {
  png: "image/png",
  gif: "image/gif",
  webp: "image/webp",
  avif: "image/avif",
  svg: "image/svg+xml",
};

/** A cover or poster URL with its media type guessed from the extension (JPEG when unsure). */
export function feedImage(url: string | null): FeedImage | null {
  if (!url) return null;
  const extension = /\.([a-z0-9]+)(?:$|[?#])/i.exec(url)?.[1]?.toLowerCase();
  return { url, type: (extension && imageTypes[extension]) || "image/jpeg" };
}

/** The newest change among the items, or `fallback` when there are none. */
export function newest(items: { updated: Date }[], fallback: Date): Date {
  const times = items.map((item) => item.updated.getTime());
  return times.length > 0 ? new Date(Math.max(...times)) : fallback;
}
