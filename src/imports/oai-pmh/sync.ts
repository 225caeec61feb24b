import { FeedError } from "../../sources/errors.js";
import type { SafeFetch, SourceSyncer } from "../../sources/syncer.js";
import { type ReadResult, UnreadableInput } from "../record.js";
import { SyncWriter } from "../sync-writer.js";
import { type OaiPage, parseOaiPage } from "./parse.js";
import { fromOaiDc } from "./to-record.js";

/** A repository that keeps answering is broken, not large: 100,000 pages is far past any catalogue. */
const MAX_PAGES = 100_000;

/**
 * Harvests a SLiMS (or any OAI-PMH) repository's oai_dc records into acquisitions:
 * ListRecords from the previous harvest's responseDate (kept in the source's state), following
 * resumption tokens. Deleted records are skipped: a book leaving the catalogue does not remove
 * the acquisition Warta announced. An OAI error other than noRecordsMatch fails the sync.
 *
 * settings: { metadataPrefix?: "oai_dc", from?: "YYYY-MM-DD", until?: "YYYY-MM-DD", set?: string }
 * (from applies to the first harvest only; later harvests start where the last one began).
 */
export const syncOaiPmhSource: SourceSyncer = async (ctx, source, fetch) => {
  if (!source.url)
    throw new FeedError("unusable", "An OAI-PMH source needs the repository's URL (…/oai.php)");
  const settings = source.settings as Record<string, unknown>;
  const from = stringOr(source.state?.from) ?? stringOr(settings.from);
  const first = new URL(source.url);
  first.searchParams.set("verb", "ListRecords");
  first.searchParams.set("metadataPrefix", stringOr(settings.metadataPrefix) ?? "oai_dc");
  if (from) first.searchParams.set("from", from);
  const until = stringOr(settings.until);
  if (until) first.searchParams.set("until", until);
  const set = stringOr(settings.set);
  if (set) first.searchParams.set("set", set);

  const writer = new SyncWriter(ctx, source);
  let page = await fetchPage(fetch, first.toString());
  // Day-granularity repositories refuse a from with a time: ask again with the day.
  if (from && from.length > 10 && page.errors.some((e) => e.code === "badArgument")) {
    first.searchParams.set("from", from.slice(0, 10));
    page = await fetchPage(fetch, first.toString());
  }
  // The next harvest starts from when this one began, so nothing changed meanwhile is missed.
  const harvestStart = page.responseDate;
  const tokens = new Set<string>();
  let number = 0;
  for (let pages = 1; ; pages++) {
    const failure = page.errors.find((e) => e.code !== "noRecordsMatch");
    if (failure) {
      throw new FeedError(
        "unusable",
        `The repository answered OAI-PMH error ${failure.code}: ${failure.message}`,
      );
    }
    const results: ReadResult[] = [];
    for (const record of page.records) {
      number += 1;
      if (!record.deleted) results.push({ where: { record: number }, record: fromOaiDc(record) });
    }
    await writer.write(results);
    if (!page.token) break;
    if (tokens.has(page.token) || pages >= MAX_PAGES) {
      throw new FeedError(
        "unusable",
        `The repository sent resumption token "${page.token}" again: stopping rather than looping`,
      );
    }
    tokens.add(page.token);
    const next = new URL(source.url);
    next.search = `verb=ListRecords&resumptionToken=${encodeToken(page.token)}`;
    page = await fetchPage(fetch, next.toString());
  }
  return writer.summary(harvestStart ? { from: harvestStart } : (source.state ?? {}));
};

async function fetchPage(fetch: SafeFetch, url: string): Promise<OaiPage> {
  const response = await fetch(url, { headers: { accept: "text/xml, application/xml" } });
  if (!response.ok) {
    const kind = response.status >= 500 ? "unreachable" : "unusable";
    throw new FeedError(kind, `The repository answered HTTP ${response.status} for ${url}`);
  }
  try {
    return parseOaiPage(await response.text());
  } catch (err) {
    if (err instanceof UnreadableInput)
      throw new FeedError("unusable", `The repository's answer is unusable: ${err.message}`);
    throw err;
  }
}

/**
 * Resumption tokens are opaque and must be URL-encoded, except that SLiMS sends its token already
 * percent-encoded ("offset%3D50%26metadataPrefix%3Doai_dc") and reads it decoded only once: an
 * existing %XX escape is passed through, everything else unsafe is encoded.
 */
function encodeToken(token: string): string {
  return token.replace(/%(?![0-9A-Fa-f]{2})|[^A-Za-z0-9\-._~%]/g, (ch) => encodeURIComponent(ch));
}

const stringOr = (value: unknown) =>
  typeof value === "string" && value.trim() ? value.trim() : null;
