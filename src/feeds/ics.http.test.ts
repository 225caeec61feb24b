import { gunzipSync } from "node:zlib";
import ICAL from "ical.js";
import { beforeAll, describe, expect, it } from "vitest";
import { createTestApp, expectJson, type TestApp } from "../../test/support/app.js";
import { eventInput } from "../../test/support/factories.js";

let t: TestApp;
beforeAll(async () => {
  // Today in Manado: Tuesday 1 December 2026.
  t = await createTestApp({ now: "2026-12-01T02:00:00Z" });
});

const create = (overrides: Record<string, unknown> = {}) =>
  expectJson(t.request("POST", "/api/events", { as: "editor", body: eventInput(overrides) }), 201);

const feed = (query = "", headers: Record<string, string> = {}) =>
  t.request("GET", `/feeds/events.ics${query}`, { token: null, headers });

/** The feed as ical.js reads it, with the feed's own VTIMEZONE as the only zone it knows. */
async function parseFeed(query = "") {
  const res = await feed(query);
  expect(res.status).toBe(200);
  const calendar = new ICAL.Component(ICAL.parse(await res.text()));
  const vtimezone = calendar.getFirstSubcomponent("vtimezone");
  if (!vtimezone) throw new Error("no VTIMEZONE");
  ICAL.TimezoneService.reset();
  ICAL.TimezoneService.register(vtimezone);
  const events = new Map(
    calendar.getAllSubcomponents("vevent").map((vevent) => {
      const uid = String(vevent.getFirstPropertyValue("uid"));
      return [uid.replace(/@.*$/, ""), vevent] as const;
    }),
  );
  return { calendar, events };
}

const tricky = "Perpustakaan Kota Manado — Lomba Bercerita Anak 📚, untuk; semua \\ umur";

describe("the iCalendar feed", () => {
  it("needs no token and describes the calendar", async () => {
    const res = await feed();
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/calendar; charset=utf-8");
    const { calendar } = await parseFeed();
    expect(calendar.getFirstPropertyValue("version")).toBe("2.0");
    expect(calendar.getFirstPropertyValue("prodid")).toBe("-//Warta//Perpustakaan Kota Manado//ID");
    expect(calendar.getFirstPropertyValue("calscale")).toBe("GREGORIAN");
    expect(calendar.getFirstPropertyValue("method")).toBe("PUBLISH");
    expect(calendar.getFirstPropertyValue("x-wr-calname")).toBe("Perpustakaan Kota Manado — Acara");
    expect(calendar.getFirstPropertyValue("x-wr-timezone")).toBe("Asia/Makassar");
    expect(calendar.getFirstSubcomponent("vtimezone")?.getFirstPropertyValue("tzid")).toBe(
      "Asia/Makassar",
    );
  });

  it("writes each event field by field, times resolved through the VTIMEZONE", async () => {
    const event = await create({
      kind: "cultural",
      title: tricky,
      summary: "Ringkasan, singkat; jelas",
      description: "Baris pertama\nBaris kedua dengan emoji 🎉 dan aksara ꦲꦏ꧀ꦱꦫ",
      location: "Aula Lantai 2, Jl. Sam Ratulangi; Manado",
      startsAt: "2026-12-06T09:00:00+08:00",
      endsAt: "2026-12-06T11:30:00+08:00",
      registration: "https://perpustakaan.example/daftar?acara=1&kursi=2",
      imageUrl: "https://perpustakaan.example/poster.png",
    });
    const { events } = await parseFeed();
    const vevent = events.get(event.id);
    if (!vevent) throw new Error("event missing from the feed");

    expect(vevent.getFirstPropertyValue("uid")).toBe(`${event.id}@localhost`);
    expect(vevent.getFirstPropertyValue("summary")).toBe(tricky);
    expect(vevent.getFirstPropertyValue("description")).toBe(
      "Ringkasan, singkat; jelas\n\nBaris pertama\nBaris kedua dengan emoji 🎉 dan aksara ꦲꦏ꧀ꦱꦫ\n\nDaftar di https://perpustakaan.example/daftar?acara=1&kursi=2",
    );
    expect(vevent.getFirstPropertyValue("location")).toBe(
      "Aula Lantai 2, Jl. Sam Ratulangi; Manado",
    );
    expect(vevent.getFirstPropertyValue("url")).toBe(
      `http://localhost:3000/public/events/${event.id}`,
    );
    expect(vevent.getFirstPropertyValue("categories")).toBe("cultural");
    expect(vevent.getFirstPropertyValue("image")).toBe("https://perpustakaan.example/poster.png");
    expect(vevent.getFirstPropertyValue("status")).toBe("CONFIRMED");
    expect(vevent.getFirstPropertyValue("sequence")).toBe(1);

    const start = vevent.getFirstPropertyValue("dtstart") as ICAL.Time;
    const end = vevent.getFirstPropertyValue("dtend") as ICAL.Time;
    expect(vevent.getFirstProperty("dtstart")?.getParameter("tzid")).toBe("Asia/Makassar");
    expect(start.toString()).toBe("2026-12-06T09:00:00");
    expect(start.toJSDate().toISOString()).toBe("2026-12-06T01:00:00.000Z");
    expect(end.toJSDate().toISOString()).toBe("2026-12-06T03:30:00.000Z");
    const stamp = vevent.getFirstPropertyValue("dtstamp") as ICAL.Time;
    expect(stamp.toJSDate().toISOString()).toBe(event.updatedAt);
    const modified = vevent.getFirstPropertyValue("last-modified") as ICAL.Time;
    expect(modified.zone?.tzid).toBe("UTC");
  });

  it("writes all-day events as dates with an exclusive end", async () => {
    const twoDays = await create({
      title: "Pameran Buku Dua Hari",
      allDay: true,
      startsAt: "2026-12-10T00:00:00+08:00",
      endsAt: "2026-12-12T00:00:00+08:00",
    });
    const oneDay = await create({
      title: "Hari Dongeng",
      allDay: true,
      startsAt: "2026-12-15T00:00:00+08:00",
      endsAt: null,
    });
    const { events } = await parseFeed();
    const dates = (id: string) => {
      const vevent = events.get(id);
      const start = vevent?.getFirstPropertyValue("dtstart") as ICAL.Time;
      const end = vevent?.getFirstPropertyValue("dtend") as ICAL.Time;
      return [start.isDate, start.toString(), end.isDate, end.toString()];
    };
    expect(dates(twoDays.id)).toEqual([true, "2026-12-10", true, "2026-12-12"]);
    expect(dates(oneDay.id)).toEqual([true, "2026-12-15", true, "2026-12-16"]);
  });

  it("leaves out DTEND when an event has no end", async () => {
    const open = await create({ title: "Pojok Baca Terbuka", endsAt: null });
    const { events } = await parseFeed();
    expect(events.get(open.id)?.getFirstProperty("dtend")).toBeNull();
  });

  it("keeps a cancelled event, marked CANCELLED with a higher SEQUENCE", async () => {
    const event = await create({ title: "Bedah Buku yang Batal" });
    await expectJson(t.request("DELETE", `/api/events/${event.id}`, { as: "editor" }), 200);
    const { events } = await parseFeed();
    const vevent = events.get(event.id);
    expect(vevent?.getFirstPropertyValue("status")).toBe("CANCELLED");
    expect(vevent?.getFirstPropertyValue("sequence")).toBe(2);
  });

  it("marks a postponed event TENTATIVE", async () => {
    const event = await create({ title: "Lomba Puisi Ditunda", status: "postponed" });
    const { events } = await parseFeed();
    expect(events.get(event.id)?.getFirstPropertyValue("status")).toBe("TENTATIVE");
  });

  it("holds events from 30 days ago to the planning horizon, and long ones still running", async () => {
    const tooOld = await create({
      startsAt: "2026-10-20T09:00:00+08:00",
      endsAt: "2026-10-20T11:00:00+08:00",
    });
    const recent = await create({
      startsAt: "2026-11-05T09:00:00+08:00",
      endsAt: "2026-11-05T11:00:00+08:00",
    });
    const exhibition = await create({
      kind: "exhibition",
      startsAt: "2026-10-01T09:00:00+08:00",
      endsAt: "2026-12-20T17:00:00+08:00",
    });
    const lastDay = await create({
      startsAt: "2027-01-30T20:00:00+08:00",
      endsAt: "2027-01-30T22:00:00+08:00",
    });
    const beyond = await create({
      startsAt: "2027-01-31T09:00:00+08:00",
      endsAt: "2027-01-31T11:00:00+08:00",
    });
    const { events } = await parseFeed();
    expect(events.has(tooOld.id)).toBe(false);
    expect(events.has(recent.id)).toBe(true);
    expect(events.has(exhibition.id)).toBe(true);
    expect(events.has(lastDay.id)).toBe(true);
    expect(events.has(beyond.id)).toBe(false);
  });

  it("folds long lines at 75 octets without splitting a character, with CRLF everywhere", async () => {
    const event = await create({
      title: `${"📚 Bercerita ".repeat(12)}selesai`,
      description: "ꦲꦏ꧀ꦱꦫ ꦗꦮ ".repeat(40),
    });
    const res = await feed();
    const bytes = new Uint8Array(await res.arrayBuffer());
    const text = new TextDecoder().decode(bytes);
    expect(text.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
    expect(text.endsWith("END:VCALENDAR\r\n")).toBe(true);
    const lines: Uint8Array[] = [];
    let start = 0;
    for (let i = 0; i < bytes.length - 1; i++) {
      if (bytes[i] === 13 && bytes[i + 1] === 10) {
        lines.push(bytes.subarray(start, i));
        start = i + 2;
      }
    }
    const strict = new TextDecoder("utf-8", { fatal: true });
    for (const line of lines) {
      expect(line.length).toBeLessThanOrEqual(75);
      expect(() => strict.decode(line)).not.toThrow();
    }
    expect(lines.filter((line) => line[0] === 32).length).toBeGreaterThan(10);
    const { events } = await parseFeed();
    expect(events.get(event.id)?.getFirstPropertyValue("summary")).toBe(
      `${"📚 Bercerita ".repeat(12)}selesai`,
    );
  });
});

describe("iCalendar filters", () => {
  it("filters by kind and audience, comma-separated or repeated", async () => {
    const workshop = await create({ kind: "workshop", audience: "teens" });
    const talk = await create({ kind: "author_talk", audience: "adults" });
    const fair = await create({ kind: "book_fair", audience: "children" });
    const ids = async (query: string) => [...(await parseFeed(query)).events.keys()];

    const workshops = await ids("?kind=workshop");
    expect(workshops).toContain(workshop.id);
    expect(workshops).not.toContain(talk.id);

    for (const query of ["?kind=workshop,author_talk", "?kind=workshop&kind=author_talk"]) {
      const both = await ids(query);
      expect(both).toEqual(expect.arrayContaining([workshop.id, talk.id]));
      expect(both).not.toContain(fair.id);
    }
    const children = await ids("?audience=children");
    expect(children).toContain(fair.id);
    expect(children).not.toContain(workshop.id);
    expect(await ids("?kind=workshop&audience=children")).not.toContain(fair.id);
  });

  it("refuses an unknown kind, audience or parameter with a JSON error", async () => {
    const kind = await expectJson(feed("?kind=workshop,karaoke"), 400);
    expect(kind.error.code).toBe("validation_failed");
    expect(kind.error.details.issues[0]).toEqual({
      path: "query.kind",
      message: expect.stringContaining("karaoke"),
    });
    const audience = await expectJson(feed("?audience=robots"), 400);
    expect(audience.error.details.issues[0].path).toBe("query.audience");
    const unknown = await expectJson(feed("?colour=red"), 400);
    expect(unknown.error.details.issues[0].path).toBe("query.colour");
  });
});

describe("iCalendar caching", () => {
  it("answers If-None-Match with 304 until an event changes", async () => {
    const event = await create({ title: "Kelas Menulis" });
    const first = await feed();
    const etag = first.headers.get("etag");
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect(first.headers.get("cache-control")).toBe("public, max-age=300");
    const body = await first.text();

    const again = await feed("", { "if-none-match": etag ?? "" });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe("");
    expect(again.headers.get("etag")).toBe(etag);

    const plain = await feed();
    expect(await plain.text()).toBe(body);

    // Some clients look first: HEAD answers with the same validators and no body.
    const head = await t.request("HEAD", "/feeds/events.ics", { token: null });
    expect(head.status).toBe(200);
    expect(head.headers.get("etag")).toBe(etag);
    expect(await head.text()).toBe("");

    // Same clock millisecond: the version alone must change the feed.
    await expectJson(
      t.request("PATCH", `/api/events/${event.id}`, {
        as: "editor",
        body: { title: "Kelas Menulis Kreatif", version: 1 },
      }),
      200,
    );
    const changed = await feed("", { "if-none-match": etag ?? "" });
    expect(changed.status).toBe(200);
    expect(changed.headers.get("etag")).not.toBe(etag);
    expect(await changed.text()).toContain("SUMMARY:Kelas Menulis Kreatif");
  });

  it("keeps a separate ETag per filter", async () => {
    const all = await feed();
    const workshops = await feed("?kind=workshop");
    expect(all.headers.get("etag")).not.toBe(workshops.headers.get("etag"));
    const sameFilter = await feed("?kind=workshop", {
      "if-none-match": workshops.headers.get("etag") ?? "",
    });
    expect(sameFilter.status).toBe(304);
  });

  it("sends the same feed gzipped to clients that accept it, with its own ETag", async () => {
    const plain = await feed();
    const plainText = await plain.text();
    const zipped = await feed("", { "accept-encoding": "gzip, deflate, br" });
    expect(zipped.headers.get("content-encoding")).toBe("gzip");
    expect(zipped.headers.get("vary")).toBe("Accept-Encoding");
    const bytes = new Uint8Array(await zipped.arrayBuffer());
    expect(bytes.length).toBeLessThan(plainText.length / 3);
    expect(gunzipSync(bytes).toString("utf8")).toBe(plainText);
    const zippedTag = zipped.headers.get("etag") ?? "";
    expect(zippedTag).not.toBe(plain.headers.get("etag"));
    const refused = await feed("", { "accept-encoding": "gzip;q=0, identity" });
    expect(refused.headers.get("content-encoding")).toBeNull();
    const revalidated = await feed("", { "accept-encoding": "gzip", "if-none-match": zippedTag });
    expect(revalidated.status).toBe(304);
  });

  it("lets browsers on other origins read it, preflight included", async () => {
    const res = await feed("", { origin: "https://perpustakaan.example" });
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    expect(res.headers.get("access-control-expose-headers")).toBe("ETag");
    const preflight = await t.request("OPTIONS", "/feeds/events.ics", {
      token: null,
      headers: {
        origin: "https://perpustakaan.example",
        "access-control-request-method": "GET",
        "access-control-request-headers": "if-none-match",
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-headers")).toBe("If-None-Match");
  });
});
