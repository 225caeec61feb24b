import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, expectJson, type TestApp } from "../../test/support/app.js";
import { createFakeX, FAKE_X_CREDENTIALS, type FakeX } from "../../test/support/fake-x/index.js";
import { createXChannel } from "../channels/x/index.js";
import { deliveries } from "../db/schema/index.js";
import { claimDue } from "./claim.js";
import { tick } from "./tick.js";

const MINUTE = 60_000;

/** Writes, approves and returns a post; due now unless scheduledAt says otherwise. */
async function approvedPost(t: TestApp, body: string, scheduledAt?: string) {
  const post = await expectJson(
    t.request("POST", "/api/posts", {
      as: "editor",
      body: { body, channels: ["x"], ...(scheduledAt ? { scheduledAt } : {}) },
    }),
    201,
  );
  return expectJson(
    t.request("POST", `/api/posts/${post.id}/approve`, {
      as: "publisher",
      headers: { "if-match": `"${post.version}"` },
    }),
    200,
  );
}

const outbox = async (t: TestApp, postId: string) =>
  t.database.db.select().from(deliveries).where(eq(deliveries.postId, postId));

const run = (t: TestApp, workerId = "worker-a") => tick(t.deps, { workerId });

describe("the dispatcher in preview mode (no X credentials)", () => {
  let t: TestApp;
  let previewDir: string;
  beforeAll(async () => {
    previewDir = mkdtempSync(path.join(tmpdir(), "warta-preview-"));
    t = await createTestApp({
      now: "2026-12-01T01:00:00Z",
      channels: { x: createXChannel({ previewDir }) },
    });
  });

  it("publishes an approved post on the next tick, writes the preview and marks the post published", async () => {
    const post = await approvedPost(t, "Perpustakaan buka sampai pukul 16.00 WITA hari ini.");
    const report = await run(t);
    expect(report.dispatch.outcomes).toEqual({ sent: 1 });
    const [row] = await outbox(t, post.id);
    expect(row).toMatchObject({ status: "sent", attempts: 1 });
    expect(row?.preview && existsSync(row.preview)).toBe(true);
    const after = await expectJson(t.request("GET", `/api/posts/${post.id}`), 200);
    expect(after.status).toBe("published");
    const listed = await expectJson(t.request("GET", `/api/deliveries?postId=${post.id}`), 200);
    expect(listed.items[0]).toMatchObject({ status: "sent", channel: "x" });
  });

  it("waits for the scheduled time, then publishes exactly once", async () => {
    const post = await approvedPost(
      t,
      "Besok ada dongeng pagi di Ruang Baca Anak.",
      "2026-12-01T10:00:00+08:00",
    );
    await run(t);
    expect((await outbox(t, post.id))[0]?.status).toBe("pending");
    t.clock.set("2026-12-01T02:00:30Z");
    await run(t);
    await run(t);
    const [row] = await outbox(t, post.id);
    expect(row).toMatchObject({ status: "sent", attempts: 1 });
  });

  it("marks a post missed instead of sending it far too late", async () => {
    const post = await approvedPost(t, "Hari ini: lokakarya menulis.", "2026-12-02T07:00:00+08:00");
    // The server was down from before 07:00 until the evening.
    t.clock.set("2026-12-02T11:30:00Z");
    await run(t);
    const [row] = await outbox(t, post.id);
    expect(row?.status).toBe("missed");
    expect(row?.lastError).toContain("after its scheduled time");
  });

  it("lets staff retry a missed delivery, which then goes out", async () => {
    const post = await approvedPost(t, "Pameran foto arsip dibuka.", "2026-12-02T08:00:00+08:00");
    t.clock.set("2026-12-02T12:00:00Z");
    await run(t);
    const [missed] = await outbox(t, post.id);
    await expectJson(
      t.request("POST", `/api/deliveries/${missed?.id}/retry`, { as: "publisher" }),
      200,
    );
    await run(t);
    expect((await outbox(t, post.id))[0]?.status).toBe("sent");
  });
});

describe("the dispatcher against X (a local double of the X API)", () => {
  let t: TestApp;
  let fake: FakeX;
  beforeAll(async () => {
    const clockStart = "2026-12-03T01:00:00Z";
    let now = () => new Date(clockStart);
    fake = await createFakeX({ now: () => now() });
    const x = createXChannel({
      credentials: FAKE_X_CREDENTIALS,
      apiBaseUrl: fake.url,
      previewDir: mkdtempSync(path.join(tmpdir(), "warta-unused-")),
      timeoutMs: 500,
    });
    t = await createTestApp({ now: clockStart, channels: { x } });
    now = () => t.clock.now();
  });
  afterAll(() => fake.close());

  const postsWith = (text: string) => fake.posts.filter((p) => p.text.includes(text));

  it("waits out a rate limit until X's reset time, then posts", async () => {
    const reset = Math.floor(t.clock.now().getTime() / 1000) + 15 * 60;
    fake.failNext("rate_limit", { route: "POST /2/tweets", reset });
    const post = await approvedPost(t, "Klub baca remaja, Sabtu pukul 10.00.");
    await run(t);
    const [waiting] = await outbox(t, post.id);
    expect(waiting).toMatchObject({ status: "pending" });
    expect(waiting?.dueAt.getTime()).toBe(reset * 1000);
    t.clock.set(new Date(reset * 1000 + 1000));
    await run(t);
    expect((await outbox(t, post.id))[0]?.status).toBe("sent");
    expect(postsWith("Klub baca remaja")).toHaveLength(1);
  });

  it("never posts twice when X took the post but the answer was lost", async () => {
    fake.failNext("drop", { route: "POST /2/tweets", afterCommit: true });
    const post = await approvedPost(t, "Donasi buku untuk taman baca dibuka.");
    await run(t);
    const [unknown] = await outbox(t, post.id);
    expect(unknown?.status).toBe("unknown");
    t.clock.advance(10 * MINUTE);
    await run(t);
    const [row] = await outbox(t, post.id);
    expect(row?.status).toBe("sent");
    expect(postsWith("Donasi buku")).toHaveLength(1);
    expect(row?.externalIds).toEqual([postsWith("Donasi buku")[0]?.id]);
  });

  it("retries after X is unavailable, and posts once it is back", async () => {
    fake.failNext("unavailable", { route: "POST /2/tweets" });
    const post = await approvedPost(t, "Layanan keliling hadir di Malalayang.");
    await run(t);
    expect((await outbox(t, post.id))[0]?.status).toBe("unknown");
    t.clock.advance(10 * MINUTE);
    await run(t);
    expect((await outbox(t, post.id))[0]?.status).toBe("sent");
    expect(postsWith("Layanan keliling")).toHaveLength(1);
  });

  it("fails a duplicate with X's own message and never retries it", async () => {
    const first = await approvedPost(t, "Selamat Hari Guru!");
    await run(t);
    expect((await outbox(t, first.id))[0]?.status).toBe("sent");
    const again = await approvedPost(t, "Selamat Hari Guru!");
    await run(t);
    const [row] = await outbox(t, again.id);
    expect(row?.status).toBe("failed");
    expect(row?.lastError).toContain("duplicate content");
    t.clock.advance(60 * MINUTE);
    await run(t);
    expect((await outbox(t, again.id))[0]?.attempts).toBe(1);
  });

  it("holds the X queue when credentials are refused, until a publisher resumes it", async () => {
    fake.failNext("unauthorized", { route: "POST /2/tweets" });
    const held = await approvedPost(t, "Jam layanan berubah minggu ini.");
    await run(t);
    const channels = await expectJson(t.request("GET", "/api/channels"), 200);
    expect(channels.items[0]).toMatchObject({ channel: "x", needsAttention: true });
    const waiting = await approvedPost(t, "Kelas literasi digital untuk lansia.");
    t.clock.advance(MINUTE);
    await run(t);
    expect((await outbox(t, waiting.id))[0]).toMatchObject({ status: "pending", attempts: 0 });
    await expectJson(t.request("POST", "/api/channels/x/resume", { as: "publisher" }), 200);
    await run(t);
    expect((await outbox(t, held.id))[0]?.status).toBe("sent");
    expect((await outbox(t, waiting.id))[0]?.status).toBe("sent");
  });

  it("looks on the account before retrying a send whose worker died", async () => {
    const post = await approvedPost(t, "Bedah buku bersama penulis lokal.");
    // A worker claims the row, posts it, and dies before recording anything.
    const [claimed] = await claimDue(
      t.deps.db,
      t.clock.now(),
      "dead-worker",
      1,
      t.deps.config.leaseMs,
    );
    if (!claimed || claimed.postId !== post.id) throw new Error("the post was not the one claimed");
    await t.deps.channels.x.publish(
      { ...claimed, externalIds: [], attempt: 1 },
      { clock: t.clock, logger: t.deps.logger, savePart: async () => {} },
    );
    t.clock.advance(t.deps.config.leaseMs + MINUTE);
    const report = await run(t);
    expect(report.dispatch.expired).toBe(1);
    const [row] = await outbox(t, post.id);
    expect(row?.status).toBe("sent");
    expect(postsWith("Bedah buku bersama")).toHaveLength(1);
  });
});

describe("the daily X cap", () => {
  it("defers what is over the cap to the next day instead of failing it", async () => {
    const previewDir = mkdtempSync(path.join(tmpdir(), "warta-preview-"));
    // 09:00 in Manado on 4 December.
    const t = await createTestApp({
      now: "2026-12-04T01:00:00Z",
      channels: { x: createXChannel({ previewDir }) },
      config: {
        x: { credentials: null, apiBaseUrl: "https://api.x.com", linkPolicy: "keep", dailyCap: 2 },
      },
    });
    const posts = [];
    for (const n of [1, 2, 3]) posts.push(await approvedPost(t, `Info layanan nomor ${n}.`));
    const report = await run(t);
    expect(report.dispatch.outcomes).toEqual({ sent: 2 });
    expect(report.dispatch.deferred).toBe(1);
    const third = (await outbox(t, posts[2].id))[0];
    expect(third).toMatchObject({ status: "pending", dueAt: new Date("2026-12-04T16:00:00Z") });
    // Midnight in Manado: a new day, a new allowance.
    t.clock.set("2026-12-04T16:00:30Z");
    await run(t);
    expect((await outbox(t, posts[2].id))[0]?.status).toBe("sent");
  });
});
