import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { createTestApp, expectJson, type TestApp } from "../../test/support/app.js";
import { eventInput } from "../../test/support/factories.js";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});

const create = (overrides: Record<string, unknown> = {}) =>
  expectJson(t.request("POST", "/api/events", { as: "editor", body: eventInput(overrides) }), 201);

describe("events API", () => {
  it("creates an event and reads it back with its version as ETag", async () => {
    const created = await create({ title: "Bedah Buku Laut Bercerita", kind: "author_talk" });
    expect(created).toMatchObject({
      title: "Bedah Buku Laut Bercerita",
      kind: "author_talk",
      startsAt: "2026-12-06T01:00:00.000Z",
      status: "scheduled",
      version: 1,
    });
    const res = await t.request("GET", `/api/events/${created.id}`, { as: "viewer" });
    expect(res.headers.get("etag")).toBe('"1"');
    expect(await res.json()).toEqual(created);
  });

  it("keeps literacy-session details and registration", async () => {
    const created = await create({
      kind: "literacy_session",
      facilitator: "Tim Literasi Digital",
      topic: "Mengenali hoaks",
      targetGroup: "Lansia",
      registration: "required",
      capacity: 25,
    });
    expect(created).toMatchObject({
      facilitator: "Tim Literasi Digital",
      registration: "required",
      capacity: 25,
    });
    const withUrl = await create({
      registration: "https://perpustakaan.manadokota.go.id/daftar/1",
    });
    expect(withUrl.registration).toBe("https://perpustakaan.manadokota.go.id/daftar/1");
  });

  it("refuses facilitator details on events that are not literacy sessions", async () => {
    const body = await expectJson(
      t.request("POST", "/api/events", {
        as: "editor",
        body: eventInput({ kind: "exhibition", facilitator: "X" }),
      }),
      400,
    );
    expect(body.error.details.issues).toContainEqual({
      path: "body.facilitator",
      message: "is only for literacy_session events",
    });
  });

  it("updates with If-Match and answers 409 to a stale version", async () => {
    const created = await create();
    const updated = await expectJson(
      t.request("PATCH", `/api/events/${created.id}`, {
        as: "editor",
        headers: { "if-match": '"1"' },
        body: { title: "Judul baru" },
      }),
      200,
    );
    expect(updated).toMatchObject({ title: "Judul baru", version: 2 });

    const stale = await expectJson(
      t.request("PATCH", `/api/events/${created.id}`, {
        as: "editor",
        body: { title: "Tabrakan", version: 1 },
      }),
      409,
    );
    expect(stale.error.code).toBe("version_conflict");
    const current = await expectJson(t.request("GET", `/api/events/${created.id}`), 200);
    expect(current.title).toBe("Judul baru");
  });

  it("asks for the version when an update has none (428)", async () => {
    const created = await create();
    const body = await expectJson(
      t.request("PATCH", `/api/events/${created.id}`, {
        as: "editor",
        body: { title: "Tanpa versi" },
      }),
      428,
    );
    expect(body.error.code).toBe("precondition_required");
  });

  it("checks end after start against the stored start on a partial update", async () => {
    const created = await create();
    const body = await expectJson(
      t.request("PATCH", `/api/events/${created.id}`, {
        as: "editor",
        body: { endsAt: "2026-12-06T08:00:00+08:00", version: 1 },
      }),
      400,
    );
    expect(body.error.details.issues[0].path).toBe("body.endsAt");
  });

  it("cancels on delete and keeps the event visible", async () => {
    const created = await create();
    const cancelled = await expectJson(
      t.request("DELETE", `/api/events/${created.id}`, { as: "editor" }),
      200,
    );
    expect(cancelled).toMatchObject({ status: "cancelled", version: 2 });
    expect(cancelled.cancelledAt).toBe(t.clock.now().toISOString());
    const listed = await expectJson(t.request("GET", `/api/events?status=cancelled`), 200);
    expect(listed.items.map((e: { id: string }) => e.id)).toContain(created.id);
  });

  it("answers 404 with the error shape for an event that does not exist", async () => {
    const body = await expectJson(
      t.request("GET", "/api/events/7f1c2a4e-0000-4000-8000-000000000000"),
      404,
    );
    expect(body.error).toMatchObject({ code: "not_found" });
  });
});

describe("listing events", () => {
  let local: TestApp;
  beforeAll(async () => {
    local = await createTestApp();
    const day = (d: number, extra: Record<string, unknown> = {}) =>
      local.request("POST", "/api/events", {
        as: "editor",
        body: eventInput({
          startsAt: `2027-01-${String(d).padStart(2, "0")}T09:00:00+08:00`,
          endsAt: `2027-01-${String(d).padStart(2, "0")}T10:00:00+08:00`,
          ...extra,
        }),
      });
    for (let d = 1; d <= 12; d++)
      await day(d, d % 3 === 0 ? { kind: "cultural", audience: "families" } : {});
    await day(20, { title: "Festival Kolintang Anak", kind: "cultural", audience: "children" });
  });

  it("pages through every event in start order without gaps or repeats", async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `&cursor=${cursor}` : "";
      const page = await expectJson(
        local.request("GET", `/api/events?limit=5${query}`, { as: "viewer" }),
        200,
      );
      seen.push(...page.items.map((e: { startsAt: string }) => e.startsAt));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(13);
    expect([...seen].sort()).toEqual(seen);
    expect(new Set(seen).size).toBe(13);
  });

  it("filters by date range, kind, audience and title text", async () => {
    const range = await expectJson(
      local.request(
        "GET",
        "/api/events?from=2027-01-03T00:00:00%2B08:00&to=2027-01-06T00:00:00%2B08:00",
      ),
      200,
    );
    expect(range.items).toHaveLength(3);
    const cultural = await expectJson(local.request("GET", "/api/events?kind=cultural"), 200);
    expect(cultural.items).toHaveLength(5);
    const children = await expectJson(
      local.request("GET", "/api/events?kind=cultural&audience=children"),
      200,
    );
    expect(children.items.map((e: { title: string }) => e.title)).toEqual([
      "Festival Kolintang Anak",
    ]);
    const either = await expectJson(
      local.request("GET", "/api/events?kind=cultural,workshop&limit=100"),
      200,
    );
    expect(either.items).toHaveLength(13);
    const twoAudiences = await expectJson(
      local.request("GET", "/api/events?audience=children,families"),
      200,
    );
    expect(twoAudiences.items).toHaveLength(5);
    const text = await expectJson(local.request("GET", "/api/events?q=kolintang"), 200);
    expect(text.items).toHaveLength(1);
    const literal = await expectJson(local.request("GET", "/api/events?q=%25"), 200);
    expect(literal.items).toHaveLength(0);
  });

  it("rejects unknown filter values and forged cursors with 400", async () => {
    const kind = await expectJson(local.request("GET", "/api/events?kind=party"), 400);
    expect(kind.error.details.issues[0].path).toBe("query.kind");
    const forged = Buffer.from(
      JSON.stringify(["not a date", "7f1c2a4e-0000-4000-8000-000000000000"]),
    ).toString("base64url");
    const cursor = await expectJson(local.request("GET", `/api/events?cursor=${forged}`), 400);
    expect(cursor.error.details.issues[0].path).toBe("query.cursor");
  });
});

describe("lists kept current", () => {
  let fresh: TestApp;
  beforeAll(async () => {
    fresh = await createTestApp();
  });

  it("shows each event as it is now, however and wherever it was changed", async () => {
    await fresh.request("POST", "/api/events", {
      as: "editor",
      body: eventInput({
        title: "Pentas Musik Bambu",
        startsAt: "2027-02-01T09:00:00+08:00",
        endsAt: "2027-02-01T11:00:00+08:00",
      }),
    });
    const festival = "/api/events?q=Musik%20Bambu";
    const listed = async () => {
      const page = await expectJson(fresh.request("GET", festival, { as: "viewer" }), 200);
      return page.items.map((e: { title: string; source: { name: string } | null }) => [
        e.title,
        e.source?.name ?? null,
      ]);
    };
    expect(await listed()).toEqual([["Pentas Musik Bambu", null]]);
    const [event] = (await expectJson(fresh.request("GET", festival, { as: "viewer" }), 200)).items;

    await expectJson(
      fresh.request("PATCH", `/api/events/${event.id}`, {
        as: "editor",
        headers: { "if-match": '"1"' },
        body: { title: "Pentas Musik Bambu 2027" },
      }),
      200,
    );
    expect(await listed()).toEqual([["Pentas Musik Bambu 2027", null]]);

    // Another process (a calendar sync, the scheduler) writes straight to the database.
    const source = await expectJson(
      fresh.request("POST", "/api/sources", {
        as: "publisher",
        body: { kind: "ics", name: "Kalender Dinas", url: "https://example.org/dinas.ics" },
      }),
      201,
    );
    await fresh.database.db.execute(
      sql`update events set title = 'Musik Bambu Minahasa', source_id = ${source.id} where id = ${event.id}`,
    );
    expect(await listed()).toEqual([["Musik Bambu Minahasa", "Kalender Dinas"]]);
    await expectJson(
      fresh.request("PATCH", `/api/sources/${source.id}`, {
        as: "publisher",
        headers: { "if-match": '"1"' },
        body: { name: "Kalender Dinas Pendidikan" },
      }),
      200,
    );
    expect(await listed()).toEqual([["Musik Bambu Minahasa", "Kalender Dinas Pendidikan"]]);
  });
});

describe("the library's time zone (Asia/Makassar, UTC+8)", () => {
  let local: TestApp;
  beforeAll(async () => {
    local = await createTestApp();
    const at = (startsAt: string, title: string) =>
      local.request("POST", "/api/events", {
        as: "editor",
        body: eventInput({ title, startsAt, endsAt: null }),
      });
    await at("2027-03-09T23:30:00+08:00", "Malam sebelum");
    await at("2027-03-10T00:00:00+08:00", "Tengah malam");
    await at("2027-03-10T23:59:00+08:00", "Menjelang tengah malam");
    await at("2027-03-11T00:00:00+08:00", "Hari berikutnya");
  });

  it("reads a day filter as that whole day in the library's time zone", async () => {
    const body = await expectJson(
      local.request("GET", "/api/events?from=2027-03-10&to=2027-03-10"),
      200,
    );
    expect(body.items.map((e: { title: string }) => e.title)).toEqual([
      "Tengah malam",
      "Menjelang tengah malam",
    ]);
  });

  it("reads a '+' offset that a query string turned into a space", async () => {
    const body = await expectJson(
      local.request(
        "GET",
        "/api/events?from=2027-03-10T00:00:00+08:00&to=2027-03-11T00:00:00+08:00",
      ),
      200,
    );
    expect(body.items).toHaveLength(2);
  });

  it("shows each event's times on the library's wall clock", async () => {
    const body = await expectJson(local.request("GET", "/api/events?q=Tengah"), 200);
    expect(body.items[0]).toMatchObject({
      startsAt: "2027-03-09T16:00:00.000Z",
      local: { timeZone: "Asia/Makassar", startsAt: "2027-03-10T00:00", endsAt: null },
    });
  });

  it("requires all-day events to start at local midnight", async () => {
    const bad = await expectJson(
      local.request("POST", "/api/events", {
        as: "editor",
        body: eventInput({ allDay: true, startsAt: "2027-03-12T10:00:00+08:00", endsAt: null }),
      }),
      400,
    );
    expect(bad.error.details.issues[0]).toEqual({
      path: "body.startsAt",
      message: "must be 00:00 in Asia/Makassar for an all-day event",
    });
    await expectJson(
      local.request("POST", "/api/events", {
        as: "editor",
        body: eventInput({
          allDay: true,
          startsAt: "2027-03-12T00:00:00+08:00",
          endsAt: "2027-03-14T00:00:00+08:00",
        }),
      }),
      201,
    );
  });

  it("answers 400 to a filter that is neither a day nor an instant, and to unknown parameters", async () => {
    const bad = await expectJson(local.request("GET", "/api/events?from=besok"), 400);
    expect(bad.error.details.issues[0].path).toBe("query.from");
    const typo = await expectJson(local.request("GET", "/api/events?knd=workshop"), 400);
    expect(typo.error.details.issues[0].path).toBe("query.knd");
  });

  it("treats a PATCH that changes nothing as no change", async () => {
    const event = await expectJson(
      local.request("POST", "/api/events", { as: "editor", body: eventInput() }),
      201,
    );
    const same = await expectJson(
      local.request("PATCH", `/api/events/${event.id}`, { as: "editor", body: { version: 1 } }),
      200,
    );
    expect(same.version).toBe(1);
  });

  it("answers 400 when If-Match and the body's version disagree", async () => {
    const event = await expectJson(
      local.request("POST", "/api/events", { as: "editor", body: eventInput() }),
      201,
    );
    const body = await expectJson(
      local.request("PATCH", `/api/events/${event.id}`, {
        as: "editor",
        headers: { "if-match": '"1"' },
        body: { title: "Baru", version: 2 },
      }),
      400,
    );
    expect(body.error.details.issues[0].path).toBe("body.version");
  });
});
