import { XMLParser, XMLValidator } from "fast-xml-parser";
import { beforeAll, describe, expect, it } from "vitest";
import { createTestApp, expectJson, type TestApp } from "../../test/support/app.js";
import { acquisitionInput, eventInput } from "../../test/support/factories.js";

let t: TestApp;
// biome-ignore lint/suspicious/noExplicitAny: parsed feeds are checked field by field
let ev: Record<string, any>;

const hostileTitle = `<Lomba> & "Kuis" 'Anak'\u0001 — Bercerita 📚`;
const readableTitle = `<Lomba> & "Kuis" 'Anak' — Bercerita 📚`;

beforeAll(async () => {
  // Tuesday 1 December 2026, 10:00 in Manado.
  t = await createTestApp({ now: "2026-12-01T02:00:00Z" });
  const create = (overrides: Record<string, unknown>) =>
    expectJson(
      t.request("POST", "/api/events", { as: "editor", body: eventInput(overrides) }),
      201,
    );
  ev = {
    later: await create({
      title: "Bedah Buku Laut Bercerita",
      kind: "author_talk",
      audience: "adults",
      startsAt: "2026-12-12T14:00:00+08:00",
      endsAt: "2026-12-12T16:00:00+08:00",
    }),
    sooner: await create({
      title: hostileTitle,
      kind: "cultural",
      audience: "children",
      summary: "Dongeng untuk anak",
      startsAt: "2026-12-06T09:00:00+08:00",
      endsAt: "2026-12-06T11:00:00+08:00",
      imageUrl: "https://perpustakaan.example/poster-dongeng.png",
    }),
    ended: await create({
      title: "Sudah Selesai Kemarin",
      startsAt: "2026-11-30T09:00:00+08:00",
      endsAt: "2026-11-30T11:00:00+08:00",
    }),
    running: await create({
      title: "Pameran Arsip Manado",
      kind: "exhibition",
      audience: "all",
      allDay: true,
      startsAt: "2026-11-25T00:00:00+08:00",
      endsAt: "2026-12-08T00:00:00+08:00",
    }),
    cancelled: await create({
      title: "Kuis Literasi",
      startsAt: "2026-12-09T09:00:00+08:00",
      endsAt: "2026-12-09T10:00:00+08:00",
    }),
  };
  await expectJson(t.request("DELETE", `/api/events/${ev.cancelled.id}`, { as: "editor" }), 200);
});

const get = (path: string, headers: Record<string, string> = {}) =>
  t.request("GET", path, { token: null, headers });

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@",
  parseTagValue: false,
  isArray: (name) => ["item", "entry", "category", "link"].includes(name),
});

async function xml(path: string, contentType: string) {
  const res = await get(path);
  const text = await res.text();
  expect(res.status, text).toBe(200);
  expect(res.headers.get("content-type")).toBe(`${contentType}; charset=utf-8`);
  expect(XMLValidator.validate(text)).toBe(true);
  return parser.parse(text);
}

describe("event feeds", () => {
  it("RSS: well-formed, upcoming and running events in start order, cancelled ones marked", async () => {
    const rss = await xml("/feeds/events.rss", "application/rss+xml");
    const channel = rss.rss.channel;
    expect(rss.rss["@version"]).toBe("2.0");
    expect(channel.title).toBe("Perpustakaan Kota Manado — Acara");
    expect(channel.language).toBe("id");
    expect(channel["atom:link"]).toMatchObject({
      "@href": "http://localhost:3000/feeds/events.rss",
      "@rel": "self",
    });
    expect(channel.item.map((item: { title: string }) => item.title)).toEqual([
      "Pameran Arsip Manado",
      readableTitle,
      "Dibatalkan: Kuis Literasi",
      "Bedah Buku Laut Bercerita",
    ]);
    const dongeng = channel.item[1];
    expect(dongeng.link).toEqual([`http://localhost:3000/public/events/${ev.sooner.id}`]);
    expect(dongeng.guid).toEqual({ "#text": `urn:uuid:${ev.sooner.id}`, "@isPermaLink": "false" });
    expect(new Date(dongeng.pubDate).toISOString()).toBe(ev.sooner.createdAt);
    expect(dongeng.pubDate).toBe("Tue, 01 Dec 2026 02:00:00 GMT");
    expect(dongeng.category).toEqual(["cultural", "menulis"]);
    expect(dongeng.description).toBe(
      "Minggu, 6 Desember 2026 pukul 09.00 WITA – 11.00 WITA<br><br>Aula Lantai 2<br><br>Dongeng untuk anak",
    );
    expect(dongeng.enclosure).toEqual({
      "@url": "https://perpustakaan.example/poster-dongeng.png",
      "@length": "0",
      "@type": "image/png",
    });
    expect(dongeng["media:content"]).toMatchObject({ "@medium": "image", "@type": "image/png" });
    expect(channel.item[0].description).toContain(
      "Rabu, 25 November 2026 – Senin, 7 Desember 2026",
    );
  });

  it("Atom: ids, dates, enclosure links and categories", async () => {
    const atom = await xml("/feeds/events.atom?kind=cultural", "application/atom+xml");
    const feed = atom.feed;
    expect(feed["@xmlns"]).toBe("http://www.w3.org/2005/Atom");
    expect(feed["@xml:lang"]).toBe("id");
    expect(feed.id).toBe("http://localhost:3000/feeds/events.atom?kind=cultural");
    expect(feed.author.name).toBe("Perpustakaan Kota Manado");
    expect(feed.link).toContainEqual({
      "@rel": "self",
      "@type": "application/atom+xml",
      "@href": "http://localhost:3000/feeds/events.atom?kind=cultural",
    });
    expect(feed.entry).toHaveLength(1);
    const [entry] = feed.entry;
    expect(entry.id).toBe(`urn:uuid:${ev.sooner.id}`);
    expect(entry.title).toBe(readableTitle);
    expect(entry.updated).toBe(ev.sooner.updatedAt);
    expect(entry.published).toBe(ev.sooner.createdAt);
    expect(feed.updated).toBe(ev.sooner.updatedAt);
    expect(entry.link).toEqual([
      {
        "@rel": "alternate",
        "@type": "application/json",
        "@href": `http://localhost:3000/public/events/${ev.sooner.id}`,
      },
      {
        "@rel": "enclosure",
        "@type": "image/png",
        "@href": "https://perpustakaan.example/poster-dongeng.png",
      },
    ]);
    expect(entry.category).toEqual([{ "@term": "cultural" }, { "@term": "menulis" }]);
    expect(entry.summary["#text"]).toBe("Dongeng untuk anak");
    expect(entry.content["#text"]).toContain("Aula Lantai 2");
  });

  it("JSON Feed 1.1: version, items and the event's own fields", async () => {
    const res = await get("/feeds/events.json?audience=adults");
    expect(res.headers.get("content-type")).toBe("application/feed+json; charset=utf-8");
    const feed = JSON.parse(await res.text());
    expect(feed).toMatchObject({
      version: "https://jsonfeed.org/version/1.1",
      title: "Perpustakaan Kota Manado — Acara",
      home_page_url: "http://localhost:3000",
      feed_url: "http://localhost:3000/feeds/events.json?audience=adults",
      language: "id",
      authors: [{ name: "Perpustakaan Kota Manado" }],
    });
    expect(feed.items).toEqual([
      {
        id: `urn:uuid:${ev.later.id}`,
        url: `http://localhost:3000/public/events/${ev.later.id}`,
        title: "Bedah Buku Laut Bercerita",
        content_text: "Sabtu, 12 Desember 2026 pukul 14.00 WITA – 16.00 WITA\n\nAula Lantai 2",
        date_published: ev.later.createdAt,
        date_modified: ev.later.updatedAt,
        tags: ["author_talk", "menulis"],
        _event: {
          kind: "author_talk",
          audience: "adults",
          status: "scheduled",
          startsAt: "2026-12-12T06:00:00.000Z",
          endsAt: "2026-12-12T08:00:00.000Z",
          allDay: false,
          timeZone: "Asia/Makassar",
          location: "Aula Lantai 2",
          registration: null,
        },
      },
    ]);
  });

  it("refuses bad filters in every format", async () => {
    for (const format of ["rss", "atom", "json"]) {
      const body = await expectJson(get(`/feeds/events.${format}?kind=konser`), 400);
      expect(body.error.details.issues[0].path).toBe("query.kind");
    }
  });

  it("answers If-None-Match with 304, and a fresh feed after a change", async () => {
    const first = await get("/feeds/events.atom");
    const etag = first.headers.get("etag") ?? "";
    expect((await get("/feeds/events.atom", { "if-none-match": `W/${etag}` })).status).toBe(304);
    expect((await get("/feeds/events.atom", { "if-none-match": `"x", ${etag}` })).status).toBe(304);
    await expectJson(
      t.request("PATCH", `/api/events/${ev.later.id}`, {
        as: "editor",
        body: { location: "Taman Baca", version: ev.later.version },
      }),
      200,
    );
    const after = await get("/feeds/events.atom", { "if-none-match": etag });
    expect(after.status).toBe(200);
    expect(await after.text()).toContain("Taman Baca");
  });
});

describe("new-book feeds", () => {
  // biome-ignore lint/suspicious/noExplicitAny: API answers
  let books: any[];
  beforeAll(async () => {
    const create = (overrides: Record<string, unknown>) =>
      expectJson(
        t.request("POST", "/api/acquisitions", { as: "editor", body: acquisitionInput(overrides) }),
        201,
      );
    books = [
      await create({
        title: "Laut Bercerita",
        authors: ["Leila S. Chudori"],
        publisher: "KPG",
        year: 2017,
        subjects: ["Fiksi", "Sejarah"],
        callNumber: "899.221 CHU l",
        acquiredOn: "2026-11-28",
        coverUrl: "https://covers.openlibrary.org/b/isbn/9786024246945-L.jpg",
      }),
      await create({ title: "Resep Masakan Minahasa & <Kawanua>", acquiredOn: "2026-11-30" }),
      await create({ title: "Buku Lama", acquiredOn: "2026-10-01" }),
    ];
  });

  it("RSS: newest first, with covers, subjects and where to find the book", async () => {
    const rss = await xml("/feeds/acquisitions.rss", "application/rss+xml");
    const items = rss.rss.channel.item;
    expect(rss.rss.channel.title).toBe("Perpustakaan Kota Manado — Buku Baru");
    expect(items.map((item: { title: string }) => item.title)).toEqual([
      "Resep Masakan Minahasa & <Kawanua>",
      "Laut Bercerita",
      "Buku Lama",
    ]);
    const laut = items[1];
    // Acquired on 28 November where the library is: midnight WITA.
    expect(laut.pubDate).toBe("Fri, 27 Nov 2026 16:00:00 GMT");
    expect(laut.category).toEqual(["Fiksi", "Sejarah"]);
    expect(laut.enclosure).toEqual({
      "@url": "https://covers.openlibrary.org/b/isbn/9786024246945-L.jpg",
      "@length": "0",
      "@type": "image/jpeg",
    });
    expect(laut.description).toBe(
      `Leila S. Chudori<br><br>KPG, 2017<br><br>Subjek: Fiksi, Sejarah<br><br>Nomor panggil: 899.221 CHU l<br><br>ISBN ${books[0].isbn}`,
    );
    expect(items[0].enclosure).toBeUndefined();
  });

  it("Atom and JSON Feed carry the same books with their covers", async () => {
    const atom = await xml("/feeds/acquisitions.atom", "application/atom+xml");
    const entry = atom.feed.entry[1];
    expect(entry.id).toBe(`urn:uuid:${books[0].id}`);
    expect(entry.published).toBe("2026-11-27T16:00:00.000Z");
    expect(entry.link).toContainEqual({
      "@rel": "enclosure",
      "@type": "image/jpeg",
      "@href": "https://covers.openlibrary.org/b/isbn/9786024246945-L.jpg",
    });

    const json = JSON.parse(await (await get("/feeds/acquisitions.json")).text());
    expect(json.version).toBe("https://jsonfeed.org/version/1.1");
    expect(json.title).toBe("Perpustakaan Kota Manado — Buku Baru");
    expect(json.items[1]).toMatchObject({
      id: `urn:uuid:${books[0].id}`,
      title: "Laut Bercerita",
      image: "https://covers.openlibrary.org/b/isbn/9786024246945-L.jpg",
      date_published: "2026-11-27T16:00:00.000Z",
      date_modified: books[0].updatedAt,
      tags: ["Fiksi", "Sejarah"],
      _book: {
        isbn: books[0].isbn,
        authors: ["Leila S. Chudori"],
        publisher: "KPG",
        year: 2017,
        callNumber: "899.221 CHU l",
        acquiredOn: "2026-11-28",
        featured: false,
      },
    });
  });

  it("drops a deleted book and changes the ETag", async () => {
    const before = await get("/feeds/acquisitions.json");
    const etag = before.headers.get("etag") ?? "";
    const res = await t.request("DELETE", `/api/acquisitions/${books[2].id}`, {
      as: "editor",
      headers: { "if-match": '"1"' },
    });
    expect(res.status).toBe(204);
    const after = await get("/feeds/acquisitions.json", { "if-none-match": etag });
    expect(after.status).toBe(200);
    const titles = JSON.parse(await after.text()).items.map(
      (item: { title: string }) => item.title,
    );
    expect(titles).not.toContain("Buku Lama");
  });

  it("refuses query parameters it does not know", async () => {
    const body = await expectJson(get("/feeds/acquisitions.rss?kind=workshop"), 400);
    expect(body.error.details.issues[0].path).toBe("query.kind");
  });
});
