import { beforeAll, describe, expect, it } from "vitest";
import { createTestApp, expectJson, type TestApp } from "../../test/support/app.js";
import { acquisitionInput } from "../../test/support/factories.js";

type Item = { id: string; acquiredOn: string; title: string };

const ids = (page: { items: Item[] }) => page.items.map((item) => item.id);

const create = (t: TestApp, overrides: Record<string, unknown> = {}) =>
  expectJson(
    t.request("POST", "/api/acquisitions", { as: "editor", body: acquisitionInput(overrides) }),
    201,
  );

/** Every id the list answers, following nextCursor to the end. */
async function listAll(t: TestApp, query = "") {
  const all: Item[] = [];
  let cursor: string | null = null;
  do {
    const next: string = cursor ? `&cursor=${cursor}` : "";
    const page = await expectJson(
      t.request("GET", `/api/acquisitions?limit=100${query}${next}`),
      200,
    );
    all.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return all;
}

describe("creating acquisitions", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });

  it("stores an ISBN-10 as its ISBN-13 and answers with the version as ETag", async () => {
    const res = await t.request("POST", "/api/acquisitions", {
      as: "editor",
      body: acquisitionInput({
        isbn: "979-3062-79-7",
        title: "Laskar Pelangi",
        authors: ["Andrea Hirata"],
      }),
    });
    expect(res.status).toBe(201);
    expect(res.headers.get("etag")).toBe('"1"');
    const created = await expectJson(res, 201);
    expect(created).toMatchObject({ isbn: "9789793062792", title: "Laskar Pelangi", version: 1 });
    expect(res.headers.get("location")).toBe(`/api/acquisitions/${created.id}`);
    const read = await expectJson(
      t.request("GET", `/api/acquisitions/${created.id}`, { as: "viewer" }),
      200,
    );
    expect(read).toEqual(created);
  });

  it("answers 400 at body.isbn for a bad check digit and writes nothing", async () => {
    const before = (await listAll(t)).length;
    const auditBefore = await expectJson(
      t.request("GET", "/api/audit?entityType=acquisition&limit=100"),
      200,
    );
    const body = await expectJson(
      t.request("POST", "/api/acquisitions", {
        as: "editor",
        body: acquisitionInput({ isbn: "0-306-40615-3", title: "Buku dengan ISBN salah" }),
      }),
      400,
    );
    expect(body.error.code).toBe("validation_failed");
    expect(body.error.details.issues.map((i: { path: string }) => i.path)).toEqual(["body.isbn"]);
    expect(await listAll(t)).toHaveLength(before);
    const auditAfter = await expectJson(
      t.request("GET", "/api/audit?entityType=acquisition&limit=100"),
      200,
    );
    expect(auditAfter.items).toHaveLength(auditBefore.items.length);
  });

  it("answers 400 at body.isbn for text that is no ISBN at all", async () => {
    const body = await expectJson(
      t.request("POST", "/api/acquisitions", {
        as: "editor",
        body: acquisitionInput({ isbn: "segera terbit" }),
      }),
      400,
    );
    expect(body.error.details.issues[0].path).toBe("body.isbn");
  });

  it("allows any number of acquisitions without an ISBN", async () => {
    const first = await create(t, { isbn: null, title: "Kumpulan Kliping Koran Manado 1990" });
    const second = await create(t, {
      isbn: undefined,
      title: "Kumpulan Kliping Koran Manado 1991",
    });
    expect(first.isbn).toBeNull();
    expect(second.isbn).toBeNull();
    expect(second.id).not.toBe(first.id);
  });

  it("lets an editor create but answers 403 to a viewer and 401 without a token", async () => {
    const before = (await listAll(t)).length;
    const denied = await expectJson(
      t.request("POST", "/api/acquisitions", { as: "viewer", body: acquisitionInput() }),
      403,
    );
    expect(denied.error.code).toBe("forbidden");
    await expectJson(
      t.request("POST", "/api/acquisitions", { token: null, body: acquisitionInput() }),
      401,
    );
    expect(await listAll(t)).toHaveLength(before);
    await create(t);
    expect(await listAll(t)).toHaveLength(before + 1);
  });
});

describe("one record per ISBN", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });

  it("answers 409 with the existing id when the ISBN is already catalogued", async () => {
    const first = await create(t, { isbn: "9786020324784" });
    const body = await expectJson(
      t.request("POST", "/api/acquisitions", {
        as: "editor",
        body: acquisitionInput({ isbn: "9786020324784" }),
      }),
      409,
    );
    expect(body.error.code).toBe("duplicate");
    expect(body.error.details.existingId).toBe(first.id);
  });

  describe("given in another form", () => {
    let first: Item;
    beforeAll(async () => {
      first = await create(t, { isbn: "9789793062792", title: "Laskar Pelangi" });
    });

    it.each([
      ["its ISBN-10", "979-3062-79-7"],
      ["its ISBN-10 without hyphens", "9793062797"],
      ["its ISBN-13 with hyphens", "978-979-3062-79-2"],
      ["its ISBN-13 with spaces", "978 979 3062 79 2"],
    ])("answers 409 with the existing id when the same edition comes as %s", async (_, isbn) => {
      const before = (await listAll(t)).length;
      const body = await expectJson(
        t.request("POST", "/api/acquisitions", { as: "editor", body: acquisitionInput({ isbn }) }),
        409,
      );
      expect(body.error).toMatchObject({ code: "duplicate", details: { existingId: first.id } });
      expect(await listAll(t)).toHaveLength(before);
    });
  });

  it("answers 409 to one of two requests racing for one ISBN, never 500", async () => {
    const input = acquisitionInput();
    const answers = await Promise.all([
      t.request("POST", "/api/acquisitions", { as: "editor", body: input }),
      t.request("POST", "/api/acquisitions", { as: "editor", body: input }),
    ]);
    const statuses = answers.map((res) => res.status).sort();
    expect(statuses).toEqual([201, 409]);
    const winner = answers.find((res) => res.status === 201);
    const loser = answers.find((res) => res.status === 409);
    if (!winner || !loser) throw new Error("expected one 201 and one 409");
    const created = await expectJson(winner, 201);
    const conflict = await expectJson(loser, 409);
    expect(conflict.error).toMatchObject({
      code: "duplicate",
      details: { existingId: created.id },
    });
  });

  it("answers 409 when a PATCH gives a record another record's ISBN, and changes nothing", async () => {
    const taken = await create(t);
    const other = await create(t);
    const body = await expectJson(
      t.request("PATCH", `/api/acquisitions/${other.id}`, {
        as: "editor",
        headers: { "if-match": '"1"' },
        body: { isbn: taken.isbn },
      }),
      409,
    );
    expect(body.error).toMatchObject({ code: "duplicate", details: { existingId: taken.id } });
    const unchanged = await expectJson(t.request("GET", `/api/acquisitions/${other.id}`), 200);
    expect(unchanged).toMatchObject({ isbn: other.isbn, version: 1 });
  });

  it("answers 409 when a PATCH gives another record's ISBN in ISBN-10 form", async () => {
    const taken = await create(t, { isbn: "0-306-40615-2" });
    const other = await create(t);
    const body = await expectJson(
      t.request("PATCH", `/api/acquisitions/${other.id}`, {
        as: "editor",
        body: { isbn: "0306406152", version: 1 },
      }),
      409,
    );
    expect(body.error.details.existingId).toBe(taken.id);
  });

  it("lets a PATCH restate the record's own ISBN in another form", async () => {
    const own = await create(t, { isbn: "9780804429573" });
    const updated = await expectJson(
      t.request("PATCH", `/api/acquisitions/${own.id}`, {
        as: "editor",
        headers: { "if-match": '"1"' },
        body: { isbn: "0-8044-2957-X", title: "Judul diperbarui" },
      }),
      200,
    );
    expect(updated).toMatchObject({ isbn: "9780804429573", title: "Judul diperbarui", version: 2 });
  });

  it("frees an ISBN once a PATCH moves its record to another one", async () => {
    const first = await create(t);
    const oldIsbn = first.isbn;
    await expectJson(
      t.request("PATCH", `/api/acquisitions/${first.id}`, {
        as: "editor",
        body: { isbn: "0-9752298-0-X", version: 1 },
      }),
      200,
    );
    const second = await create(t, { isbn: oldIsbn });
    expect(second.isbn).toBe(oldIsbn);
  });
});

describe("updating and deleting acquisitions", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });

  it("updates with If-Match and answers 409 to a stale version without changing the record", async () => {
    const created = await create(t, { title: "Bumi Manusia" });
    const updated = await expectJson(
      t.request("PATCH", `/api/acquisitions/${created.id}`, {
        as: "editor",
        headers: { "if-match": '"1"' },
        body: { featured: true },
      }),
      200,
    );
    expect(updated).toMatchObject({ featured: true, version: 2 });

    const stale = await expectJson(
      t.request("PATCH", `/api/acquisitions/${created.id}`, {
        as: "editor",
        headers: { "if-match": '"1"' },
        body: { title: "Anak Semua Bangsa" },
      }),
      409,
    );
    expect(stale.error).toMatchObject({ code: "version_conflict", details: { currentVersion: 2 } });
    const current = await expectJson(t.request("GET", `/api/acquisitions/${created.id}`), 200);
    expect(current).toMatchObject({ title: "Bumi Manusia", featured: true, version: 2 });
  });

  it("answers 428 when a PATCH names no version", async () => {
    const created = await create(t);
    const body = await expectJson(
      t.request("PATCH", `/api/acquisitions/${created.id}`, {
        as: "editor",
        body: { featured: true },
      }),
      428,
    );
    expect(body.error.code).toBe("precondition_required");
  });

  it("answers 400 at body.isbn when a PATCH sends a bad ISBN", async () => {
    const created = await create(t);
    const body = await expectJson(
      t.request("PATCH", `/api/acquisitions/${created.id}`, {
        as: "editor",
        body: { isbn: "978-0-306-40615-8", version: 1 },
      }),
      400,
    );
    expect(body.error.details.issues[0].path).toBe("body.isbn");
  });

  it("deletes with 204, then answers 404 and keeps the deleted record in the audit log", async () => {
    const created = await create(t, { title: "Ronggeng Dukuh Paruk", authors: ["Ahmad Tohari"] });
    const res = await t.request("DELETE", `/api/acquisitions/${created.id}`, { as: "editor" });
    expect(res.status).toBe(204);
    expect(await res.text()).toBe("");

    const gone = await expectJson(t.request("GET", `/api/acquisitions/${created.id}`), 404);
    expect(gone.error.code).toBe("not_found");
    expect(ids({ items: await listAll(t) })).not.toContain(created.id);

    const audit = await expectJson(
      t.request("GET", `/api/audit?entityType=acquisition&entityId=${created.id}`, { as: "admin" }),
      200,
    );
    expect(audit.items.map((e: { action: string }) => e.action)).toEqual(["delete", "create"]);
    const [deletion] = audit.items;
    expect(deletion.before).toEqual(created);
    expect(deletion.after).toBeNull();
    expect(deletion.actor.name).toBe("editor token");
  });

  it("answers 409 to a DELETE with a stale If-Match and keeps the record", async () => {
    const created = await create(t);
    await expectJson(
      t.request("PATCH", `/api/acquisitions/${created.id}`, {
        as: "editor",
        body: { featured: true, version: 1 },
      }),
      200,
    );
    const body = await expectJson(
      t.request("DELETE", `/api/acquisitions/${created.id}`, {
        as: "editor",
        headers: { "if-match": '"1"' },
      }),
      409,
    );
    expect(body.error.code).toBe("version_conflict");
    await expectJson(t.request("GET", `/api/acquisitions/${created.id}`), 200);
  });

  it("answers 404 to a DELETE of an acquisition that does not exist", async () => {
    const body = await expectJson(
      t.request("DELETE", "/api/acquisitions/7f1c2a4e-0000-4000-8000-000000000000", {
        as: "editor",
      }),
      404,
    );
    expect(body.error.code).toBe("not_found");
  });

  it("answers 403 to a viewer's PATCH and DELETE", async () => {
    const created = await create(t);
    await expectJson(
      t.request("PATCH", `/api/acquisitions/${created.id}`, {
        as: "viewer",
        body: { featured: true, version: 1 },
      }),
      403,
    );
    await expectJson(t.request("DELETE", `/api/acquisitions/${created.id}`, { as: "viewer" }), 403);
    const still = await expectJson(t.request("GET", `/api/acquisitions/${created.id}`), 200);
    expect(still).toMatchObject({ featured: false, version: 1 });
  });
});

describe("listing acquisitions", () => {
  let t: TestApp;
  const created: Item[] = [];
  beforeAll(async () => {
    t = await createTestApp();
    const add = async (overrides: Record<string, unknown>) => {
      created.push(await create(t, overrides));
    };
    // Several books share a day, so the id tie-break is what keeps pages apart.
    for (let d = 1; d <= 12; d++) {
      const acquiredOn = `2026-10-${String(Math.ceil(d / 3) * 3).padStart(2, "0")}`;
      await add({ acquiredOn, subjects: d % 2 === 0 ? ["Sejarah"] : ["Fiksi"] });
    }
    await add({
      acquiredOn: "2026-11-02",
      title: "Laskar Pelangi",
      authors: ["Andrea Hirata"],
      subjects: ["Fiksi", "Pendidikan"],
      featured: true,
    });
    await add({
      acquiredOn: "2026-11-03",
      title: "Ronggeng Dukuh Paruk",
      authors: ["Ahmad Tohari", "Andrea Hirata"],
      subjects: ["Fiksi"],
      featured: true,
    });
    await add({
      acquiredOn: "2026-09-30",
      title: "Diskon 100% Buku Anak",
      authors: ["Tim Redaksi"],
      subjects: ["Anak-anak"],
    });
  });

  it("pages newest first by acquisition date through every record without gaps or repeats", async () => {
    const seen: Item[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const next: string = cursor ? `&cursor=${cursor}` : "";
      const page = await expectJson(
        t.request("GET", `/api/acquisitions?limit=4${next}`, { as: "viewer" }),
        200,
      );
      expect(page.items.length).toBeLessThanOrEqual(4);
      seen.push(...page.items);
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor && pages < 20);
    expect(pages).toBe(4);
    expect(seen).toHaveLength(created.length);
    expect(new Set(ids({ items: seen }))).toEqual(new Set(ids({ items: created })));
    const dates = seen.map((item) => item.acquiredOn);
    expect(dates).toEqual([...dates].sort().reverse());
    expect(dates[0]).toBe("2026-11-03");
    expect(dates.at(-1)).toBe("2026-09-30");
  });

  it.each([
    ["a subject", "&subject=Fiksi", 8],
    ["title text", "&q=Sejarah%20Minahasa", 12],
  ])(
    "pages a list filtered by %s without gaps or repeats, ties included",
    async (_, query, total) => {
      const all = await listAll(t, query);
      expect(all).toHaveLength(total);
      const seen: Item[] = [];
      let cursor: string | null = null;
      do {
        const next: string = cursor ? `&cursor=${cursor}` : "";
        const page = await expectJson(
          t.request("GET", `/api/acquisitions?limit=2${query}${next}`),
          200,
        );
        seen.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor && seen.length <= total);
      expect(ids({ items: seen })).toEqual(ids({ items: all }));
    },
  );

  it("ends with a null cursor when the last page is exactly full", async () => {
    const page = await expectJson(
      t.request("GET", `/api/acquisitions?limit=${created.length}`),
      200,
    );
    expect(page.items).toHaveLength(created.length);
    expect(page.nextCursor).toBeNull();
  });

  it("filters by acquisition date, both ends inclusive", async () => {
    const range = await listAll(t, "&from=2026-10-06&to=2026-10-09");
    expect(range).toHaveLength(6);
    expect(
      range.every((item) => item.acquiredOn >= "2026-10-06" && item.acquiredOn <= "2026-10-09"),
    ).toBe(true);
    expect(await listAll(t, "&from=2026-11-03")).toHaveLength(1);
    expect(await listAll(t, "&to=2026-09-30")).toHaveLength(1);
  });

  it("filters by a whole subject, whatever its case", async () => {
    expect(await listAll(t, "&subject=Sejarah")).toHaveLength(6);
    expect(await listAll(t, "&subject=Fiksi")).toHaveLength(8);
    const education = await listAll(t, "&subject=Pendidikan");
    expect(education.map((item) => item.title)).toEqual(["Laskar Pelangi"]);
    expect(await listAll(t, "&subject=sejarah")).toHaveLength(6);
    expect(await listAll(t, "&subject=Sejar")).toHaveLength(0);
  });

  it("filters by featured=true and featured=false", async () => {
    const featured = await listAll(t, "&featured=true");
    expect(featured.map((item) => item.title)).toEqual(["Ronggeng Dukuh Paruk", "Laskar Pelangi"]);
    expect(await listAll(t, "&featured=false")).toHaveLength(created.length - 2);
  });

  it("answers 400 at query.featured for a value other than true or false", async () => {
    for (const value of ["yes", "1", "TRUE", ""]) {
      const body = await expectJson(t.request("GET", `/api/acquisitions?featured=${value}`), 400);
      expect(body.error.details.issues[0].path, value).toBe("query.featured");
    }
  });

  it("finds text in the title or in any author, ignoring case", async () => {
    const byTitle = await listAll(t, "&q=laskar");
    expect(byTitle.map((item) => item.title)).toEqual(["Laskar Pelangi"]);
    const byAuthor = await listAll(t, "&q=HIRATA");
    expect(byAuthor.map((item) => item.title)).toEqual(["Ronggeng Dukuh Paruk", "Laskar Pelangi"]);
    const bySecondAuthor = await listAll(t, "&q=tohari");
    expect(bySecondAuthor.map((item) => item.title)).toEqual(["Ronggeng Dukuh Paruk"]);
    expect(await listAll(t, "&q=Tidak%20Ada%20Judul%20Begini")).toHaveLength(0);
  });

  it("does not match text that runs across two authors' names", async () => {
    expect(await listAll(t, "&q=Tohari%20Andrea")).toHaveLength(0);
  });

  it("matches % and _ in the search text literally", async () => {
    const percent = await listAll(t, "&q=100%25");
    expect(percent.map((item) => item.title)).toEqual(["Diskon 100% Buku Anak"]);
    expect(await listAll(t, "&q=%25")).toHaveLength(1);
    expect(await listAll(t, "&q=_")).toHaveLength(0);
  });

  it("combines filters", async () => {
    const both = await listAll(t, "&subject=Fiksi&featured=true&from=2026-11-03");
    expect(both.map((item) => item.title)).toEqual(["Ronggeng Dukuh Paruk"]);
  });

  it("answers 400 to malformed dates and forged cursors", async () => {
    const date = await expectJson(t.request("GET", "/api/acquisitions?from=2026-13-01"), 400);
    expect(date.error.details.issues[0].path).toBe("query.from");
    const forged = Buffer.from(
      JSON.stringify(["2026-10-03T00:00:00Z", "7f1c2a4e-0000-4000-8000-000000000000"]),
    ).toString("base64url");
    const cursor = await expectJson(t.request("GET", `/api/acquisitions?cursor=${forged}`), 400);
    expect(cursor.error.details.issues[0].path).toBe("query.cursor");
  });
});

describe("acquisition details staff get wrong", () => {
  let local: TestApp;
  beforeAll(async () => {
    local = await createTestApp({ now: "2026-12-01T02:00:00Z" });
  });

  it("refuses an acquisition date after today in the library's time zone", async () => {
    // 2026-12-01T02:00Z is 10:00 on 1 December in Manado.
    await expectJson(
      local.request("POST", "/api/acquisitions", {
        as: "editor",
        body: acquisitionInput({ acquiredOn: "2026-12-01" }),
      }),
      201,
    );
    const body = await expectJson(
      local.request("POST", "/api/acquisitions", {
        as: "editor",
        body: acquisitionInput({ acquiredOn: "2026-12-02" }),
      }),
      400,
    );
    expect(body.error.details.issues[0].path).toBe("body.acquiredOn");
  });

  it("keeps each subject once and finds it whatever its case", async () => {
    const book = await expectJson(
      local.request("POST", "/api/acquisitions", {
        as: "editor",
        body: acquisitionInput({
          subjects: ["Resep", "resep ", "Masakan Manado"],
          acquiredOn: "2026-11-30",
        }),
      }),
      201,
    );
    expect(book.subjects).toEqual(["Resep", "Masakan Manado"]);
    const found = await expectJson(local.request("GET", "/api/acquisitions?subject=RESEP"), 200);
    expect(found.items.map((b: { id: string }) => b.id)).toEqual([book.id]);
  });
});
