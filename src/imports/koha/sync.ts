import { addDays } from "../../shared/time.js";
import { FeedError } from "../../sources/errors.js";
import type { SourceSyncer } from "../../sources/syncer.js";
import { fromMarc } from "../marc/to-record.js";
import { isDataField, type MarcRecord } from "../marc/types.js";
import type { ReadResult } from "../record.js";
import { SyncWriter } from "../sync-writer.js";
import { type KohaClient, kohaClient, nextLink } from "./client.js";
import { fromMarcInJson } from "./marc-in-json.js";

/** The first sync looks this far back when settings.since does not say (Warta is about new books). */
const FIRST_SYNC_DAYS = 90;
const MAX_PAGES = 10_000;

interface NewTitle {
  acquiredOn: string;
  callNumber: string | null;
}

/**
 * Brings in the titles whose items Koha received since the last sync: GET /api/v1/items filtered
 * by acquisition_date from the watermark (kept in the source's state), paginated with
 * _page/_per_page and the Link header; then their bibliographic records from /api/v1/biblios as
 * MARC-in-JSON, many per request. A title's acquisition date is its earliest new item's.
 *
 * settings: { username?, password? } or { clientId?, clientSecret? }, perPage? (default 100),
 * since? ("YYYY-MM-DD", the first sync's start; default 90 days ago).
 */
export const syncKohaSource: SourceSyncer = async (ctx, source, fetch) => {
  const client = await kohaClient(source, fetch);
  const writer = new SyncWriter(ctx, source);
  const settings = source.settings as Record<string, unknown>;
  const perPage = Math.min(Math.max(Number(settings.perPage) || 100, 1), 1000);
  const watermark =
    dateOr(source.state?.watermark) ??
    dateOr(settings.since) ??
    addDays(writer.today, -FIRST_SYNC_DAYS);

  const titles = await newTitles(client, source.url ?? "", watermark, perPage);
  const ids = [...titles.keys()];
  let number = 0;
  for (let at = 0; at < ids.length; at += perPage) {
    const chunk = ids.slice(at, at + perPage);
    const records = await biblios(client, chunk);
    const results: ReadResult[] = chunk.map((id) => {
      number += 1;
      const marc = records.get(id);
      const title = titles.get(id) as NewTitle;
      if (!marc) {
        return {
          where: { record: number },
          recordId: String(id),
          problem: {
            code: "bad_record",
            reason: `Koha has no bibliographic record ${id} for its new item`,
          },
        };
      }
      const record = fromMarc(marc);
      return {
        where: { record: number },
        record: {
          ...record,
          recordId: String(id),
          acquiredOn: title.acquiredOn,
          callNumber: record.callNumber ?? title.callNumber,
        },
      };
    });
    await writer.write(results);
  }
  const latest = [watermark, ...[...titles.values()].map((t) => t.acquiredOn)].sort().at(-1);
  // Items received later on the watermark's day are fetched again next time (harmless: idempotent).
  return writer.summary({ watermark: latest });
};

async function newTitles(client: KohaClient, base: string, since: string, perPage: number) {
  const titles = new Map<number, NewTitle>();
  const query = new URLSearchParams({
    q: JSON.stringify({ acquisition_date: { ">=": since } }),
    _order_by: "+acquisition_date",
    _page: "1",
    _per_page: String(perPage),
  });
  let path: string | null = `/items?${query}`;
  for (let page = 1; path; page++) {
    if (page > MAX_PAGES)
      throw new FeedError("unusable", "Koha kept sending pages of items: stopping");
    const { response, body } = await client.json(path);
    if (!Array.isArray(body))
      throw new FeedError("unusable", "Koha's /api/v1/items answer is not a list of items");
    for (const item of body as Record<string, unknown>[]) {
      const biblioId = Number(item.biblio_id);
      const acquiredOn = dateOr(item.acquisition_date);
      if (!Number.isInteger(biblioId) || !acquiredOn) continue;
      const known = titles.get(biblioId);
      if (!known || acquiredOn < known.acquiredOn) {
        const callNumber =
          typeof item.callnumber === "string" ? item.callnumber : (known?.callNumber ?? null);
        titles.set(biblioId, { acquiredOn, callNumber });
      }
    }
    const next = nextLink(response);
    if (next) path = sameOrigin(next, base) ? next : null;
    // Without a Link header (a proxy dropped it), a full page means there may be another.
    else if (!response.headers.has("link") && body.length === perPage) {
      query.set("_page", String(page + 1));
      path = `/items?${query}`;
    } else path = null;
  }
  return titles;
}

/** Many records per request; any the list did not return is asked for on its own. */
async function biblios(client: KohaClient, ids: number[]): Promise<Map<number, MarcRecord>> {
  const found = new Map<number, MarcRecord>();
  const query = new URLSearchParams({
    q: JSON.stringify({ biblio_id: { "-in": ids } }),
    _per_page: String(ids.length),
  });
  const { body } = await client.json(`/biblios?${query}`, "application/marc-in-json");
  for (const value of Array.isArray(body) ? body : []) {
    const record = fromMarcInJson(value);
    const id = record ? biblioIdOf(record) : null;
    if (record && id !== null && ids.includes(id)) found.set(id, record);
  }
  for (const id of ids.filter((i) => !found.has(i))) {
    const { body: one } = await client.json(`/biblios/${id}`, "application/marc-in-json");
    const record = fromMarcInJson(one);
    if (record) found.set(id, record);
  }
  return found;
}

/** Koha keeps the biblionumber in 999 $c (MARC 21); some installations also copy it to 001. */
function biblioIdOf(record: MarcRecord): number | null {
  for (const field of record.fields) {
    if (field.tag === "999" && isDataField(field)) {
      const value = field.subfields.find((s) => s.code === "c")?.value;
      if (value && /^\d+$/.test(value)) return Number(value);
    }
  }
  const control = record.fields.find((f) => f.tag === "001");
  return control && !isDataField(control) && /^\d+$/.test(control.value)
    ? Number(control.value)
    : null;
}

const dateOr = (value: unknown) =>
  typeof value === "string" && /^\d{4}-\d{2}-\d{2}/.test(value) ? value.slice(0, 10) : null;

const sameOrigin = (url: string, base: string) => {
  try {
    return new URL(url).origin === new URL(base).origin;
  } catch {
    return false;
  }
};
