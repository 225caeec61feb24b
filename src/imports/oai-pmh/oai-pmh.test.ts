import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type HttpDouble, startHttpDouble } from "../../../test/fixtures/imports/http-double.js";
import { type SlimsBiblio, slimsListRecords } from "../../../test/fixtures/imports/slims-oai.js";
import { createTestApp, expectJson, type TestApp } from "../../../test/support/app.js";
import { sources } from "../../db/schema/index.js";
import { FeedError } from "../../sources/errors.js";
import { createSafeFetch } from "../../sources/fetch.js";
import type { SourceRow } from "../../sources/syncer.js";
import { syncOaiPmhSource } from "./sync.js";

const fetch = createSafeFetch({ userAgent: "Warta test" });

const catalogue: SlimsBiblio[] = [
  {
    id: 1,
    title: "Laskar Pelangi",
    authors: ["Hirata, Andrea"],
    publisher: "Bentang Pustaka",
    year: "2005",
    language: "Indonesia",
    topics: ["Fiksi Indonesia", "Novel"],
    classification: "899.221 3",
    isbn: "978-979-9655-31-8",
    callNumber: "899.221 3 HIR l",
    image: "laskar_pelangi.jpg",
  },
  {
    id: 2,
    title: "Café di Manado",
    authors: ["Wenas, Maria"],
    publisher: "Komunitas Sastra",
    year: "c2019",
    language: "Indonesia",
    topics: ["Cerpen"],
    classification: "899.221 3",
    isbn: "",
    callNumber: "899.221 3 WEN c",
  },
  {
    id: 3,
    title: "Sejarah Minahasa",
    authors: ["Rondonuwu, Johan"],
    publisher: "Pustaka Kawanua",
    year: "2021",
    language: "English",
    topics: ["Sejarah", "Sulawesi Utara"],
    classification: "959.84",
    isbn: "9786024810269",
    callNumber: "959.84 RON s",
  },
];

async function oaiSource(t: TestApp, url: string, state: Record<string, unknown> | null = null) {
  const [row] = await t.ctx.db
    .insert(sources)
    .values({ kind: "oai_pmh", name: `SLiMS ${url}`, url, state })
    .returning();
  return row as SourceRow;
}

async function acquisitions(t: TestApp) {
  const page = await expectJson(t.request("GET", "/api/acquisitions?limit=200"), 200);
  return page.items as Record<string, unknown>[];
}

describe("syncOaiPmhSource against a SLiMS oai.php", () => {
  let t: TestApp;
  let slims: HttpDouble;
  beforeAll(async () => {
    t = await createTestApp();
    slims = await startHttpDouble(({ url }) => ({
      headers: { "content-type": "text/xml" },
      body: slimsListRecords(url, catalogue),
    }));
  });
  afterAll(() => slims.close());

  it("harvests every page through SLiMS's pre-encoded resumption tokens and maps Dublin Core", async () => {
    const source = await oaiSource(t, `${slims.base}/oai.php`);
    const summary = await syncOaiPmhSource(t.ctx, source, fetch);
    expect(summary).toMatchObject({
      created: 3,
      updated: 0,
      unchanged: 0,
      cancelled: 0,
      rejected: [],
    });
    expect(summary.state).toEqual({ from: "2026-12-01T16:00:00Z" });
    expect(slims.requests.map((r) => r.url.search)).toEqual([
      "?verb=ListRecords&metadataPrefix=oai_dc",
      "?verb=ListRecords&resumptionToken=offset%3D2%26metadataPrefix%3Doai_dc",
    ]);

    const items = await acquisitions(t);
    const laskar = items.find((i) => i.title === "Laskar Pelangi");
    expect(laskar).toMatchObject({
      isbn: "9789799655318",
      authors: ["Hirata, Andrea"],
      publisher: "Bentang Pustaka",
      year: 2005,
      language: "id",
      subjects: ["Fiksi Indonesia", "Novel"],
      callNumber: "899.221 3 HIR l",
      coverUrl: `http://127.0.0.1:80/images/docs/laskar_pelangi.jpg`,
      source: { id: source.id, recordId: "oai:slims.manadokota.go.id:1" },
    });
    // SLiMS's utf8_encode is undone: é, not Ã©.
    expect(items.find((i) => i.isbn === null)).toMatchObject({
      title: "Café di Manado",
      year: 2019,
      callNumber: "899.221 3 WEN c",
      coverUrl: null,
    });
    expect(items.find((i) => i.title === "Sejarah Minahasa")).toMatchObject({
      language: "en",
      coverUrl: "https://covers.openlibrary.org/b/isbn/9786024810269-L.jpg",
    });
  });

  it("sends the last harvest's responseDate as from; SLiMS ignores it and nothing is duplicated", async () => {
    const source = await oaiSource(t, `${slims.base}/oai.php`, { from: "2026-12-01T16:00:00Z" });
    slims.requests.length = 0;
    const summary = await syncOaiPmhSource(t.ctx, source, fetch);
    expect(slims.requests[0]?.url.searchParams.get("from")).toBe("2026-12-01T16:00:00Z");
    // Another source row for the same repository: matched by ISBN or linked, never duplicated.
    expect(summary.created).toBe(1); // the one without an ISBN is this source's own record
    expect(await acquisitions(t)).toHaveLength(4);
  });
});

describe("syncOaiPmhSource against a standard OAI-PMH repository", () => {
  let t: TestApp;
  let repo: HttpDouble;
  let mode: "records" | "badToken" = "records";
  const envelope = (inner: string, request = "") =>
    `<?xml version="1.0" encoding="UTF-8"?><OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><responseDate>2026-12-02T01:00:00Z</responseDate><request verb="ListRecords"${request}>http://repo.test/oai</request>${inner}</OAI-PMH>`;
  const record = (id: string, title: string, extra = "") =>
    `<record><header><identifier>${id}</identifier><datestamp>2026-11-30</datestamp></header><metadata><oai_dc:dc xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>${title}</dc:title><dc:creator>Lumi, Ricky</dc:creator><dc:date>2024-03-01</dc:date><dc:language>ind</dc:language>${extra}</oai_dc:dc></metadata></record>`;

  beforeAll(async () => {
    t = await createTestApp();
    repo = await startHttpDouble(({ url }) => {
      const token = url.searchParams.get("resumptionToken");
      if (url.searchParams.get("from") === "2026-12-02T01:00:00Z") {
        return { body: envelope('<error code="noRecordsMatch">No records match</error>') };
      }
      if (!token) {
        return {
          body: envelope(
            `<ListRecords>${record("oai:repo:1", "Kamus Bahasa Tombulu", "<dc:identifier>ISBN 978-602-481-026-9</dc:identifier>")}<record><header status="deleted"><identifier>oai:repo:2</identifier><datestamp>2026-11-29</datestamp></header></record><resumptionToken cursor="0" completeListSize="3">a/b+c=1</resumptionToken></ListRecords>`,
          ),
        };
      }
      if (mode === "badToken" || token !== "a/b+c=1") {
        return { body: envelope('<error code="badResumptionToken">The token has expired</error>') };
      }
      return {
        body: envelope(
          `<ListRecords>${record("oai:repo:3", "Tarian Maengket")}<resumptionToken completeListSize="3" cursor="2"/></ListRecords>`,
        ),
      };
    });
  });
  afterAll(() => repo.close());

  it("skips deleted records, encodes opaque tokens, and stops at an empty token", async () => {
    const source = await oaiSource(t, `${repo.base}/oai`);
    const summary = await syncOaiPmhSource(t.ctx, source, fetch);
    expect(summary).toMatchObject({
      created: 2,
      rejected: [],
      state: { from: "2026-12-02T01:00:00Z" },
    });
    expect(repo.requests[1]?.url.search).toBe("?verb=ListRecords&resumptionToken=a%2Fb%2Bc%3D1");
    const items = await acquisitions(t);
    expect(items.map((i) => i.title).sort()).toEqual(["Kamus Bahasa Tombulu", "Tarian Maengket"]);
    expect(items.find((i) => i.title === "Kamus Bahasa Tombulu")).toMatchObject({
      isbn: "9786024810269",
      language: "id",
      year: 2024,
    });
  });

  it("treats noRecordsMatch as an empty harvest", async () => {
    const source = await oaiSource(t, `${repo.base}/oai`, { from: "2026-12-02T01:00:00Z" });
    const summary = await syncOaiPmhSource(t.ctx, source, fetch);
    expect(summary).toMatchObject({ created: 0, updated: 0, unchanged: 0, rejected: [] });
  });

  it("fails on badResumptionToken with the repository's message", async () => {
    mode = "badToken";
    const source = await oaiSource(t, `${repo.base}/oai`);
    const failure = syncOaiPmhSource(t.ctx, source, fetch);
    await expect(failure).rejects.toThrow(FeedError);
    await expect(syncOaiPmhSource(t.ctx, source, fetch)).rejects.toThrow(
      "The repository answered OAI-PMH error badResumptionToken: The token has expired",
    );
  });

  it("refuses an answer with a DOCTYPE and an answer that is not OAI-PMH", async () => {
    const hostile = await startHttpDouble(({ url }) => ({
      body:
        url.pathname === "/bomb"
          ? '<?xml version="1.0"?><!DOCTYPE OAI-PMH [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]><OAI-PMH>&b;</OAI-PMH>'
          : "<html><body>Maintenance</body></html>",
    }));
    try {
      const bomb = await oaiSource(t, `${hostile.base}/bomb`);
      await expect(syncOaiPmhSource(t.ctx, bomb, fetch)).rejects.toThrow(/DOCTYPE/);
      const html = await oaiSource(t, `${hostile.base}/html`);
      await expect(syncOaiPmhSource(t.ctx, html, fetch)).rejects.toThrow(/not an OAI-PMH response/);
    } finally {
      await hostile.close();
    }
  });
});
