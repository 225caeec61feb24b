import type { Config } from "../config.js";
import { zonedInstant } from "../shared/time.js";
import type { FeedLabels } from "./labels.js";
import type { FeedAcquisition } from "./read-acquisitions.js";
import { feedImage, newest, type Syndication, type SyndicationItem } from "./syndication.js";

export interface AcquisitionFeedContext {
  config: Config;
  labels: FeedLabels;
  selfUrl: string;
  acquisitionUrl: (id: string) => string;
  emptyUpdated: Date;
}

/** Authors, imprint, summary, subjects and where to find it on the shelf. */
function describe(book: FeedAcquisition, labels: FeedLabels): string {
  const imprint = [book.publisher, book.year].filter((part) => part !== null).join(", ");
  return [
    book.authors.join(", "),
    imprint,
    book.summary,
    book.subjects.length > 0 ? `${labels.subjects}: ${book.subjects.join(", ")}` : null,
    book.callNumber ? `${labels.callNumber}: ${book.callNumber}` : null,
    book.isbn ? `ISBN ${book.isbn}` : null,
  ]
    .filter((part): part is string => Boolean(part))
    .join("\n\n");
}

function item(book: FeedAcquisition, context: AcquisitionFeedContext): SyndicationItem {
  return {
    id: book.id,
    url: context.acquisitionUrl(book.id),
    title: book.title,
    text: describe(book, context.labels),
    summary: book.summary,
    // On the shelf from the morning of the day it was acquired, where the library is.
    published: zonedInstant(book.acquiredOn, "00:00", context.config.timeZone),
    updated: book.updatedAt,
    categories: book.subjects,
    image: feedImage(book.coverUrl),
    extension: {
      isbn: book.isbn,
      authors: book.authors,
      publisher: book.publisher,
      year: book.year,
      language: book.language,
      callNumber: book.callNumber,
      acquiredOn: book.acquiredOn,
      featured: book.featured,
    },
  };
}

/** The newest arrivals, newest first. */
export function acquisitionSyndication(
  books: FeedAcquisition[],
  context: AcquisitionFeedContext,
): Syndication {
  const { config, labels } = context;
  const items = books.map((book) => item(book, context));
  return {
    title: labels.acquisitionsTitle(config.libraryName),
    description: labels.acquisitionsDescription(config.libraryName),
    language: config.defaultLocale,
    author: config.libraryName,
    homeUrl: config.publicBaseUrl,
    selfUrl: context.selfUrl,
    updated: newest(items, context.emptyUpdated),
    items,
  };
}
