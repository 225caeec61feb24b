import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, expectJson, type TestApp } from "../../test/support/app.js";
import { type FeedDouble, startFeedDouble } from "../../test/support/feed-double.js";
import { byTitle, eventsOf, libraryCalendar, withoutEvent } from "./fixtures/calendar.js";

let t: TestApp;
let feed: FeedDouble;
beforeAll(async () => {
  t = await createTestApp({ now: "2026-10-01T00:00:00Z" });
  feed = await startFeedDouble();
});
afterAll(() => feed.close());

const ALL_FIELDS = [
  "kind",
  "title",
  "description",
  "location",
  "startsAt",
  "endsAt",
  "allDay",
  "registration",
  "status",
];
let paths = 0;

/** A calendar source pointed at its own path on the double, serving `text`. */
async function calendarSource(text: string, settings: Record<string, unknown> = {}) {
  paths += 1;
  const path = `/kalender-${paths}.ics`;
  feed.answer(path, { kind: "body", body: text, etag: `"${paths}-1"` });
  const source = await expectJson(
    t.request("POST", "/api/sources", {
      as: "publisher",
      body: { kind: "ics", name: "Kalender Perpustakaan", url: feed.url(path), settings },
    }),
    201,
  );
  let revision = 1;
  return {
    id: source.id as string,
    path,
    /** The calendar changes: served with a new ETag. */
    serve(next: string) {
      revision += 1;
      feed.answer(path, { kind: "body", body: next, etag: `"${paths}-${revision}"` });
    },
    sync: () =>
      expectJson(t.request("POST", `/api/sources/${source.id}/sync`, { as: "publisher" }), 200),
  };
}

describe("syncing an iCalendar feed", () => {
  it("imports each kind of VEVENT a real calendar holds, field by field", async () => {
    const source = await calendarSource(libraryCalendar, { defaultAudience: "families" });
    const summary = await source.sync();
    expect(summary).toEqual({
      created: 13,
      updated: 0,
      unchanged: 0,
      cancelled: 0,
      rejected: [{ record: "9tanpa-judul@google.com", reason: "has no SUMMARY (title)" }],
    });
    const events = await eventsOf(t, source.id);
    expect(events).toHaveLength(13);

    // TZID with its VTIMEZONE (WITA, UTC+8), folded and escaped text, URL as registration.
    expect(byTitle(events, "Lokakarya Menulis Cerpen")).toMatchObject({
      kind: "workshop",
      description:
        "Belajar menulis cerita pendek bersama penulis Manado.\nBawa buku tulis dan pena. Tempat terbatas, daftar lebih dulu.",
      location: "Aula Lantai 2, Perpustakaan Kota Manado",
      startsAt: "2026-10-10T01:00:00.000Z",
      endsAt: "2026-10-10T03:00:00.000Z",
      local: { startsAt: "2026-10-10T09:00", endsAt: "2026-10-10T11:00" },
      allDay: false,
      audience: "families",
      registration: "https://perpustakaan.manadokota.go.id/daftar/cerpen",
      status: "scheduled",
      version: 1,
      source: {
        id: source.id,
        name: "Kalender Perpustakaan",
        uid: "0lk8cerpen2026@google.com",
        fields: ALL_FIELDS,
      },
    });
    // UTC times; the first category the table knows decides the kind.
    expect(byTitle(events, "Bedah Buku: Laut Bercerita")).toMatchObject({
      kind: "author_talk",
      startsAt: "2026-10-15T02:00:00.000Z",
      endsAt: "2026-10-15T04:00:00.000Z",
      location: "Ruang Baca Anak",
      registration: null,
    });
    // A floating time is read on the library's wall clock; categories match in any case.
    expect(byTitle(events, "Pameran Arsip Kota Manado")).toMatchObject({
      kind: "exhibition",
      startsAt: "2026-10-20T02:00:00.000Z",
      endsAt: "2026-10-20T08:00:00.000Z",
      local: { startsAt: "2026-10-20T10:00", endsAt: "2026-10-20T16:00" },
      description: null,
    });
    // All day, 26 to 28 October: DTEND 29 October is exclusive, and so is endsAt.
    expect(byTitle(events, "Pekan Literasi Keluarga")).toMatchObject({
      kind: "literacy_session",
      allDay: true,
      startsAt: "2026-10-25T16:00:00.000Z",
      endsAt: "2026-10-28T16:00:00.000Z",
      local: { startsAt: "2026-10-26T00:00", endsAt: "2026-10-29T00:00" },
    });
    // A TZID without a VTIMEZONE is read as that IANA zone (WIB, UTC+7); "Webinar" maps to nothing.
    expect(byTitle(events, "Webinar Perpustakaan Nasional")).toMatchObject({
      kind: "other",
      startsAt: "2026-11-05T12:00:00.000Z",
      endsAt: "2026-11-05T13:30:00.000Z",
    });
    expect(byTitle(events, "Festival Kolintang Anak")).toMatchObject({
      kind: "cultural",
      status: "cancelled",
      cancelledAt: "2026-10-01T00:00:00.000Z",
    });
    // Ended before now: left out.
    expect(events.map((e) => e.title)).not.toContain("Lomba Bercerita Tingkat SD");
  });

  it("expands a weekly RRULE in Europe/Berlin across the DST change, with EXDATE and overrides", async () => {
    const source = await calendarSource(libraryCalendar);
    await source.sync();
    const series = (await eventsOf(t, source.id)).filter((e) =>
      e.title.startsWith("Kelas Literasi Digital Daring"),
    );
    expect(series.map((e) => [e.startsAt, e.endsAt, e.status, e.title])).toEqual([
      // Past Tuesdays (15, 22, 29 September) are left out; 10:00 Berlin is 08:00Z in summer time,
      [
        "2026-10-06T08:00:00.000Z",
        "2026-10-06T09:30:00.000Z",
        "scheduled",
        "Kelas Literasi Digital Daring",
      ],
      [
        "2026-10-13T08:00:00.000Z",
        "2026-10-13T09:30:00.000Z",
        "scheduled",
        "Kelas Literasi Digital Daring",
      ],
      [
        "2026-10-20T08:00:00.000Z",
        "2026-10-20T09:30:00.000Z",
        "scheduled",
        "Kelas Literasi Digital Daring",
      ],
      // 27 October is an EXDATE; from 25 October 10:00 Berlin is 09:00Z.
      [
        "2026-11-03T09:00:00.000Z",
        "2026-11-03T10:30:00.000Z",
        "scheduled",
        "Kelas Literasi Digital Daring",
      ],
      // 10 November moved to Wednesday 11 November 14:00 by an override.
      [
        "2026-11-11T13:00:00.000Z",
        "2026-11-11T14:30:00.000Z",
        "scheduled",
        "Kelas Literasi Digital Daring (pindah ke Rabu)",
      ],
      // 17 November cancelled by an override whose RECURRENCE-ID is written in UTC.
      [
        "2026-11-17T09:00:00.000Z",
        "2026-11-17T10:30:00.000Z",
        "cancelled",
        "Kelas Literasi Digital Daring",
      ],
      [
        "2026-11-24T09:00:00.000Z",
        "2026-11-24T10:30:00.000Z",
        "scheduled",
        "Kelas Literasi Digital Daring",
      ],
      // 1 December onwards lies beyond the 60-day planning horizon.
    ]);
    expect(new Set(series.map((e) => e.source.uid))).toEqual(
      new Set(["5kelas-daring-goethe@google.com"]),
    );
    expect(series.every((e) => e.kind === "literacy_session")).toBe(true);
  });

  it("updates instead of duplicating, and asks with its validators", async () => {
    const source = await calendarSource(libraryCalendar);
    await source.sync();
    const unchangedFeed = await source.sync();
    expect(unchangedFeed).toEqual({
      created: 0,
      updated: 0,
      unchanged: 0,
      cancelled: 0,
      rejected: [],
      notModified: true,
    });
    const asked = feed.requests.filter((r) => r.path === source.path).at(-1);
    expect(asked?.headers["if-none-match"]).toBe(`"${paths}-1"`);
    expect(asked?.headers["user-agent"]).toMatch(/^Warta\/0\.1 \(\+http/);

    // The server says it changed, but nothing in it did.
    source.serve(libraryCalendar);
    expect(await source.sync()).toMatchObject({ created: 0, updated: 0, unchanged: 13 });
    const events = await eventsOf(t, source.id);
    expect(events).toHaveLength(13);
    expect(events.every((e) => e.version === 1)).toBe(true);
  });

  it("keeps a staff edit the feed did not change, and takes the feed's own change", async () => {
    const source = await calendarSource(libraryCalendar);
    await source.sync();
    const workshop = byTitle(await eventsOf(t, source.id), "Lokakarya Menulis Cerpen");
    const edited = await expectJson(
      t.request("PATCH", `/api/events/${workshop.id}`, {
        as: "editor",
        headers: { "if-match": '"1"' },
        body: { location: "Ruang Serbaguna", audience: "teens" },
      }),
      200,
    );
    expect(edited.source.fields).toEqual(ALL_FIELDS.filter((f) => f !== "location"));

    // The feed renames the workshop; the staff's location stays.
    const renamed = libraryCalendar.replace(
      "SUMMARY:Lokakarya Menulis Cerpen",
      "SUMMARY:Lokakarya Menulis Cerpen Remaja",
    );
    source.serve(renamed);
    expect(await source.sync()).toMatchObject({ created: 0, updated: 1, unchanged: 12 });
    const afterRename = await expectJson(t.request("GET", `/api/events/${workshop.id}`), 200);
    expect(afterRename).toMatchObject({
      title: "Lokakarya Menulis Cerpen Remaja",
      location: "Ruang Serbaguna",
      audience: "teens",
      version: 3,
    });
    expect(afterRename.source.fields).not.toContain("location");

    // Now the feed moves it too: the feed's change wins, and the field is the feed's again.
    source.serve(
      renamed.replace(
        "LOCATION:Aula Lantai 2\\, Perpustakaan Kota Manado",
        "LOCATION:Aula Lantai 3\\, Perpustakaan Kota Manado",
      ),
    );
    expect(await source.sync()).toMatchObject({ updated: 1 });
    const moved = await expectJson(t.request("GET", `/api/events/${workshop.id}`), 200);
    expect(moved).toMatchObject({
      location: "Aula Lantai 3, Perpustakaan Kota Manado",
      audience: "teens",
    });
    expect(moved.source.fields).toEqual(ALL_FIELDS);
  });

  it("cancels an event that left the feed, and restores it when it comes back", async () => {
    const source = await calendarSource(libraryCalendar);
    await source.sync();
    t.clock.set("2026-10-01T02:00:00Z");
    source.serve(withoutEvent(libraryCalendar, "2bdbk-laut-bercerita@google.com"));
    expect(await source.sync()).toMatchObject({ created: 0, updated: 0, cancelled: 1 });
    const gone = byTitle(await eventsOf(t, source.id), "Bedah Buku: Laut Bercerita");
    expect(gone).toMatchObject({
      status: "cancelled",
      cancelledAt: "2026-10-01T02:00:00.000Z",
      version: 2,
    });

    source.serve(libraryCalendar);
    expect(await source.sync()).toMatchObject({ created: 0, updated: 1, cancelled: 0 });
    const back = byTitle(await eventsOf(t, source.id), "Bedah Buku: Laut Bercerita");
    expect(back).toMatchObject({ status: "scheduled", cancelledAt: null, version: 3 });
    expect(back.source.fields).toEqual(ALL_FIELDS);
    expect(await eventsOf(t, source.id)).toHaveLength(13);
  });

  it("cancels one occurrence when a new EXDATE removes it from the series", async () => {
    const source = await calendarSource(libraryCalendar);
    await source.sync();
    source.serve(
      libraryCalendar.replace(
        "EXDATE;TZID=Europe/Berlin:20261027T100000",
        "EXDATE;TZID=Europe/Berlin:20261013T100000,20261027T100000",
      ),
    );
    expect(await source.sync()).toMatchObject({ created: 0, updated: 0, cancelled: 1 });
    const series = (await eventsOf(t, source.id)).filter((e) =>
      e.title.startsWith("Kelas Literasi Digital Daring"),
    );
    expect(series.find((e) => e.startsAt === "2026-10-13T08:00:00.000Z")?.status).toBe("cancelled");
    expect(series.find((e) => e.startsAt === "2026-10-20T08:00:00.000Z")?.status).toBe("scheduled");
  });

  it("maps categories through the source's own table, and remaps when the table changes", async () => {
    const source = await calendarSource(libraryCalendar, {
      categoryKinds: { Webinar: "literacy_session", "Bedah Buku": "author_talk" },
      defaultKind: "cultural",
    });
    await source.sync();
    let events = await eventsOf(t, source.id);
    expect(byTitle(events, "Webinar Perpustakaan Nasional").kind).toBe("literacy_session");
    expect(byTitle(events, "Lokakarya Menulis Cerpen").kind).toBe("cultural");

    const read = await t.request("GET", `/api/sources/${source.id}`, { as: "publisher" });
    await expectJson(
      t.request("PATCH", `/api/sources/${source.id}`, {
        as: "publisher",
        headers: { "if-match": read.headers.get("etag") ?? "" },
        body: { settings: { categoryKinds: { lokakarya: "workshop" } } },
      }),
      200,
    );
    // New settings forget the ETag: the next sync reads the feed again instead of a 304.
    const resync = await source.sync();
    expect(resync.notModified).toBeUndefined();
    expect(resync).toMatchObject({ created: 0, updated: 13 });
    events = await eventsOf(t, source.id);
    expect(byTitle(events, "Lokakarya Menulis Cerpen").kind).toBe("workshop");
    expect(byTitle(events, "Webinar Perpustakaan Nasional").kind).toBe("other");
  });
});
