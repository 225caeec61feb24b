import { count, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { createTestApp, expectJson, type TestApp } from "../../test/support/app.js";
import { eventInput } from "../../test/support/factories.js";
import { auditLog, newsletters } from "../db/schema/index.js";
import { createDecemberIssue, seedDecember, titlesOf } from "./test-fixtures.js";

let t: TestApp;
let content: Awaited<ReturnType<typeof seedDecember>>;
beforeAll(async () => {
  t = await createTestApp();
  content = await seedDecember(t);
});

const patch = (id: string, body: unknown, as: "editor" | "publisher" = "editor", version = 1) =>
  t.request("PATCH", `/api/newsletters/${id}`, {
    as,
    headers: { "if-match": `"${version}"` },
    body,
  });
const approve = (id: string, version: number, body?: unknown) =>
  t.request("POST", `/api/newsletters/${id}/approve`, {
    as: "publisher",
    headers: { "if-match": `"${version}"` },
    ...(body === undefined ? {} : { body }),
  });

/** Rows that a refused request must not have touched. */
async function written() {
  const [issues] = await t.deps.db.select({ n: count() }).from(newsletters);
  const [audits] = await t.deps.db.select({ n: count() }).from(auditLog);
  return { issues: issues?.n, audits: audits?.n };
}

describe("composing an issue", () => {
  it("puts each event of the period in the section of its topic, and the new books with covers", async () => {
    const issue = await createDecemberIssue(t);
    expect(issue).toMatchObject({
      status: "draft",
      periodStart: "2026-12-01",
      periodEnd: "2026-12-31",
      topics: ["events", "literacy_sessions", "children", "new_books"],
      version: 1,
    });
    expect(titlesOf(issue)).toEqual({
      events: ["Pameran Foto Manado Tempo Dulu"],
      literacy_sessions: ["Kelas Literasi Digital Lansia"],
      // Anything for children or families lives here, literacy session or not.
      children: ["Dongeng Pagi: Asal Mula Danau Tondano", "Bazar Buku Keluarga"],
      new_books: ["Laut Bercerita"],
    });
    const [book] = issue.sections[3].items;
    expect(book).toMatchObject({
      type: "book",
      acquisitionId: content.newBook.id,
      authors: ["Leila S. Chudori"],
      coverUrl: "https://covers.example/laut-bercerita.jpg",
    });
    expect(issue.sections[1].items[0]).toMatchObject({
      type: "event",
      eventId: content.seniorsClass.id,
      startsAt: "2026-12-09T02:00:00.000Z",
      registration: "https://perpustakaan.example/daftar?kelas=lansia&sesi=1",
      facilitator: "Tim Literasi Digital",
    });
  });

  it("writes the subject and intro in both languages from the period, unless given", async () => {
    const generated = await createDecemberIssue(t);
    expect(generated.subject).toEqual({
      id: "Kabar Perpustakaan Kota Manado: Desember 2026",
      en: "News from Perpustakaan Kota Manado: December 2026",
    });
    expect(generated.intro.id).toContain("Desember 2026");
    expect(generated.intro.en).toContain("December 2026");

    const given = await createDecemberIssue(t, {
      subject: { id: "Kabar Akhir Tahun" },
      intro: { id: "Selamat datang di edisi akhir tahun." },
    });
    // Only Indonesian given: the English edition falls back to it rather than to another text.
    expect(given.subject).toEqual({ id: "Kabar Akhir Tahun", en: null });
    expect(given.intro).toEqual({ id: "Selamat datang di edisi akhir tahun.", en: null });
  });

  it("leaves out empty sections, and an issue for a quiet week has none", async () => {
    const quiet = await expectJson(
      t.request("POST", "/api/newsletters", {
        as: "editor",
        body: { periodStart: "2027-03-01", periodEnd: "2027-03-07" },
      }),
      201,
    );
    expect(quiet.sections).toEqual([]);
    expect(quiet.topics).toEqual([]);
    expect(quiet.subject.id).toBe("Kabar Perpustakaan Kota Manado: 1–7 Maret 2027");
  });

  it("recomposes from the content store and keeps the texts a person wrote", async () => {
    const issue = await createDecemberIssue(t, { intro: { id: "Teks kami sendiri." } });
    const added = await expectJson(
      t.request("POST", "/api/events", {
        as: "editor",
        body: eventInput({
          kind: "author_talk",
          title: "Bincang Buku Akhir Tahun",
          audience: "adults",
          startsAt: "2026-12-28T10:00:00+08:00",
          endsAt: "2026-12-28T12:00:00+08:00",
        }),
      }),
      201,
    );
    const recomposed = await expectJson(
      t.request("POST", `/api/newsletters/${issue.id}/recompose`, {
        as: "editor",
        headers: { "if-match": '"1"' },
      }),
      200,
    );
    expect(titlesOf(recomposed).events).toEqual([
      "Pameran Foto Manado Tempo Dulu",
      "Bincang Buku Akhir Tahun",
    ]);
    expect(recomposed.intro.id).toBe("Teks kami sendiri.");
    expect(recomposed.version).toBe(2);

    const january = await expectJson(
      t.request("POST", `/api/newsletters/${issue.id}/recompose`, {
        as: "editor",
        body: { periodStart: "2027-01-01", periodEnd: "2027-01-31", version: 2 },
      }),
      200,
    );
    expect(titlesOf(january).events).toEqual(["Lokakarya Bulan Januari"]);
    // The generated subject follows the new period; the written intro stays.
    expect(january.subject.id).toBe("Kabar Perpustakaan Kota Manado: Januari 2027");
    expect(january.intro.id).toBe("Teks kami sendiri.");
    await expectJson(t.request("DELETE", `/api/events/${added.id}`, { as: "editor" }), 200);
  });
});

describe("editing an issue", () => {
  it("changes subject, intro and sections with If-Match, and refuses a stale version (409)", async () => {
    const issue = await createDecemberIssue(t);
    const sections = issue.sections.filter((s: { topic: string }) => s.topic !== "events");
    sections[0].items[0].title = "Kelas Cek Fakta untuk Lansia";
    const edited = await expectJson(
      patch(issue.id, {
        subject: { en: "Library news, December" },
        intro: { id: "Halo semua!" },
        sections,
      }),
      200,
    );
    expect(edited).toMatchObject({
      version: 2,
      subject: { id: issue.subject.id, en: "Library news, December" },
      intro: { id: "Halo semua!", en: issue.intro.en },
      topics: ["literacy_sessions", "children", "new_books"],
    });
    expect(titlesOf(edited).literacy_sessions).toEqual(["Kelas Cek Fakta untuk Lansia"]);

    const before = await written();
    const stale = await expectJson(patch(issue.id, { intro: { id: "Tabrakan" } }), 409);
    expect(stale.error.code).toBe("version_conflict");
    expect(await written()).toEqual(before);
    const current = await expectJson(t.request("GET", `/api/newsletters/${issue.id}`), 200);
    expect(current.intro.id).toBe("Halo semua!");
  });

  it("asks for the version (428) and answers 404 for an unknown issue", async () => {
    const issue = await createDecemberIssue(t);
    const missing = await expectJson(
      t.request("PATCH", `/api/newsletters/${issue.id}`, {
        as: "editor",
        body: { intro: { id: "x" } },
      }),
      428,
    );
    expect(missing.error.code).toBe("precondition_required");
    await expectJson(
      t.request("POST", `/api/newsletters/${issue.id}/recompose`, { as: "editor" }),
      428,
    );
    await expectJson(
      t.request("GET", "/api/newsletters/7f1c2a4e-0000-4000-8000-000000000000"),
      404,
    );
  });

  it("sends an approved issue back to draft when a publisher edits it; an editor may not", async () => {
    const issue = await createDecemberIssue(t);
    await expectJson(approve(issue.id, 1), 200);
    const refused = await expectJson(patch(issue.id, { intro: { id: "Baru" } }, "editor", 2), 403);
    expect(refused.error.message).toContain("publisher");
    const draft = await expectJson(patch(issue.id, { intro: { id: "Baru" } }, "publisher", 2), 200);
    expect(draft).toMatchObject({ status: "draft", scheduledAt: null, version: 3 });
  });

  it("refuses sections that do not fit their topic, repeated topics and multi-line subjects", async () => {
    const issue = await createDecemberIssue(t);
    const before = await written();
    const book = issue.sections[3].items[0];
    const cases: [unknown, string][] = [
      [{ sections: [{ topic: "events", items: [book] }] }, "body.sections.0.items.0.type"],
      [{ sections: [issue.sections[0], issue.sections[0]] }, "body.sections"],
      [{ sections: [{ topic: "sports", items: [] }] }, "body.sections.0.topic"],
      [{ subject: { id: "Baris satu\nBcc: semua" } }, "body.subject.id"],
      [{ subject: { id: "   " } }, "body.subject.id"],
      [{ status: "approved" }, "body.status"],
    ];
    for (const [body, path] of cases) {
      const answer = await expectJson(patch(issue.id, body), 400);
      expect(answer.error.details.issues.map((i: { path: string }) => i.path)).toContain(path);
    }
    expect(await written()).toEqual(before);
  });
});

describe("creating: bad input", () => {
  it("answers 400 and writes nothing for a bad period, unknown fields or no token's right", async () => {
    const before = await written();
    const bad: [unknown, string][] = [
      [{ periodStart: "2026-12-31", periodEnd: "2026-12-01" }, "body.periodEnd"],
      [{ periodStart: "2026-01-01", periodEnd: "2026-12-31" }, "body.periodEnd"],
      [{ periodStart: "2026-02-30", periodEnd: "2026-03-01" }, "body.periodStart"],
      [{ periodEnd: "2026-12-31" }, "body.periodStart"],
      [{ periodStart: "2026-12-01", periodEnd: "2026-12-31", sections: [] }, "body.sections"],
    ];
    for (const [body, path] of bad) {
      const answer = await expectJson(
        t.request("POST", "/api/newsletters", { as: "editor", body }),
        400,
      );
      expect(answer.error.details.issues[0].path).toBe(path);
    }
    await expectJson(
      t.request("POST", "/api/newsletters", {
        as: "viewer",
        body: { periodStart: "2026-12-01", periodEnd: "2026-12-31" },
      }),
      403,
    );
    expect(await written()).toEqual(before);
  });
});

describe("approving", () => {
  it("approves a draft now by default, or at the time given, and only once", async () => {
    const now = await createDecemberIssue(t);
    const approved = await expectJson(approve(now.id, 1), 200);
    expect(approved).toMatchObject({
      status: "approved",
      scheduledAt: t.clock.now().toISOString(),
      version: 2,
    });
    const again = await expectJson(approve(now.id, 2), 409);
    expect(again.error.message).toContain("only drafts");

    const later = await createDecemberIssue(t);
    const scheduled = await expectJson(
      approve(later.id, 1, { scheduledAt: "2026-12-02T09:00:00+08:00" }),
      200,
    );
    expect(scheduled.scheduledAt).toBe("2026-12-02T01:00:00.000Z");
  });

  it("needs a publisher and the version read", async () => {
    const issue = await createDecemberIssue(t);
    const byEditor = await expectJson(
      t.request("POST", `/api/newsletters/${issue.id}/approve`, {
        as: "editor",
        headers: { "if-match": '"1"' },
      }),
      403,
    );
    expect(byEditor.error.code).toBe("forbidden");
    await expectJson(
      t.request("POST", `/api/newsletters/${issue.id}/approve`, { as: "publisher" }),
      428,
    );
    await expectJson(patch(issue.id, { intro: { id: "Diubah" } }), 200);
    const stale = await expectJson(approve(issue.id, 1), 409);
    expect(stale.error.code).toBe("version_conflict");
  });

  it("refuses an empty issue, a time past the lateness limit or after the period", async () => {
    const empty = await expectJson(
      t.request("POST", "/api/newsletters", {
        as: "editor",
        body: { periodStart: "2027-03-01", periodEnd: "2027-03-07" },
      }),
      201,
    );
    const nothing = await expectJson(approve(empty.id, 1), 422);
    expect(nothing.error).toMatchObject({ code: "content_problems" });

    const issue = await createDecemberIssue(t);
    const before = await written();
    const late = await expectJson(
      approve(issue.id, 1, { scheduledAt: "2026-11-30T08:00:00Z" }),
      400,
    );
    expect(late.error.details.issues[0]).toMatchObject({ path: "body.scheduledAt" });
    expect(late.error.details.issues[0].message).toContain("360 minutes");
    const after = await expectJson(
      approve(issue.id, 1, { scheduledAt: "2027-01-01T00:00:00+08:00" }),
      400,
    );
    expect(after.error.details.issues[0].message).toContain("2026-12-31");
    await expectJson(approve(issue.id, 1, { scheduledAt: "besok" }), 400);
    await expectJson(approve(issue.id, 1, { when: "now" }), 400);
    expect(await written()).toEqual(before);
    const current = await expectJson(t.request("GET", `/api/newsletters/${issue.id}`), 200);
    expect(current).toMatchObject({ status: "draft", version: 1 });
  });

  it("refuses an issue announcing an event that was cancelled or moved since", async () => {
    const event = await expectJson(
      t.request("POST", "/api/events", {
        as: "editor",
        body: eventInput({
          title: "Pentas Musik Kolintang",
          audience: "all",
          kind: "cultural",
          startsAt: "2026-12-20T18:00:00+08:00",
          endsAt: "2026-12-20T20:00:00+08:00",
        }),
      }),
      201,
    );
    const issue = await createDecemberIssue(t);
    await expectJson(
      t.request("PATCH", `/api/events/${event.id}`, {
        as: "editor",
        body: { startsAt: "2026-12-21T18:00:00+08:00", endsAt: null, version: 1 },
      }),
      200,
    );
    const moved = await expectJson(approve(issue.id, 1), 422);
    expect(moved.error.details.problems).toEqual([
      {
        topic: "events",
        title: "Pentas Musik Kolintang",
        message: "the event has moved to another time",
      },
    ]);
    await expectJson(t.request("DELETE", `/api/events/${event.id}`, { as: "editor" }), 200);
    const cancelled = await expectJson(approve(issue.id, 1), 422);
    expect(cancelled.error.details.problems[0].message).toBe("the event is now cancelled");

    const fresh = await expectJson(
      t.request("POST", `/api/newsletters/${issue.id}/recompose`, {
        as: "editor",
        headers: { "if-match": '"1"' },
      }),
      200,
    );
    expect(titlesOf(fresh).events).not.toContain("Pentas Musik Kolintang");
    await expectJson(approve(issue.id, 2), 200);
  });

  it("refuses to approve when a template override loses the section markers", async () => {
    const issue = await createDecemberIssue(t);
    await expectJson(
      t.request("PUT", `/api/templates/${encodeURIComponent("email/en/newsletter/text")}`, {
        as: "publisher",
        body: { body: "{{issueSubject}}\n{{#each sections}}{{topic}}\n{{/each}}" },
      }),
      200,
    );
    const refused = await expectJson(approve(issue.id, 1), 422);
    expect(refused.error.message).toContain("{{{begin}}}");
    await expectJson(
      t.request("DELETE", `/api/templates/${encodeURIComponent("email/en/newsletter/text")}`, {
        as: "publisher",
      }),
      200,
    );
    await expectJson(approve(issue.id, 1), 200);
  });
});

describe("deleting and listing", () => {
  it("deletes a draft, and keeps an approved issue (409)", async () => {
    const draft = await createDecemberIssue(t);
    const res = await t.request("DELETE", `/api/newsletters/${draft.id}`, { as: "editor" });
    expect(res.status).toBe(204);
    await expectJson(t.request("GET", `/api/newsletters/${draft.id}`), 404);
    const trail = await t.deps.db
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(eq(auditLog.entityId, draft.id));
    expect(trail.map((entry) => entry.action).sort()).toEqual(["create", "delete"]);

    const approved = await createDecemberIssue(t);
    await expectJson(approve(approved.id, 1), 200);
    const kept = await expectJson(
      t.request("DELETE", `/api/newsletters/${approved.id}`, { as: "editor" }),
      409,
    );
    expect(kept.error.message).toContain("only drafts");
  });

  it("lists newest first, by status, page by page", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      t.clock.advance(60_000);
      ids.push((await createDecemberIssue(t)).id);
    }
    await expectJson(approve(ids[1] as string, 1), 200);
    const seen: { id: string; createdAt: string }[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: { id: string; createdAt: string }[]; nextCursor: string | null } =
        await expectJson(
          t.request("GET", `/api/newsletters?limit=3${cursor ? `&cursor=${cursor}` : ""}`, {
            as: "viewer",
          }),
          200,
        );
      seen.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen.slice(0, 5).map((item) => item.id)).toEqual([...ids].reverse());
    expect(new Set(seen.map((item) => item.id)).size).toBe(seen.length);
    const created = seen.map((item) => item.createdAt);
    expect(created).toEqual([...created].sort().reverse());
    const [all] = await t.deps.db.select({ n: count() }).from(newsletters);
    expect(seen).toHaveLength(all?.n ?? -1);

    const approved = await expectJson(t.request("GET", "/api/newsletters?status=approved"), 200);
    expect(approved.items.map((item: { id: string }) => item.id)).toContain(ids[1]);
    expect(approved.items.every((item: { status: string }) => item.status === "approved")).toBe(
      true,
    );
    const sent = await expectJson(t.request("GET", "/api/newsletters?status=sent"), 200);
    expect(sent.items).toEqual([]);
    await expectJson(t.request("GET", "/api/newsletters?status=lost"), 400);
    await expectJson(t.request("GET", "/api/newsletters?cursor=bm9wZQ"), 400);
  });
});

describe("the API document", () => {
  it("documents every newsletter operation", async () => {
    const doc = await expectJson(t.app.request("/openapi.json"), 200);
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        "/api/newsletters",
        "/api/newsletters/{id}",
        "/api/newsletters/{id}/recompose",
        "/api/newsletters/{id}/approve",
        "/api/newsletters/{id}/preview",
        "/api/newsletters/{id}/test-send",
      ]),
    );
    expect(Object.keys(doc.paths["/api/newsletters/{id}"])).toEqual(["get", "patch", "delete"]);
    expect(doc.components.schemas.NewsletterSection).toBeDefined();
    const docs = await t.app.request("/docs");
    expect(await docs.text()).toContain("/api/newsletters/{id}/test-send");
  });
});
