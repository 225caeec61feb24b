import { asc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { createTestApp, expectJson, type TestApp } from "../../test/support/app.js";
import { deliveries, posts } from "../db/schema/index.js";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});

const MINUTE = 60_000;

const postInput = (overrides: Record<string, unknown> = {}) => ({
  body: "Lokakarya Menulis Cerpen hari Sabtu di Aula Lantai 2. Gratis untuk remaja!",
  channels: ["x"],
  ...overrides,
});

const draft = (overrides: Record<string, unknown> = {}, app: TestApp = t) =>
  expectJson(app.request("POST", "/api/posts", { as: "editor", body: postInput(overrides) }), 201);

/** Approves the post as it now is (approval needs the version the publisher read). */
const approve = async (id: string, as: "editor" | "publisher" = "publisher") => {
  const current = await expectJson(t.request("GET", `/api/posts/${id}`), 200);
  return t.request("POST", `/api/posts/${id}/approve`, {
    as,
    headers: { "if-match": `"${current.version}"` },
  });
};

const approved = async (overrides: Record<string, unknown> = {}) => {
  const post = await draft(overrides);
  return expectJson(approve(post.id), 200);
};

/** The outbox rows of one post, straight from the database. */
const outboxOf = (postId: string) =>
  t.database.db
    .select()
    .from(deliveries)
    .where(eq(deliveries.postId, postId))
    .orderBy(asc(deliveries.createdAt));

// "✨" is one UTF-16 unit but X weighs every emoji 2.
const sparkles = (count: number) => `Festival Literasi Manado! ${"✨".repeat(count)}`;
const prefixLength = "Festival Literasi Manado! ".length;

describe("content problems on drafts", () => {
  it("warns too_long (a thread) for a body under 280 characters that weighs over 280 on X, and stores it uncut", async () => {
    const body = sparkles(130);
    expect(body.length).toBeLessThan(280);
    const weighted = prefixLength + 2 * 130;
    expect(weighted).toBeGreaterThan(280);

    const post = await draft({ body });
    expect(post.status).toBe("draft");
    expect(post.body).toBe(body);
    expect(post.problems).toEqual([
      expect.objectContaining({ channel: "x", code: "too_long", severity: "warning" }),
    ]);
    expect(post.problems[0].message).toContain(`${weighted} weighted characters`);
    expect(post.problems[0].message).toContain("thread of 2 posts");

    const stored = await expectJson(
      t.request("GET", `/api/posts/${post.id}`, { as: "viewer" }),
      200,
    );
    expect(stored.body).toBe(body);
    expect(stored.problems.map((p: { code: string }) => p.code)).toEqual(["too_long"]);
  });

  it("accepts a body exactly at 280 weighted characters", async () => {
    const body = `${"a".repeat(280 - 2 * 10)}${"✨".repeat(10)}`;
    const post = await draft({ body });
    expect(post.problems).toEqual([]);
    const over = await draft({ body: `${body}a` });
    expect(over.problems.map((p: { code: string }) => p.code)).toEqual(["too_long"]);
  });

  it("counts each long URL as 23, so a body over 280 characters can fit on X", async () => {
    const links = [1, 2, 3, 4, 5].map(
      (n) =>
        `https://perpustakaan.manadokota.go.id/acara/lokakarya-menulis-cerpen-untuk-remaja-${n}`,
    );
    const body = `Agenda: ${links.join(" ")}`;
    expect(body.length).toBeGreaterThan(280);
    const post = await draft({ body });
    expect(post.problems).toEqual([]);
    expect(post.body).toBe(body);
  });

  it("reports too_many_media for more than 4 media URLs, and none for exactly 4", async () => {
    const media = (n: number) =>
      Array.from({ length: n }, (_, i) => `https://perpustakaan.manadokota.go.id/foto/${i}.jpg`);
    const five = await draft({ mediaUrls: media(5) });
    expect(five.problems).toEqual([
      expect.objectContaining({ channel: "x", code: "too_many_media", severity: "error" }),
    ]);
    expect(five.mediaUrls).toHaveLength(5);
    const four = await draft({ mediaUrls: media(4) });
    expect(four.problems).toEqual([]);
  });
});

describe("approving", () => {
  it("needs the publisher role: an editor gets 403 and nothing is queued", async () => {
    const post = await draft();
    const body = await expectJson(approve(post.id, "editor"), 403);
    expect(body.error.code).toBe("forbidden");
    expect(await outboxOf(post.id)).toHaveLength(0);
    const current = await expectJson(t.request("GET", `/api/posts/${post.id}`), 200);
    expect(current).toMatchObject({ status: "draft", version: 1 });
  });

  it("refuses a post with an error problem with 422 content_problems and queues nothing", async () => {
    const media = Array.from(
      { length: 5 },
      (_, i) => `https://perpustakaan.manadokota.go.id/foto/${i}.jpg`,
    );
    const post = await draft({ mediaUrls: media });
    const body = await expectJson(approve(post.id), 422);
    expect(body.error.code).toBe("content_problems");
    expect(body.error.details.problems).toEqual([
      expect.objectContaining({ channel: "x", code: "too_many_media" }),
    ]);
    expect(await outboxOf(post.id)).toHaveLength(0);
    const current = await expectJson(t.request("GET", `/api/posts/${post.id}`), 200);
    expect(current).toMatchObject({ status: "draft", version: 1, approvedAt: null });
  });

  it("queues exactly one pending delivery per channel, due at the scheduled time", async () => {
    const post = await draft({ channels: ["x", "x"], scheduledAt: "2026-12-06T09:00:00+08:00" });
    expect(post.channels).toEqual(["x"]);
    const res = await approve(post.id);
    expect(res.headers.get("etag")).toBe('"2"');
    const body = await expectJson(res, 200);
    expect(body).toMatchObject({
      status: "approved",
      version: 2,
      approvedAt: t.clock.now().toISOString(),
    });
    expect(body.deliveries).toEqual([
      expect.objectContaining({
        channel: "x",
        status: "pending",
        dueAt: "2026-12-06T01:00:00.000Z",
        attempts: 0,
      }),
    ]);
    const rows = await outboxOf(post.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ channel: "x", status: "pending", id: body.deliveries[0].id });
    expect(rows[0]?.dueAt.toISOString()).toBe("2026-12-06T01:00:00.000Z");
  });

  it("makes an unscheduled post due now by the clock", async () => {
    t.clock.set("2026-12-02T03:04:05.678Z");
    const post = await draft();
    expect(post.scheduledAt).toBeNull();
    t.clock.advance(5 * MINUTE);
    const body = await expectJson(approve(post.id), 200);
    expect(body.deliveries).toHaveLength(1);
    expect(body.deliveries[0]).toMatchObject({
      status: "pending",
      dueAt: "2026-12-02T03:09:05.678Z",
    });
  });

  it("answers 409 to approving a post twice and adds no second delivery", async () => {
    const post = await approved();
    const body = await expectJson(approve(post.id), 409);
    expect(body.error.code).toBe("conflict");
    expect(await outboxOf(post.id)).toHaveLength(1);
  });

  it("queues one delivery when two publishers approve the same draft at once", async () => {
    const post = await draft();
    const answers = await Promise.all([approve(post.id), approve(post.id)]);
    expect(answers.map((res) => res.status).sort()).toEqual([200, 409]);
    expect(await outboxOf(post.id)).toHaveLength(1);
  });

  it("answers 409 to an approval with a stale If-Match", async () => {
    const post = await draft();
    const body = await expectJson(
      t.request("POST", `/api/posts/${post.id}/approve`, {
        as: "publisher",
        headers: { "if-match": '"7"' },
      }),
      409,
    );
    expect(body.error.code).toBe("version_conflict");
    expect(await outboxOf(post.id)).toHaveLength(0);
  });

  it("answers 404 for a post that does not exist", async () => {
    const body = await expectJson(
      t.request("POST", "/api/posts/7f1c2a4e-0000-4000-8000-000000000000/approve", {
        as: "publisher",
        headers: { "if-match": '"1"' },
      }),
      404,
    );
    expect(body.error.code).toBe("not_found");
  });
});

describe("editing after approval", () => {
  it("lets only a publisher change an approved post, which withdraws the approval", async () => {
    const post = await approved();
    const body = await expectJson(
      t.request("PATCH", `/api/posts/${post.id}`, {
        as: "editor",
        headers: { "if-match": `"${post.version}"` },
        body: { body: "Diam-diam diubah." },
      }),
      403,
    );
    expect(body.error.message).toContain("needs the publisher role");
    expect((await outboxOf(post.id)).map((r) => r.status)).toEqual(["pending"]);
  });

  it("requires the version the publisher read to approve (428 without it)", async () => {
    const post = await draft();
    const body = await expectJson(
      t.request("POST", `/api/posts/${post.id}/approve`, { as: "publisher" }),
      428,
    );
    expect(body.error.code).toBe("precondition_required");
    expect(await outboxOf(post.id)).toEqual([]);
  });

  it("sends an approved post back to draft and cancels its pending deliveries", async () => {
    const post = await approved();
    const [queued] = await outboxOf(post.id);
    t.clock.advance(MINUTE);
    const res = await t.request("PATCH", `/api/posts/${post.id}`, {
      as: "publisher",
      headers: { "if-match": `"${post.version}"` },
      body: { body: "Lokakarya dipindah ke Aula Lantai 3." },
    });
    expect(res.headers.get("etag")).toBe('"3"');
    const edited = await expectJson(res, 200);
    expect(edited).toMatchObject({
      status: "draft",
      body: "Lokakarya dipindah ke Aula Lantai 3.",
      approvedAt: null,
      version: 3,
    });
    expect(edited.deliveries).toEqual([
      expect.objectContaining({ id: queued?.id, status: "cancelled" }),
    ]);
    const rows = await outboxOf(post.id);
    expect(rows.map((r) => r.status)).toEqual(["cancelled"]);
  });

  it("queues new pending deliveries on re-approval while the old ones stay cancelled", async () => {
    const post = await approved();
    const [first] = await outboxOf(post.id);
    t.clock.advance(MINUTE);
    const edited = await expectJson(
      t.request("PATCH", `/api/posts/${post.id}`, {
        as: "publisher",
        body: { body: "Versi kedua.", version: post.version },
      }),
      200,
    );
    t.clock.advance(MINUTE);
    const again = await expectJson(approve(edited.id), 200);
    expect(again.status).toBe("approved");

    const rows = await outboxOf(post.id);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ id: first?.id, status: "cancelled" });
    expect(rows[1]).toMatchObject({ status: "pending", channel: "x" });
    expect(rows[1]?.idempotencyKey).not.toBe(rows[0]?.idempotencyKey);
    expect(rows[1]?.dueAt.toISOString()).toBe(t.clock.now().toISOString());
  });

  it("demands the version (428) and refuses a stale one (409) without touching the outbox", async () => {
    const post = await approved();
    const missing = await expectJson(
      t.request("PATCH", `/api/posts/${post.id}`, { as: "editor", body: { body: "Tanpa versi" } }),
      428,
    );
    expect(missing.error.code).toBe("precondition_required");
    const stale = await expectJson(
      t.request("PATCH", `/api/posts/${post.id}`, {
        as: "editor",
        headers: { "if-match": '"1"' },
        body: { body: "Versi lama" },
      }),
      409,
    );
    expect(stale.error.code).toBe("version_conflict");
    const rows = await outboxOf(post.id);
    expect(rows.map((r) => r.status)).toEqual(["pending"]);
    const current = await expectJson(t.request("GET", `/api/posts/${post.id}`), 200);
    expect(current).toMatchObject({ status: "approved", version: 2, body: post.body });
  });

  it.each(["sent", "sending", "unknown"] as const)(
    "answers 409 and changes nothing once a delivery is %s",
    async (status) => {
      const post = await approved();
      await t.database.db
        .update(deliveries)
        .set({ status, sentAt: status === "sent" ? t.clock.now() : null })
        .where(eq(deliveries.postId, post.id));
      const before = await expectJson(t.request("GET", `/api/posts/${post.id}`), 200);

      t.clock.advance(MINUTE);
      const body = await expectJson(
        t.request("PATCH", `/api/posts/${post.id}`, {
          as: "publisher",
          headers: { "if-match": `"${post.version}"` },
          body: { body: "Terlambat" },
        }),
        409,
      );
      expect(body.error.code).toBe("conflict");

      const after = await expectJson(t.request("GET", `/api/posts/${post.id}`), 200);
      expect(after).toEqual(before);
      expect(after.deliveries.map((d: { status: string }) => d.status)).toEqual([status]);
    },
  );
});

describe("cancelling (DELETE)", () => {
  it("lets an editor cancel a draft", async () => {
    const post = await draft();
    t.clock.advance(MINUTE);
    const body = await expectJson(
      t.request("DELETE", `/api/posts/${post.id}`, { as: "editor" }),
      200,
    );
    expect(body).toMatchObject({ status: "cancelled", version: 2 });
    expect(body.updatedAt).toBe(t.clock.now().toISOString());
    const current = await expectJson(t.request("GET", `/api/posts/${post.id}`), 200);
    expect(current.status).toBe("cancelled");
  });

  it("refuses an editor cancelling an approved post with 403 and keeps it queued", async () => {
    const post = await approved();
    const body = await expectJson(
      t.request("DELETE", `/api/posts/${post.id}`, { as: "editor" }),
      403,
    );
    expect(body.error.code).toBe("forbidden");
    const current = await expectJson(t.request("GET", `/api/posts/${post.id}`), 200);
    expect(current).toMatchObject({ status: "approved", version: 2 });
    expect((await outboxOf(post.id)).map((r) => r.status)).toEqual(["pending"]);
  });

  it("lets a publisher cancel an approved post and withdraws its pending deliveries", async () => {
    const post = await approved();
    const body = await expectJson(
      t.request("DELETE", `/api/posts/${post.id}`, {
        as: "publisher",
        headers: { "if-match": '"2"' },
      }),
      200,
    );
    expect(body).toMatchObject({ status: "cancelled", version: 3 });
    expect(body.deliveries.map((d: { status: string }) => d.status)).toEqual(["cancelled"]);
    expect((await outboxOf(post.id)).map((r) => r.status)).toEqual(["cancelled"]);
  });

  it("answers 409 to cancelling a post that is already out, and leaves it as it was", async () => {
    const post = await approved();
    await t.database.db
      .update(deliveries)
      .set({ status: "sent", sentAt: t.clock.now() })
      .where(eq(deliveries.postId, post.id));
    const body = await expectJson(
      t.request("DELETE", `/api/posts/${post.id}`, { as: "publisher" }),
      409,
    );
    expect(body.error.message).toContain("already published");
    expect((await outboxOf(post.id)).map((r) => r.status)).toEqual(["sent"]);
    const current = await expectJson(t.request("GET", `/api/posts/${post.id}`), 200);
    expect(current.status).toBe("approved");
  });

  it("answers 409 to a stale If-Match and leaves the post as it was", async () => {
    const post = await draft();
    const body = await expectJson(
      t.request("DELETE", `/api/posts/${post.id}`, {
        as: "editor",
        headers: { "if-match": '"9"' },
      }),
      409,
    );
    expect(body.error.code).toBe("version_conflict");
    const current = await expectJson(t.request("GET", `/api/posts/${post.id}`), 200);
    expect(current).toMatchObject({ status: "draft", version: 1 });
  });

  it("refuses to edit or approve a cancelled post", async () => {
    const post = await draft();
    await expectJson(t.request("DELETE", `/api/posts/${post.id}`, { as: "editor" }), 200);
    const edit = await expectJson(
      t.request("PATCH", `/api/posts/${post.id}`, {
        as: "editor",
        body: { body: "Hidup lagi?", version: 2 },
      }),
      409,
    );
    expect(edit.error.code).toBe("conflict");
    const approval = await expectJson(approve(post.id), 409);
    expect(approval.error.code).toBe("conflict");
    expect(await outboxOf(post.id)).toHaveLength(0);
  });
});

describe("listing posts", () => {
  let local: TestApp;
  const created: { id: string; status: string; createdAt: string }[] = [];

  beforeAll(async () => {
    local = await createTestApp({ now: "2027-01-01T00:00:00Z" });
    const as = (role: "editor" | "publisher", method: string, path: string) =>
      expectJson(local.request(method, path, { as: role, headers: { "if-match": '"1"' } }), 200);
    for (let i = 0; i < 7; i++) {
      // Four posts share one instant, so the id must break the tie.
      if (i < 2 || i > 4) local.clock.advance(MINUTE);
      const post = await draft({ body: `Pos nomor ${i}` }, local);
      if (i % 3 === 0) await as("publisher", "POST", `/api/posts/${post.id}/approve`);
      if (i === 4) await as("editor", "DELETE", `/api/posts/${post.id}`);
      created.push(post);
    }
    // A post on no channel this build knows, only possible through the database.
    local.clock.advance(MINUTE);
    const [orphan] = await local.database.db
      .insert(posts)
      .values({
        body: "Tanpa kanal",
        channels: [],
        createdAt: local.clock.now(),
        updatedAt: local.clock.now(),
      })
      .returning();
    if (orphan) created.push({ ...orphan, createdAt: orphan.createdAt.toISOString() });
  });

  const list = async (query: string) =>
    (await expectJson(local.request("GET", `/api/posts?${query}`, { as: "viewer" }), 200)) as {
      items: { id: string; status: string; channels: string[]; createdAt: string }[];
      nextCursor: string | null;
    };

  const pageThrough = async (query: string, limit: number) => {
    const seen: { id: string; status: string; channels: string[]; createdAt: string }[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await list(`${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ""}`);
      expect(page.items.length).toBeLessThanOrEqual(limit);
      seen.push(...page.items);
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor && pages < 20);
    return seen;
  };

  it("pages through every post newest first, without gaps or repeats at tied instants", async () => {
    const seen = await pageThrough("", 2);
    const expected = [...created]
      .sort((a, b) =>
        a.createdAt === b.createdAt ? (a.id < b.id ? 1 : -1) : a.createdAt < b.createdAt ? 1 : -1,
      )
      .map((p) => p.id);
    expect(seen.map((p) => p.id)).toEqual(expected);
    expect(seen).toHaveLength(8);
  });

  it("answers nextCursor null on the last page", async () => {
    const page = await list("limit=100");
    expect(page.items).toHaveLength(8);
    expect(page.nextCursor).toBeNull();
  });

  it("filters by status and keeps the filter across pages", async () => {
    const approvedPosts = await pageThrough("status=approved", 1);
    expect(approvedPosts.map((p) => p.id).sort()).toEqual(
      [created[0], created[3], created[6]].map((p) => p?.id).sort(),
    );
    expect(approvedPosts.every((p) => p.status === "approved")).toBe(true);
    const cancelled = await list("status=cancelled");
    expect(cancelled.items.map((p) => p.id)).toEqual([created[4]?.id]);
    const drafts = await list("status=draft");
    expect(drafts.items).toHaveLength(4);
  });

  it("filters by channel", async () => {
    const onX = await pageThrough("channel=x", 3);
    expect(onX).toHaveLength(7);
    expect(onX.every((p) => p.channels.includes("x"))).toBe(true);
    const draftsOnX = await list("channel=x&status=draft");
    expect(draftsOnX.items).toHaveLength(3);
  });

  it("rejects unknown filter values and forged cursors with 400", async () => {
    const status = await expectJson(local.request("GET", "/api/posts?status=published-ish"), 400);
    expect(status.error.details.issues[0].path).toBe("query.status");
    const channel = await expectJson(local.request("GET", "/api/posts?channel=myspace"), 400);
    expect(channel.error.details.issues[0].path).toBe("query.channel");
    const forged = Buffer.from(JSON.stringify(["yesterday", created[0]?.id])).toString("base64url");
    const cursor = await expectJson(local.request("GET", `/api/posts?cursor=${forged}`), 400);
    expect(cursor.error.details.issues[0].path).toBe("query.cursor");
  });
});

describe("scheduling", () => {
  it("warns, without blocking approval, when a draft is scheduled in the past", async () => {
    const post = await draft({ scheduledAt: "2020-01-01T09:00:00+08:00" });
    expect(post.problems).toContainEqual({
      channel: null,
      code: "scheduled_in_past",
      severity: "warning",
      message: "scheduledAt is in the past: once approved, this post goes out at once",
    });
    await expectJson(approve(post.id), 200);
  });
});
