import { beforeAll, describe, expect, it } from "vitest";
import { createTestApp, expectJson, type TestApp } from "../../test/support/app.js";
import { acquisitionInput, eventInput } from "../../test/support/factories.js";
import { events, sources } from "../db/schema/index.js";

let t: TestApp;
beforeAll(async () => {
  // Tuesday 1 December 2026, 10:00 in Manado.
  t = await createTestApp({ now: "2026-12-01T02:00:00Z" });
});

const get = (path: string, headers: Record<string, string> = {}) =>
  t.request("GET", path, { token: null, headers });

const createEvent = (overrides: Record<string, unknown> = {}) =>
  expectJson(t.request("POST", "/api/events", { as: "editor", body: eventInput(overrides) }), 201);

const createBook = (overrides: Record<string, unknown> = {}) =>
  expectJson(
    t.request("POST", "/api/acquisitions", { as: "editor", body: acquisitionInput(overrides) }),
    201,
  );

type Page = { items: { id: string; title: string }[]; nextCursor: string | null };

/** Every page of a list, following nextCursor. */
async function allPages(path: string) {
  const pages: Page[] = [];
  let cursor: string | null = null;
  do {
    const separator = path.includes("?") ? "&" : "?";
    const page: Page = await expectJson(
      get(cursor ? `${path}${separator}cursor=${encodeURIComponent(cursor)}` : path),
      200,
    );
    pages.push(page);
    cursor = page.nextCursor;
  } while (cursor && pages.length < 20);
  return pages;
}

const publicEventFields = [
  "allDay",
  "audience",
  "capacity",
  "description",
  "endsAt",
  "facilitator",
  "id",
  "imageUrl",
  "kind",
  "local",
  "location",
  "registration",
  "startsAt",
  "status",
  "summary",
  "tags",
  "targetGroup",
  "title",
  "topic",
  "updatedAt",
];

describe("public events", () => {
  it("shows only public fields, and nothing about an imported event's source", async () => {
    const [source] = await t.database.db
      .insert(sources)
      .values({
        kind: "ics",
        name: "Kalender Internal Staf",
        url: "https://secret.example/cal.ics",
      })
      .returning();
    if (!source) throw new Error("no source");
    const [imported] = await t.database.db
      .insert(events)
      .values({
        kind: "workshop",
        title: "Impor dari Kalender",
        startsAt: new Date("2026-12-03T01:00:00Z"),
        sourceId: source.id,
        externalUid: "internal-uid-4711@staff.example",
        feedValues: { title: "catatan-rahasia-feed" },
      })
      .returning();
    if (!imported) throw new Error("no event");

    const listRes = await get("/public/events");
    const listText = await listRes.text();
    const one = await get(`/public/events/${imported.id}`);
    const oneText = await one.text();
    for (const text of [listText, oneText]) {
      for (const secret of [
        source.id,
        "Kalender Internal Staf",
        "secret.example",
        "internal-uid-4711",
        "catatan-rahasia-feed",
      ]) {
        expect(text).not.toContain(secret);
      }
    }
    const item = JSON.parse(oneText);
    expect(Object.keys(item).sort()).toEqual(publicEventFields);
    const listed = JSON.parse(listText).items.find((e: { id: string }) => e.id === imported.id);
    expect(listed).toEqual(item);
    expect(item).toMatchObject({
      title: "Impor dari Kalender",
      startsAt: "2026-12-03T01:00:00.000Z",
      local: { timeZone: "Asia/Makassar", startsAt: "2026-12-03T09:00", endsAt: null },
      status: "scheduled",
    });
  });

  it("lists from today by default in start order, keeping events still running", async () => {
    const yesterday = await createEvent({
      title: "Kemarin",
      startsAt: "2026-11-30T09:00:00+08:00",
      endsAt: "2026-11-30T11:00:00+08:00",
    });
    const earlyToday = await createEvent({
      title: "Pagi Ini",
      startsAt: "2026-12-01T07:00:00+08:00",
      endsAt: "2026-12-01T08:00:00+08:00",
    });
    const running = await createEvent({
      title: "Pameran Berjalan",
      kind: "exhibition",
      startsAt: "2026-11-20T09:00:00+08:00",
      endsAt: "2026-12-10T17:00:00+08:00",
    });
    const page = await expectJson(get("/public/events?limit=200"), 200);
    const ids = page.items.map((e: { id: string }) => e.id);
    expect(ids).not.toContain(yesterday.id);
    expect(ids).toContain(earlyToday.id);
    expect(ids).toContain(running.id);
    const starts = page.items.map((e: { startsAt: string }) => e.startsAt);
    expect(starts).toEqual([...starts].sort());

    const withPast = await expectJson(get("/public/events?from=2026-11-30&to=2026-11-30"), 200);
    expect(withPast.items.map((e: { id: string }) => e.id)).toEqual(
      expect.arrayContaining([yesterday.id, running.id]),
    );
    expect(withPast.items.map((e: { id: string }) => e.id)).not.toContain(earlyToday.id);
  });

  it("pages with cursors through every event once, and filters by kind and audience", async () => {
    const made = [];
    for (let day = 1; day <= 7; day++) {
      made.push(
        await createEvent({
          kind: "literacy_session",
          audience: day % 2 === 0 ? "seniors" : "educators",
          title: `Sesi Literasi Digital ${day}`,
          startsAt: `2027-01-0${day}T09:00:00+08:00`,
          endsAt: `2027-01-0${day}T10:00:00+08:00`,
        }),
      );
    }
    const pages = await allPages("/public/events?kind=literacy_session&limit=3");
    expect(pages.map((page) => page.items.length)).toEqual([3, 3, 1]);
    expect(pages.flatMap((page) => page.items.map((e) => e.id))).toEqual(made.map((e) => e.id));
    expect(pages.at(-1)?.nextCursor).toBeNull();

    const seniors = await expectJson(
      get("/public/events?kind=literacy_session&audience=seniors&audience=children"),
      200,
    );
    expect(seniors.items.map((e: { title: string }) => e.title)).toEqual([
      "Sesi Literasi Digital 2",
      "Sesi Literasi Digital 4",
      "Sesi Literasi Digital 6",
    ]);
  });

  it("shows cancelled events as cancelled", async () => {
    const event = await createEvent({ title: "Batal Hujan" });
    await expectJson(t.request("DELETE", `/api/events/${event.id}`, { as: "editor" }), 200);
    const shown = await expectJson(get(`/public/events/${event.id}`), 200);
    expect(shown.status).toBe("cancelled");
  });

  it("answers If-None-Match with 304 on lists and items, and says how long to cache", async () => {
    const event = await createEvent({ title: "Kelas Origami" });
    for (const path of ["/public/events?limit=5", `/public/events/${event.id}`]) {
      const first = await get(path);
      const etag = first.headers.get("etag") ?? "";
      expect(etag).toMatch(/^"[\w-]+"$/);
      expect(first.headers.get("cache-control")).toBe("public, max-age=60");
      const again = await get(path, { "if-none-match": etag });
      expect(again.status).toBe(304);
      expect(await again.text()).toBe("");
    }
    const etag = (await get(`/public/events/${event.id}`)).headers.get("etag") ?? "";
    await expectJson(
      t.request("PATCH", `/api/events/${event.id}`, {
        as: "editor",
        body: { title: "Kelas Origami Anak", version: 1 },
      }),
      200,
    );
    const changed = await get(`/public/events/${event.id}`, { "if-none-match": etag });
    expect((await expectJson(changed, 200)).title).toBe("Kelas Origami Anak");
  });

  it("lets a website on another origin read it", async () => {
    const res = await get("/public/events", { origin: "https://perpustakaan.example" });
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    expect(res.headers.get("access-control-expose-headers")).toContain("ETag");
  });

  it("answers bad queries and ids with 400, unknown ids with 404, in the JSON error shape", async () => {
    for (const query of [
      "?kind=konser",
      "?audience=all,robots",
      "?from=kemarin",
      "?limit=0",
      "?limit=500",
      "?cursor=bukan-kursor",
      "?secret=1",
    ]) {
      const body = await expectJson(get(`/public/events${query}`), 400);
      expect(body.error.code, query).toBe("validation_failed");
      expect(body.error.details.issues.length, query).toBeGreaterThan(0);
    }
    const badId = await expectJson(get("/public/events/123"), 400);
    expect(badId.error.details.issues[0].path).toBe("param.id");
    const missing = await expectJson(
      get("/public/events/00000000-0000-4000-8000-000000000000"),
      404,
    );
    expect(missing.error.code).toBe("not_found");
  });
});

describe("public acquisitions", () => {
  it("shows only public fields, newest first, one page after another", async () => {
    const made = [];
    for (let day = 1; day <= 5; day++) {
      made.push(await createBook({ acquiredOn: `2026-11-0${day}`, title: `Buku Nomor ${day}` }));
    }
    const pages = await allPages("/public/acquisitions?since=2026-11-01&limit=2");
    expect(pages.map((page) => page.items.length)).toEqual([2, 2, 1]);
    expect(pages.flatMap((page) => page.items.map((book) => book.id))).toEqual(
      made.map((book) => book.id).reverse(),
    );
    const book = await expectJson(get(`/public/acquisitions/${made[0].id}`), 200);
    expect(Object.keys(book).sort()).toEqual([
      "acquiredOn",
      "authors",
      "callNumber",
      "coverUrl",
      "featured",
      "id",
      "isbn",
      "language",
      "publisher",
      "subjects",
      "summary",
      "title",
      "updatedAt",
      "year",
    ]);
    expect(book).toMatchObject({ title: "Buku Nomor 1", acquiredOn: "2026-11-01" });
  });

  it("filters by date, subject (ignoring case) and featured", async () => {
    const featured = await createBook({
      title: "Kuliner Nusantara",
      subjects: ["Resep", "Masakan"],
      featured: true,
      acquiredOn: "2026-11-29",
    });
    const plain = await createBook({
      title: "Resep Harian",
      subjects: ["Resep"],
      acquiredOn: "2026-11-29",
    });
    const old = await createBook({
      title: "Resep Lama",
      subjects: ["Resep"],
      acquiredOn: "2025-01-01",
    });
    const ids = async (query: string) =>
      (await expectJson(get(`/public/acquisitions${query}`), 200)).items.map(
        (book: { id: string }) => book.id,
      );
    const sameDay = [plain.id, featured.id].sort().reverse();
    expect(await ids("?subject=resep")).toEqual([...sameDay, old.id]);
    expect(await ids("?subject=RESEP&since=2026-11-29")).toEqual(sameDay);
    expect(await ids("?subject=resep&featured=true")).toEqual([featured.id]);
    expect(await ids("?subject=resep&featured=false")).not.toContain(featured.id);
  });

  it("answers bad queries with 400 and unknown books with 404", async () => {
    for (const query of [
      "?since=2026-13-01",
      "?featured=ya",
      "?limit=abc",
      "?cursor=xyz",
      "?q=a",
    ]) {
      const body = await expectJson(get(`/public/acquisitions${query}`), 400);
      expect(body.error.code, query).toBe("validation_failed");
    }
    const missing = await expectJson(
      get("/public/acquisitions/00000000-0000-4000-8000-000000000000"),
      404,
    );
    expect(missing.error.code).toBe("not_found");
  });

  it("answers If-None-Match with 304 until a book changes", async () => {
    const first = await get("/public/acquisitions");
    const etag = first.headers.get("etag") ?? "";
    expect((await get("/public/acquisitions", { "if-none-match": etag })).status).toBe(304);
    await createBook({ title: "Buku Paling Baru", acquiredOn: "2026-12-01" });
    const after = await get("/public/acquisitions", { "if-none-match": etag });
    expect((await expectJson(after, 200)).items[0].title).toBe("Buku Paling Baru");
  });
});

describe("the OpenAPI document", () => {
  it("lists the public reads and the feeds, none asking for a token", async () => {
    const doc = await expectJson(get("/openapi.json"), 200);
    for (const path of [
      "/public/events",
      "/public/events/{id}",
      "/public/acquisitions",
      "/public/acquisitions/{id}",
      "/feeds/events.ics",
      "/feeds/events.rss",
      "/feeds/acquisitions.json",
    ]) {
      expect(doc.paths[path]?.get, path).toBeDefined();
      expect(doc.paths[path].get.security, path).toBeUndefined();
    }
    const kind = doc.paths["/feeds/events.ics"].get.parameters.find(
      (parameter: { name: string }) => parameter.name === "kind",
    );
    expect(kind).toMatchObject({ in: "query", required: false });
  });
});
