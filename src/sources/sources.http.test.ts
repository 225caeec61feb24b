import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, expectJson, type TestApp } from "../../test/support/app.js";
import {
  type FeedAnswer,
  type FeedDouble,
  startFeedDouble,
} from "../../test/support/feed-double.js";
import { auditLog, sources } from "../db/schema/index.js";
import { eventsOf, libraryCalendar } from "./fixtures/calendar.js";
import { importCalendarFile, syncDueSources } from "./sync.js";

let t: TestApp;
let feed: FeedDouble;
beforeAll(async () => {
  t = await createTestApp({ now: "2026-10-01T00:00:00Z" });
  feed = await startFeedDouble();
});
afterAll(() => feed.close());

const create = (body: Record<string, unknown>) =>
  t.request("POST", "/api/sources", { as: "publisher", body });
const read = (id: string) =>
  expectJson(t.request("GET", `/api/sources/${id}`, { as: "publisher" }), 200);
const sync = (id: string) => t.request("POST", `/api/sources/${id}/sync`, { as: "publisher" });

describe("the sources API", () => {
  it("is for publishers only: a source URL can carry a private calendar key", async () => {
    for (const as of ["viewer", "editor"] as const) {
      await expectJson(t.request("GET", "/api/sources", { as }), 403);
      await expectJson(
        t.request("POST", "/api/sources", { as, body: { kind: "ics", name: "X" } }),
        403,
      );
    }
    await expectJson(t.request("GET", "/api/sources", { token: null }), 401);
  });

  it("creates a calendar source with the default category table and reads it back", async () => {
    const res = await create({
      kind: "ics",
      name: "Kalender Google Perpustakaan",
      url: "https://calendar.google.com/calendar/ical/perpus%40gmail.com/public/basic.ics",
    });
    const created = await expectJson(res, 201);
    expect(res.headers.get("etag")).toBe('"1"');
    expect(created).toMatchObject({
      kind: "ics",
      syncEveryMinutes: 15,
      enabled: true,
      lastAttemptAt: null,
      lastSuccessAt: null,
      lastError: null,
      lastSummary: null,
      version: 1,
      settings: { defaultKind: "other", defaultAudience: "all", timeoutSeconds: 15 },
    });
    expect(created.settings.categoryKinds).toMatchObject({
      lokakarya: "workshop",
      literasi: "literacy_session",
      pameran: "exhibition",
      "bedah buku": "author_talk",
    });
    expect(await read(created.id)).toEqual(created);
    const list = await expectJson(t.request("GET", "/api/sources?kind=ics", { as: "admin" }), 200);
    expect(list.items.map((s: { id: string }) => s.id)).toContain(created.id);
  });

  it("refuses URLs that are not http or https, naming the scheme", async () => {
    for (const [url, scheme] of [
      ["file:///etc/passwd", "file:"],
      ["ftp://ftp.perpustakaan.example/kalender.ics", "ftp:"],
    ]) {
      const body = await expectJson(create({ kind: "ics", name: "Jahat", url }), 400);
      expect(body.error.details.issues).toEqual([
        { path: "body.url", message: `must be an http or https URL; "${scheme}" is not fetched` },
      ]);
    }
  });

  it("checks calendar settings field by field", async () => {
    const body = await expectJson(
      create({
        kind: "ics",
        name: "Salah",
        settings: { categoryKinds: { pesta: "party" }, defaultAudience: "everyone", extra: 1 },
      }),
      400,
    );
    expect(body.error.details.issues.map((i: { path: string }) => i.path)).toEqual([
      "body.settings.categoryKinds.pesta",
      "body.settings.defaultAudience",
      "body.settings",
    ]);
  });

  it("updates with If-Match, and refuses a stale or missing version", async () => {
    const created = await expectJson(create({ kind: "ics", name: "Lama" }), 201);
    const updated = await expectJson(
      t.request("PATCH", `/api/sources/${created.id}`, {
        as: "publisher",
        headers: { "if-match": '"1"' },
        body: { name: "Baru", syncEveryMinutes: 60, enabled: false },
      }),
      200,
    );
    expect(updated).toMatchObject({
      name: "Baru",
      syncEveryMinutes: 60,
      enabled: false,
      version: 2,
    });
    const stale = await expectJson(
      t.request("PATCH", `/api/sources/${created.id}`, {
        as: "publisher",
        body: { name: "Tabrakan", version: 1 },
      }),
      409,
    );
    expect(stale.error.code).toBe("version_conflict");
    await expectJson(
      t.request("PATCH", `/api/sources/${created.id}`, { as: "publisher", body: { name: "X" } }),
      428,
    );
    const kind = await expectJson(
      t.request("PATCH", `/api/sources/${created.id}`, {
        as: "publisher",
        body: { kind: "koha", version: 2 },
      }),
      400,
    );
    expect(kind.error.details.issues[0]).toEqual({
      path: "body.kind",
      message: "is not a known field",
    });
  });

  it("never shows a catalogue source's credentials, and keeps them when sent back hidden", async () => {
    const noUrl = await expectJson(create({ kind: "koha", name: "Koha" }), 400);
    expect(noUrl.error.details.issues).toEqual([
      { path: "body.url", message: "is needed for a koha source" },
    ]);
    const created = await expectJson(
      create({
        kind: "koha",
        name: "Koha Perpustakaan",
        url: "https://koha.perpustakaan.example/api/v1",
        settings: { username: "warta", password: "rahasia-sekali", perPage: 50 },
      }),
      201,
    );
    expect(created.settings).toEqual({ username: "warta", password: "********", perPage: 50 });
    const updated = await expectJson(
      t.request("PATCH", `/api/sources/${created.id}`, {
        as: "publisher",
        body: { settings: { ...created.settings, perPage: 100 }, version: 1 },
      }),
      200,
    );
    expect(updated.settings).toEqual({ username: "warta", password: "********", perPage: 100 });
    const [row] = await t.ctx.db.select().from(sources).where(eq(sources.id, created.id));
    expect(row?.settings).toEqual({ username: "warta", password: "rahasia-sekali", perPage: 100 });
    const leaks = await t.ctx.db
      .select({ id: auditLog.id })
      .from(auditLog)
      .where(sql`concat(${auditLog.before}::text, ${auditLog.after}::text) like '%rahasia%'`);
    expect(leaks).toEqual([]);
  });

  it("deletes a source and keeps the events it imported", async () => {
    const created = await expectJson(create({ kind: "ics", name: "Akan dihapus" }), 201);
    await expectJson(
      t.request("POST", `/api/sources/${created.id}/upload`, {
        as: "publisher",
        raw: libraryCalendar,
        headers: { "content-type": "text/calendar" },
      }),
      200,
    );
    const imported = await eventsOf(t, created.id);
    expect(imported).toHaveLength(13);
    const res = await t.request("DELETE", `/api/sources/${created.id}`, { as: "publisher" });
    expect(res.status).toBe(204);
    await expectJson(t.request("GET", `/api/sources/${created.id}`, { as: "publisher" }), 404);
    const kept = await expectJson(t.request("GET", `/api/events/${imported[0]?.id}`), 200);
    expect(kept).toMatchObject({
      title: imported[0]?.title,
      status: imported[0]?.status,
      source: null,
    });
  });

  it("documents its routes in the OpenAPI document", async () => {
    const doc = await expectJson(t.app.request("/openapi.json"), 200);
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        "/api/sources",
        "/api/sources/{id}",
        "/api/sources/{id}/sync",
        "/api/sources/{id}/upload",
      ]),
    );
    expect(Object.keys(doc.paths["/api/sources/{id}/sync"].post.responses)).toEqual(
      expect.arrayContaining(["200", "404", "422", "502"]),
    );
  });
});

describe("uploading a calendar file once", () => {
  it("imports it, and importing it again updates instead of duplicating", async () => {
    const source = await expectJson(create({ kind: "ics", name: "Berkas" }), 201);
    const upload = () =>
      t.request("POST", `/api/sources/${source.id}/upload`, {
        as: "publisher",
        raw: libraryCalendar,
        headers: { "content-type": "text/calendar; charset=utf-8" },
      });
    expect(await expectJson(upload(), 200)).toMatchObject({ created: 13, updated: 0 });
    expect(await expectJson(upload(), 200)).toMatchObject({ created: 0, unchanged: 13 });
    expect(await read(source.id)).toMatchObject({
      lastSuccessAt: "2026-10-01T00:00:00.000Z",
      lastSummary: { created: 0, unchanged: 13, cancelled: 0 },
    });
  });

  it("asks for text/calendar, and refuses what is not a calendar", async () => {
    const source = await expectJson(create({ kind: "ics", name: "Berkas salah" }), 201);
    const wrongType = await expectJson(
      t.request("POST", `/api/sources/${source.id}/upload`, {
        as: "publisher",
        body: { calendar: "no" },
      }),
      415,
    );
    expect(wrongType.error.code).toBe("unsupported_media_type");
    const junk = await expectJson(
      t.request("POST", `/api/sources/${source.id}/upload`, {
        as: "publisher",
        raw: "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Budi\r\nEND:VCARD\r\n",
        headers: { "content-type": "text/calendar" },
      }),
      422,
    );
    expect(junk.error).toEqual({
      code: "feed_unusable",
      message:
        'Not an iCalendar file: it should start with BEGIN:VCALENDAR but starts with "BEGIN:VCARD VERSION:3.0 FN:Budi END:VCARD"',
    });
  });

  it("has no feed to sync when the source has no URL", async () => {
    const source = await expectJson(create({ kind: "ics", name: "Tanpa URL" }), 201);
    const body = await expectJson(sync(source.id), 422);
    expect(body.error.message).toBe("This source has no URL; upload a calendar file to it instead");
  });
});

describe("a feed that fails", () => {
  const host = () => new URL(feed.url("/")).host;
  const png = Buffer.from([
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
  ]);
  const cases: [string, FeedAnswer, number, () => string | RegExp][] = [
    ["a 50 MB body", { kind: "stream", bytes: 50 * 1024 * 1024 }, 422, () => /larger than 10 MB/],
    ["binary junk", { kind: "body", body: png }, 422, () => /binary data, not an iCalendar/],
    [
      "a truncated file",
      { kind: "body", body: libraryCalendar.slice(0, libraryCalendar.indexOf("UID:3pameran")) },
      422,
      () => /cannot be read .*component began but did not end.*truncated or damaged$/,
    ],
    [
      "an HTML page instead of a calendar",
      { kind: "body", body: "<!DOCTYPE html><html><body>Masuk</body></html>" },
      422,
      () => /^Not an iCalendar file: .* starts with "<!DOCTYPE html>/,
    ],
    [
      "a 404",
      { kind: "body", status: 404, body: "gone" },
      502,
      () => `${host()} answered HTTP 404 Not Found`,
    ],
    [
      "a 500",
      { kind: "body", status: 500, body: "oops" },
      502,
      () => `${host()} answered HTTP 500 Internal Server Error`,
    ],
    [
      "a stalled server",
      { kind: "stall" },
      502,
      () => `${host()} did not answer in full within 1 s`,
    ],
    [
      "a redirect to file:",
      { kind: "redirect", location: "file:///etc/passwd" },
      422,
      () => 'Only http and https can be fetched; the redirect target uses "file:"',
    ],
  ];

  it.each(cases)(
    "%s: a clear error, the events as they were, the last good sync kept",
    async (name, answer, status, message) => {
      const path = `/gagal-${name.replace(/\W+/g, "-")}.ics`;
      feed.answer(path, { kind: "body", body: libraryCalendar });
      const source = await expectJson(
        create({
          kind: "ics",
          name,
          url: feed.url(path),
          // A short deadline keeps the stalled case quick.
          settings: { timeoutSeconds: answer.kind === "stall" ? 1 : 15 },
        }),
        201,
      );
      t.clock.set("2026-10-01T00:00:00Z");
      await expectJson(sync(source.id), 200);
      const before = await eventsOf(t, source.id);

      t.clock.set("2026-10-01T00:15:00Z");
      feed.answer(path, answer);
      const body = await expectJson(sync(source.id), status);
      expect(body.error.code).toBe(status === 422 ? "feed_unusable" : "feed_unreachable");
      expect(body.error.message).toMatch(message());

      expect(await eventsOf(t, source.id)).toEqual(before);
      expect(await read(source.id)).toMatchObject({
        lastAttemptAt: "2026-10-01T00:15:00.000Z",
        lastSuccessAt: "2026-10-01T00:00:00.000Z",
        lastError: body.error.message,
        lastSummary: { created: 13 },
      });
      await expectJson(t.app.request("/healthz"), 200);

      // Mended, the feed syncs again and the error clears.
      feed.answer(path, { kind: "body", body: libraryCalendar });
      await expectJson(sync(source.id), 200);
      expect(await read(source.id)).toMatchObject({
        lastError: null,
        lastSummary: { unchanged: 13 },
      });
    },
  );
});

describe("the scheduler's syncs", () => {
  it("pulls each enabled source whose interval has passed, and one failure does not stop the others", async () => {
    const local = await createTestApp({ now: "2026-10-01T00:00:00Z" });
    feed.answer("/jadwal-baik.ics", { kind: "body", body: libraryCalendar });
    const make = (body: Record<string, unknown>) =>
      expectJson(local.request("POST", "/api/sources", { as: "publisher", body }), 201);
    const failing = await make({ kind: "ics", name: "Rusak", url: feed.url("/jadwal-hilang.ics") });
    const good = await make({ kind: "ics", name: "Baik", url: feed.url("/jadwal-baik.ics") });
    const off = await make({
      kind: "ics",
      name: "Mati",
      url: feed.url("/jadwal-baik.ics"),
      enabled: false,
    });
    const hourly = await make({
      kind: "ics",
      name: "Per jam",
      url: feed.url("/jadwal-baik.ics"),
      syncEveryMinutes: 60,
    });
    const requests = () => feed.requests.filter((r) => r.path.startsWith("/jadwal-")).length;
    const readLocal = (id: string) =>
      expectJson(local.request("GET", `/api/sources/${id}`, { as: "publisher" }), 200);

    await syncDueSources(local.deps);
    expect(await readLocal(failing.id)).toMatchObject({
      lastAttemptAt: "2026-10-01T00:00:00.000Z",
      lastSuccessAt: null,
      lastError: `${new URL(feed.url("/")).host} answered HTTP 404 Not Found`,
    });
    expect(await readLocal(good.id)).toMatchObject({
      lastSuccessAt: "2026-10-01T00:00:00.000Z",
      lastError: null,
      lastSummary: { created: 13 },
    });
    expect(await readLocal(off.id)).toMatchObject({ lastAttemptAt: null });
    expect(requests()).toBe(3);

    local.clock.set("2026-10-01T00:14:00Z");
    await syncDueSources(local.deps);
    expect(requests()).toBe(3);

    local.clock.set("2026-10-01T00:15:00Z");
    await syncDueSources(local.deps);
    expect(requests()).toBe(5);
    expect(await readLocal(hourly.id)).toMatchObject({ lastAttemptAt: "2026-10-01T00:00:00.000Z" });
    expect(await readLocal(good.id)).toMatchObject({
      lastSuccessAt: "2026-10-01T00:15:00.000Z",
      lastSummary: { created: 0, unchanged: 13 },
    });
  });
});

describe("importing a calendar file from the command line", () => {
  it("creates the named source once and reuses it", async () => {
    const first = await importCalendarFile(t.ctx, libraryCalendar, { sourceName: "Impor CLI" });
    expect(first).toMatchObject({ created: 13, cancelled: 0 });
    const again = await importCalendarFile(t.ctx, libraryCalendar, { sourceName: "Impor CLI" });
    expect(again).toMatchObject({ created: 0, unchanged: 13 });
    const list = await expectJson(
      t.request("GET", "/api/sources?limit=200", { as: "publisher" }),
      200,
    );
    const named = list.items.filter((s: { name: string }) => s.name === "Impor CLI");
    expect(named).toHaveLength(1);
    expect(named[0]).toMatchObject({ kind: "ics", url: null, lastSummary: { unchanged: 13 } });
  });
});
