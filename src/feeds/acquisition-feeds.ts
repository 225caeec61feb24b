import type { Deps } from "../deps.js";
import { acquisitionSyndication } from "./acquisition-syndication.js";
import { renderSyndication, type SyndicationFormat } from "./formats.js";
import type { Cacheable } from "./http-cache.js";
import { labelsFor } from "./labels.js";
import { acquisitionsFingerprint, readFeedAcquisitions } from "./read-acquisitions.js";
import { renderCacheFor } from "./render-cache.js";
import { libraryToday } from "./window.js";

/** The new-books feed in one format: from the cache while the newest books are unchanged. */
export async function acquisitionFeed(deps: Deps, format: SyndicationFormat): Promise<Cacheable> {
  const { db, config } = deps;
  const today = libraryToday(deps.clock.now(), config.timeZone);
  const fingerprint = () => acquisitionsFingerprint(db);
  // Keyed by day too: an empty feed is dated today.
  return renderCacheFor(deps).get(`acquisitions.${format} ${today.day}`, fingerprint, async () => {
    const books = await readFeedAcquisitions(db);
    const feed = acquisitionSyndication(books, {
      config,
      labels: labelsFor(config.defaultLocale),
      selfUrl: `${config.publicBaseUrl}/feeds/acquisitions.${format}`,
      acquisitionUrl: (id) => `${config.publicBaseUrl}/public/acquisitions/${id}`,
      emptyUpdated: today.start,
    });
    return renderSyndication(feed, format, "_book");
  });
}
