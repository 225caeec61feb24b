import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixed008 } from "../../../test/fixtures/imports/catalogue.js";
import { type HttpDouble, startHttpDouble } from "../../../test/fixtures/imports/http-double.js";
import { createTestApp, expectJson, type TestApp } from "../../../test/support/app.js";
import { sources } from "../../db/schema/index.js";
import { FeedError } from "../../sources/errors.js";
import { createSafeFetch } from "../../sources/fetch.js";
import type { SafeFetch, SourceRow } from "../../sources/syncer.js";
import { syncKohaSource } from "./sync.js";

const safeFetch = createSafeFetch({ userAgent: "Warta test" });

/** Items as Koha's /api/v1/items lists them (a subset of the real fields). */
const items = [
  {
    item_id: 1,
    biblio_id: 10,
    external_id: "3900001",
    acquisition_date: "2026-11-20",
    callnumber: "899.221 3 TOE b",
  },
  {
    item_id: 2,
    biblio_id: 10,
    external_id: "3900002",
    acquisition_date: "2026-11-25",
    callnumber: "899.221 3 TOE b",
  },
  {
    item_id: 3,
    biblio_id: 11,
    external_id: "3900003",
    acquisition_date: "2026-11-28",
    callnumber: null,
  },
  {
    item_id: 4,
    biblio_id: 12,
    external_id: "3900004",
    acquisition_date: "2026-11-29",
    callnumber: null,
  },
  {
    item_id: 5,
    biblio_id: 13,
    external_id: "3900005",
    acquisition_date: "2026-10-01",
    callnumber: null,
  },
].map((item) => ({
  ...item,
  home_library_id: "MDO",
  item_type_id: "BK",
  lost_status: 0,
  withdrawn: 0,
}));

/** MARC-in-JSON as MARC::Record::MiJ writes it, with Koha's biblionumber in 999 $c. */
const mij = (id: number, fields: Record<string, unknown>[]) => ({
  leader: "01234nam a22003017a 4500",
  fields: [
    { "001": `KOHA-${id}` },
    ...fields,
    { "999": { ind1: " ", ind2: " ", subfields: [{ c: String(id) }, { d: String(id) }] } },
  ],
});

const biblios = new Map<number, unknown>([
  [
    10,
    mij(10, [
      { "008": fixed008("240101", "2020", "ind") },
      { "020": { ind1: " ", ind2: " ", subfields: [{ a: "9786020324784 (paperback)" }] } },
      {
        "100": {
          ind1: "0",
          ind2: " ",
          subfields: [{ a: "Pramoedya Ananta Toer," }, { e: "pengarang." }],
        },
      },
      {
        "245": {
          ind1: "1",
          ind2: "0",
          subfields: [{ a: "Bumi manusia /" }, { c: "Pramoedya Ananta Toer." }],
        },
      },
      {
        "264": {
          ind1: " ",
          ind2: "1",
          subfields: [{ a: "Jakarta :" }, { b: "Lentera Dipantara," }, { c: "2020" }],
        },
      },
      { "650": { ind1: " ", ind2: "4", subfields: [{ a: "Fiksi Indonesia" }] } },
    ]),
  ],
  [
    11,
    mij(11, [
      { "008": fixed008("240101", "2023", "eng") },
      {
        "245": {
          ind1: "0",
          ind2: "0",
          subfields: [{ a: "Birds of Sulawesi :" }, { b: "a field guide" }],
        },
      },
      { "082": { ind1: "0", ind2: "4", subfields: [{ a: "598.09598" }] } },
    ]),
  ],
]);

function koha(auth: { basic?: string; bearer?: string }) {
  return startHttpDouble(({ method, url, headers, body }) => {
    const json = (value: unknown, status = 200, extra: Record<string, string> = {}) => ({
      status,
      headers: { "content-type": "application/json", ...extra },
      body: JSON.stringify(value),
    });
    if (method === "POST" && url.pathname === "/api/v1/oauth/token") {
      const form = new URLSearchParams(body);
      return form.get("grant_type") === "client_credentials" &&
        form.get("client_secret") === "s3cret"
        ? json({ access_token: "tok-123", token_type: "Bearer", expires_in: 3600 })
        : json({ error: "unauthorized_client" }, 400);
    }
    const expected = auth.basic ? `Basic ${auth.basic}` : `Bearer ${auth.bearer}`;
    if (headers.authorization !== expected) return json({ error: "Authentication failure." }, 401);
    if (url.pathname === "/api/v1/items") {
      const since = JSON.parse(url.searchParams.get("q") ?? "{}").acquisition_date?.[">="] ?? "";
      const matching = items.filter((item) => item.acquisition_date >= since);
      const page = Number(url.searchParams.get("_page") ?? 1);
      const perPage = Number(url.searchParams.get("_per_page") ?? 20);
      const last = Math.max(1, Math.ceil(matching.length / perPage));
      const link = (p: number, rel: string) => {
        const next = new URL(url);
        next.searchParams.set("_page", String(p));
        return `<${next}>; rel="${rel}"`;
      };
      const links = [
        link(1, "first"),
        ...(page < last ? [link(page + 1, "next")] : []),
        link(last, "last"),
      ];
      return json(matching.slice((page - 1) * perPage, page * perPage), 200, {
        "x-total-count": String(matching.length),
        "x-base-total-count": String(items.length),
        link: links.join(", "),
      });
    }
    if (headers.accept !== "application/marc-in-json") return json(["application/json"], 406);
    if (url.pathname === "/api/v1/biblios") {
      const ids: number[] = JSON.parse(url.searchParams.get("q") ?? "{}").biblio_id?.["-in"] ?? [];
      // Koha's list leaves out what it cannot serve; 11 is only served on its own here.
      return json(ids.filter((id) => id !== 11 && biblios.has(id)).map((id) => biblios.get(id)));
    }
    const one = /^\/api\/v1\/biblios\/(\d+)$/.exec(url.pathname);
    const record = one ? biblios.get(Number(one[1])) : undefined;
    return record ? json(record) : json({ error: "Bibliographic record not found" }, 404);
  });
}

async function kohaSource(
  t: TestApp,
  url: string,
  settings: Record<string, unknown>,
  state?: Record<string, unknown>,
) {
  const [row] = await t.ctx.db
    .insert(sources)
    .values({ kind: "koha", name: `Koha ${Math.random()}`, url, settings, state: state ?? null })
    .returning();
  return row as SourceRow;
}

describe("syncKohaSource against Koha's REST API", () => {
  let t: TestApp;
  let server: HttpDouble;
  const basic = Buffer.from("warta:rahasia").toString("base64");
  beforeAll(async () => {
    t = await createTestApp();
    server = await koha({ basic });
  });
  afterAll(() => server.close());

  it("imports the titles of items acquired since the watermark, page by page, with Basic auth", async () => {
    const source = await kohaSource(t, server.base, {
      username: "warta",
      password: "rahasia",
      since: "2026-11-01",
      perPage: 2,
    });
    const summary = await syncKohaSource(t.ctx, source, safeFetch);
    expect(summary).toMatchObject({
      created: 2,
      updated: 0,
      state: { watermark: "2026-11-29" },
      rejected: [
        { record: "12", reason: "record 3: Koha has no bibliographic record 12 for its new item" },
      ],
    });
    const itemPages = server.requests.filter((r) => r.url.pathname === "/api/v1/items");
    expect(itemPages.map((r) => r.url.searchParams.get("_page"))).toEqual(["1", "2"]);
    expect(JSON.parse(itemPages[0]?.url.searchParams.get("q") ?? "")).toEqual({
      acquisition_date: { ">=": "2026-11-01" },
    });

    const page = await expectJson(t.request("GET", "/api/acquisitions?limit=50"), 200);
    const bumi = page.items.find((i: { isbn: string }) => i.isbn === "9786020324784");
    expect(bumi).toMatchObject({
      title: "Bumi manusia",
      authors: ["Pramoedya Ananta Toer"],
      publisher: "Lentera Dipantara",
      year: 2020,
      language: "id",
      subjects: ["Fiksi Indonesia"],
      callNumber: "899.221 3 TOE b",
      acquiredOn: "2026-11-20",
      source: { id: source.id, recordId: "10" },
    });
    expect(
      page.items.find((i: { title: string }) => i.title === "Birds of Sulawesi: a field guide"),
    ).toMatchObject({
      language: "en",
      callNumber: "598.09598",
      acquiredOn: "2026-11-28",
      source: { recordId: "11" },
    });

    const next = await syncKohaSource(
      t.ctx,
      { ...source, state: summary.state ?? null },
      safeFetch,
    );
    expect(next).toMatchObject({ created: 0, updated: 0, state: { watermark: "2026-11-29" } });
    const lastItems = server.requests.filter((r) => r.url.pathname === "/api/v1/items").at(-1);
    expect(JSON.parse(lastItems?.url.searchParams.get("q") ?? "")).toEqual({
      acquisition_date: { ">=": "2026-11-29" },
    });
  });

  it("fails with Koha's message when the credentials are refused", async () => {
    const source = await kohaSource(t, server.base, { username: "warta", password: "salah" });
    const sync = syncKohaSource(t.ctx, source, safeFetch);
    await expect(sync).rejects.toThrow(FeedError);
    await expect(syncKohaSource(t.ctx, source, safeFetch)).rejects.toThrow(
      /Koha answered HTTP 401 .*: Authentication failure\./,
    );
  });
});

describe("syncKohaSource with OAuth2 client credentials", () => {
  it("gets a token from /api/v1/oauth/token and sends it as a Bearer token", async () => {
    const t = await createTestApp();
    const server = await koha({ bearer: "tok-123" });
    try {
      const source = await kohaSource(t, `${server.base}/api/v1`, {
        clientId: "warta",
        clientSecret: "s3cret",
        since: "2026-11-21",
      });
      // The token request is a form POST: a fetch that passes method and body through.
      const summary = await syncKohaSource(t.ctx, source, fetch as SafeFetch);
      expect(summary).toMatchObject({ created: 2, state: { watermark: "2026-11-29" } });
      expect(server.requests[0]).toMatchObject({ method: "POST" });
    } finally {
      await server.close();
    }
  });
});
