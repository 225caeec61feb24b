import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { ApiRequestError } from "twitter-api-v2";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  createFakeX,
  DUPLICATE_DETAIL,
  FAKE_X_CREDENTIALS,
  FAKE_X_USER,
  type FakeX,
} from "../../../test/support/fake-x/index.js";
import { fixedClock } from "../../shared/clock.js";
import { silentLogger } from "../../shared/logger.js";
import type { Channel, DeliveryJob, PublishContext } from "../channel.js";
import { createXClient } from "./client.js";
import { createXChannel, type XChannelOptions } from "./index.js";
import type { PreviewRecord } from "./preview.js";
import { splitIntoThread } from "./thread.js";
import { xValidator } from "./validate.js";

// A 1x1 transparent PNG: small, but real bytes that must arrive unchanged.
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
  "base64",
);

const LONG_BODY = [
  "Perpustakaan Kota Manado mengundang seluruh warga untuk hadir dalam Pekan Literasi Informasi yang berlangsung pada hari Sabtu, 6 Desember 2025 pukul 09.00 WITA di aula lantai dua.",
  "Dalam sesi pertama, pustakawan kami akan menunjukkan cara memeriksa kebenaran berita, mengenali tautan palsu, dan menggunakan katalog daring untuk menemukan buku serta jurnal yang terpercaya.",
  "Sesi kedua khusus untuk orang tua dan guru: bagaimana mendampingi anak membaca di rumah, memilih buku sesuai usia, dan memanfaatkan layanan pinjam antarperpustakaan tanpa biaya.",
  "Pendaftaran gratis dan terbuka untuk umum. Tempat terbatas, jadi datanglah lebih awal! #LiterasiManado #PerpustakaanKotaManado",
].join("\n\n");

let clock: ReturnType<typeof fixedClock>;
let fake: FakeX;
let previewDir: string;
const servers: Server[] = [];

beforeEach(async () => {
  clock = fixedClock("2026-12-06T01:00:00.000Z");
  // With credentials the fake verifies every OAuth signature: the redirect keeps them valid.
  fake = await createFakeX({ now: () => clock.now(), credentials: FAKE_X_CREDENTIALS });
  previewDir = await mkdtemp(path.join(tmpdir(), "warta-x-preview-"));
});

afterEach(async () => {
  await fake.close();
  await Promise.all(
    servers.splice(0).map((s) => new Promise<void>((resolve) => s.close(() => resolve()))),
  );
  await rm(previewDir, { recursive: true, force: true });
});

function xChannel(options: Partial<XChannelOptions> = {}): Channel {
  return createXChannel({
    credentials: FAKE_X_CREDENTIALS,
    apiBaseUrl: fake.url,
    previewDir,
    timeoutMs: 2_000,
    ...options,
  });
}

function delivery(overrides: Partial<DeliveryJob> = {}): DeliveryJob {
  return {
    id: "0b7c2f5e-1d2a-4c1e-9a57-1f0f3f1a9d01",
    postId: "post-1",
    idempotencyKey: "x:post-1",
    body: "Pameran buku baru hari Sabtu di Perpustakaan Kota Manado.",
    mediaUrls: [],
    externalIds: [],
    attempt: 1,
    ...overrides,
  };
}

/** A context that records every savePart with how many posts X had at that moment. */
function recordingContext() {
  const saves: { ids: string[]; postsOnX: number }[] = [];
  const ctx: PublishContext = {
    clock,
    logger: silentLogger,
    async savePart(ids) {
      saves.push({ ids: [...ids], postsOnX: fake.posts.length });
    },
  };
  return { ctx, saves };
}

const tweetBodies = () =>
  fake.requestsTo("POST /2/tweets").map(
    (r) =>
      r.body as {
        text: string;
        reply?: { in_reply_to_tweet_id: string };
        media?: { media_ids: string[] };
      },
  );

async function serveImages(): Promise<string> {
  const server = createServer((req, res) => {
    if (req.url === "/logo.png") {
      res.writeHead(200, { "content-type": "image/png" });
      res.end(PNG);
    } else if (req.url === "/page") {
      res.writeHead(200, { "content-type": "text/html" });
      res.end("<html>bukan gambar</html>");
    } else if (req.url === "/huge.png") {
      res.writeHead(200, { "content-type": "image/png" });
      res.end(Buffer.concat([PNG, Buffer.alloc(5 * 1024 * 1024)]));
    } else {
      res.writeHead(404, { "content-type": "text/plain" });
      res.end("not found");
    }
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe("publishing", () => {
  it("posts a short text as one post and saves it", async () => {
    const { ctx, saves } = recordingContext();
    const channel = xChannel();
    expect(channel).toMatchObject({ kind: "x", preview: false });
    expect(channel.validate).toBe(xValidator.validate);

    const result = await channel.publish(delivery(), ctx);

    expect(fake.posts.map((p) => [p.text, p.in_reply_to])).toEqual([
      ["Pameran buku baru hari Sabtu di Perpustakaan Kota Manado.", null],
    ]);
    expect(result).toEqual({ kind: "sent", externalIds: [fake.posts[0]?.id] });
    expect(saves).toEqual([{ ids: [fake.posts[0]?.id], postsOnX: 1 }]);
    expect(fake.requests.map((r) => r.route)).toEqual(["POST /2/tweets"]);
  });

  it("turns a long Indonesian body into a numbered thread, each part replying to the last", async () => {
    const { ctx, saves } = recordingContext();
    const parts = splitIntoThread(LONG_BODY);
    expect(parts.length).toBeGreaterThanOrEqual(3);

    const result = await xChannel().publish(delivery({ body: LONG_BODY }), ctx);

    const ids = fake.posts.map((p) => p.id);
    expect(result).toEqual({ kind: "sent", externalIds: ids });
    expect(fake.posts.map((p) => p.text)).toEqual(parts);
    parts.forEach((part, i) => {
      expect(part.endsWith(` (${i + 1}/${parts.length})`)).toBe(true);
    });
    expect(fake.posts.map((p) => p.in_reply_to)).toEqual([null, ...ids.slice(0, -1)]);
    expect(new Set(fake.posts.map((p) => p.conversation_id))).toEqual(new Set([ids[0]]));
    // savePart right after each part, before the next one was posted.
    expect(saves).toEqual(ids.map((_, i) => ({ ids: ids.slice(0, i + 1), postsOnX: i + 1 })));
  });

  it("resumes a thread: parts already saved are skipped, the next replies to the last", async () => {
    const parts = splitIntoThread(LONG_BODY);
    // Part 1 went out on an earlier attempt and was saved.
    const earlier = await createXChannel({
      credentials: FAKE_X_CREDENTIALS,
      apiBaseUrl: fake.url,
      previewDir,
    }).publish(delivery({ body: parts[0] ?? "" }), recordingContext().ctx);
    expect(earlier.kind).toBe("sent");
    const part1 = fake.posts[0]?.id ?? "";
    fake.requests.length = 0;

    const { ctx, saves } = recordingContext();
    const result = await xChannel().publish(
      delivery({ body: LONG_BODY, externalIds: [part1], attempt: 2 }),
      ctx,
    );

    const ids = fake.posts.map((p) => p.id);
    expect(result).toEqual({ kind: "sent", externalIds: ids });
    expect(fake.posts.map((p) => p.text)).toEqual(parts);
    expect(tweetBodies().map((b) => b.text)).toEqual(parts.slice(1));
    expect(tweetBodies()[0]?.reply).toEqual({ in_reply_to_tweet_id: part1 });
    expect(fake.posts.map((p) => p.in_reply_to)).toEqual([null, ...ids.slice(0, -1)]);
    expect(saves.map((s) => s.ids)).toEqual(ids.slice(1).map((_, i) => ids.slice(0, i + 2)));
    expect(saves.map((s) => s.postsOnX)).toEqual(ids.slice(1).map((_, i) => i + 2));
  });

  it("stops mid-thread on a rate limit, having saved the parts posted, and resumes after it", async () => {
    await fake.close();
    fake = await createFakeX({
      now: () => clock.now(),
      limits: { "POST /2/tweets": { limit: 2, windowSeconds: 900 } },
    });
    const parts = splitIntoThread(LONG_BODY);
    const { ctx, saves } = recordingContext();
    const channel = xChannel();

    const stopped = await channel.publish(delivery({ body: LONG_BODY }), ctx);

    const resetAt = new Date(clock.now().getTime() + 900_000);
    expect(stopped).toEqual({
      kind: "rate_limited",
      until: resetAt,
      reason: `X 15-minute rate limit reached; it resets at ${resetAt.toISOString()} (part 3 of ${parts.length})`,
    });
    const saved = saves.at(-1)?.ids ?? [];
    expect(saved).toEqual(fake.posts.map((p) => p.id));
    expect(saved).toHaveLength(2);

    clock.set(resetAt);
    const resumed = await channel.publish(
      delivery({ body: LONG_BODY, externalIds: saved, attempt: 2 }),
      ctx,
    );
    expect(resumed.kind).toBe("sent");
    expect(fake.posts.map((p) => p.text)).toEqual(parts);
  });

  it("uploads media (fetched by an injected fetcher) and attaches them to the first part only", async () => {
    const fetched: string[] = [];
    const channel = xChannel({
      fetchMedia: async (url) => {
        fetched.push(url);
        return { data: PNG, mimeType: "image/png" };
      },
    });
    const urls = ["https://perpustakaan.example/a.png", "https://perpustakaan.example/b.png"];
    const result = await channel.publish(
      delivery({ body: LONG_BODY, mediaUrls: urls }),
      recordingContext().ctx,
    );

    expect(result.kind).toBe("sent");
    expect(fetched).toEqual(urls);
    const [first, ...rest] = fake.posts;
    expect(first?.media_ids).toHaveLength(2);
    for (const id of first?.media_ids ?? []) {
      expect(fake.media(id)).toMatchObject({ media_type: "image/png", state: "succeeded" });
      expect(fake.media(id)?.bytes.equals(PNG)).toBe(true);
    }
    expect(rest.every((p) => p.media_ids.length === 0)).toBe(true);
    expect(fake.requests.slice(0, 3).map((r) => r.route)).toEqual([
      "POST /2/media/upload/initialize",
      "POST /2/media/upload/:id/append",
      "POST /2/media/upload/:id/finalize",
    ]);
  });

  it("fetches images over HTTP by default, and uploads none when part 1 is already posted", async () => {
    const images = await serveImages();
    const channel = xChannel();
    const result = await channel.publish(
      delivery({ mediaUrls: [`${images}/logo.png`] }),
      recordingContext().ctx,
    );
    expect(result.kind).toBe("sent");
    const mediaId = fake.posts[0]?.media_ids[0] ?? "";
    expect(fake.media(mediaId)?.bytes.equals(PNG)).toBe(true);

    fake.requests.length = 0;
    const resumed = await channel.publish(
      delivery({
        id: "second",
        body: LONG_BODY,
        mediaUrls: [`${images}/missing.png`],
        externalIds: [fake.posts[0]?.id ?? ""],
        attempt: 2,
      }),
      recordingContext().ctx,
    );
    expect(resumed.kind).toBe("sent");
    expect(fake.requests.every((r) => r.route === "POST /2/tweets")).toBe(true);
  });

  it.each([
    ["/missing.png", /missing\.png answered HTTP 404/],
    ["/page", /page is not an image \(content type text\/html\)/],
    ["/huge.png", /huge\.png is too big/],
  ])(
    "rejects a media URL that fails (%s), naming it, before posting anything",
    async (file, reason) => {
      const images = await serveImages();
      const result = await xChannel().publish(
        delivery({ mediaUrls: [`${images}/logo.png`, `${images}${file}`] }),
        recordingContext().ctx,
      );
      expect(result).toMatchObject({ kind: "rejected" });
      expect(result.kind === "rejected" && result.reason).toMatch(reason);
      expect(result.kind === "rejected" && result.reason).toContain(`${images}${file}`);
      expect(fake.requests).toHaveLength(0);
    },
  );

  it("rejects what an injected fetcher returns when it is no image X takes", async () => {
    const result = await xChannel({
      fetchMedia: async () => ({ data: Buffer.from("%PDF-1.7"), mimeType: "application/pdf" }),
    }).publish(
      delivery({ mediaUrls: ["https://perpustakaan.example/brosur.pdf"] }),
      recordingContext().ctx,
    );
    expect(result).toEqual({
      kind: "rejected",
      reason:
        "Image https://perpustakaan.example/brosur.pdf is not an image X accepts (application/pdf; JPEG, PNG, GIF or WebP)",
    });
  });

  it("rejects more than four images and an empty post without calling X", async () => {
    const channel = xChannel();
    const five = Array.from({ length: 5 }, (_, i) => `https://perpustakaan.example/${i}.png`);
    expect(await channel.publish(delivery({ mediaUrls: five }), recordingContext().ctx)).toEqual({
      kind: "rejected",
      reason: "An X post carries at most 4 images; this one has 5",
    });
    expect(await channel.publish(delivery({ body: "  \n " }), recordingContext().ctx)).toEqual({
      kind: "rejected",
      reason: "The X post is empty: it needs text or an image",
    });
    expect(fake.requests).toHaveLength(0);
  });
});

describe("classifying X's failures", () => {
  const publishWith = async (options: Partial<XChannelOptions> = {}, job = delivery()) => {
    const { ctx, saves } = recordingContext();
    const result = await xChannel(options).publish(job, ctx);
    return { result, saves };
  };

  it("429: rate_limited until x-rate-limit-reset", async () => {
    const reset = Math.floor(clock.now().getTime() / 1000) + 600;
    fake.failNext("rate_limit", { route: "POST /2/tweets", reset });
    const { result, saves } = await publishWith();
    expect(result).toMatchObject({ kind: "rate_limited", until: new Date(reset * 1000) });
    expect(saves).toEqual([]);
    expect(fake.posts).toHaveLength(0);
  });

  it("429 with the 24-hour user cap spent: waits for the cap's reset, even with remaining > 0", async () => {
    const now = Math.floor(clock.now().getTime() / 1000);
    fake.failNext("rate_limit", {
      reset: now + 600,
      remaining: 42,
      userDay: { limit: 17, remaining: 0, reset: now + 50_000 },
    });
    const { result } = await publishWith();
    expect(result).toEqual({
      kind: "rate_limited",
      until: new Date((now + 50_000) * 1000),
      reason: `X 24-hour user rate limit reached; it resets at ${new Date((now + 50_000) * 1000).toISOString()}`,
    });
  });

  it("429 whose 24-hour cap still has room: the 15-minute reset counts", async () => {
    const now = Math.floor(clock.now().getTime() / 1000);
    fake.failNext("rate_limit", {
      reset: now + 600,
      userDay: { limit: 17, remaining: 3, reset: now + 50_000 },
    });
    const { result } = await publishWith();
    expect(result).toMatchObject({ kind: "rate_limited", until: new Date((now + 600) * 1000) });
  });

  it("429 with a reset already past: waits 15 minutes from the clock", async () => {
    fake.failNext("rate_limit", { reset: Math.floor(clock.now().getTime() / 1000) - 60 });
    const { result } = await publishWith();
    expect(result).toMatchObject({
      kind: "rate_limited",
      until: new Date(clock.now().getTime() + 15 * 60_000),
    });
  });

  it("503: transient", async () => {
    fake.failNext("unavailable");
    const { result } = await publishWith();
    expect(result).toEqual({
      kind: "transient",
      reason: "X is unavailable (503 Service Unavailable)",
    });
  });

  it("a dropped connection: transient", async () => {
    fake.failNext("drop");
    const { result } = await publishWith();
    expect(result).toMatchObject({ kind: "transient" });
    expect(result.kind === "transient" && result.reason).toMatch(
      /^Network error talking to X: (socket hang up|Socket closed)/,
    );
  });

  it("a hung request: transient once the timeout fires", async () => {
    fake.failNext("hang");
    const { result } = await publishWith({ timeoutMs: 300 });
    expect(result).toEqual({
      kind: "transient",
      reason: "Network error talking to X: Request timeout.",
    });
  });

  it("401: needs_attention", async () => {
    fake.failNext("unauthorized");
    const { result } = await publishWith();
    expect(result).toMatchObject({ kind: "needs_attention" });
    expect(result.kind === "needs_attention" && result.reason).toMatch(/401 Unauthorized/);
  });

  it("wrong keys (a signature X cannot verify): needs_attention", async () => {
    const { result } = await publishWith({
      credentials: { ...FAKE_X_CREDENTIALS, accessSecret: "bukan-rahasianya" },
    });
    expect(result).toMatchObject({ kind: "needs_attention" });
    expect(fake.posts).toHaveLength(0);
  });

  it("a 403 that is not about the content (not permitted): needs_attention", async () => {
    fake.failNext("forbidden");
    const { result } = await publishWith();
    expect(result).toEqual({
      kind: "needs_attention",
      reason: "X refused the account or app (403 You are not permitted to perform this action.)",
    });
  });

  it("the duplicate 403 on a first attempt: rejected with X's own text, nothing looked up", async () => {
    fake.failNext("duplicate");
    const { result } = await publishWith();
    expect(result).toEqual({ kind: "rejected", reason: DUPLICATE_DETAIL });
    expect(fake.requestsTo("GET /2/users/:id/tweets")).toHaveLength(0);
  });

  it("a reply to a part that was deleted: rejected with X's text, naming the part", async () => {
    const parts = splitIntoThread(LONG_BODY);
    const { result } = await publishWith(
      {},
      delivery({ body: LONG_BODY, externalIds: ["1870000000000000999"], attempt: 2 }),
    );
    expect(result).toEqual({
      kind: "rejected",
      reason: `You attempted to reply to a Tweet that is deleted or not visible to you. (part 2 of ${parts.length})`,
    });
  });
});

describe("outcome unknown", () => {
  it("reconcile finds the parts X has though the client saw an error, and [] when none", async () => {
    const parts = splitIntoThread(LONG_BODY);
    const channel = xChannel();
    const job = delivery({ body: LONG_BODY });
    expect(await channel.reconcile(job, recordingContext().ctx)).toEqual([]);

    // The first part is committed by X, but its answer is a 503: nothing was saved.
    fake.failNext("unavailable", { route: "POST /2/tweets", afterCommit: true });
    const { ctx, saves } = recordingContext();
    expect(await channel.publish(job, ctx)).toMatchObject({ kind: "transient" });
    expect(saves).toEqual([]);
    expect(fake.posts.map((p) => p.text)).toEqual([parts[0]]);

    const found = await channel.reconcile(job, ctx);
    expect(found).toEqual([fake.posts[0]?.id]);
  });

  it("reconcile follows the thread past the saved parts, reply by reply, in order", async () => {
    const channel = xChannel();
    const job = delivery({ body: LONG_BODY });
    await channel.publish(job, recordingContext().ctx);
    const ids = fake.posts.map((p) => p.id);
    expect(ids.length).toBe(splitIntoThread(LONG_BODY).length);
    // An unrelated post after the thread does not confuse it.
    await channel.publish(
      delivery({ id: "other", body: "Jam buka libur Natal." }),
      recordingContext().ctx,
    );

    expect(await channel.reconcile(job, recordingContext().ctx)).toEqual(ids);
    const fromPart1 = { ...job, externalIds: ids.slice(0, 1) };
    expect(await channel.reconcile(fromPart1, recordingContext().ctx)).toEqual(ids);
    // With a part saved, only posts newer than it are read.
    expect(fake.requestsTo("GET /2/users/:id/tweets").at(-1)?.query).toMatchObject({
      since_id: ids[0],
      max_results: "100",
    });
  });

  it("reconcile stops at the first part not on the account", async () => {
    const channel = xChannel();
    const job = delivery({ body: LONG_BODY });
    await channel.publish(job, recordingContext().ctx);
    const ids = fake.posts.map((p) => p.id);
    const third = fake.posts[2];
    // Remove part 3 the way staff would, on X itself.
    await createXClient(FAKE_X_CREDENTIALS, { apiBaseUrl: fake.url }).v2.deleteTweet(
      third?.id ?? "",
    );
    expect(await channel.reconcile(job, recordingContext().ctx)).toEqual(ids.slice(0, 2));
  });

  it("reconcile asks for the account id once, and throws on network errors", async () => {
    const channel = xChannel();
    const job = delivery();
    await channel.reconcile(job, recordingContext().ctx);
    fake.failNext("drop", { route: "GET /2/users/:id/tweets" });
    await expect(channel.reconcile(job, recordingContext().ctx)).rejects.toBeInstanceOf(
      ApiRequestError,
    );
    await channel.reconcile(job, recordingContext().ctx);
    expect(fake.requestsTo("GET /2/users/me")).toHaveLength(1);
    expect(fake.requestsTo("GET /2/users/:id/tweets").map((r) => r.path)).toEqual(
      Array(3).fill(`/2/users/${FAKE_X_USER.id}/tweets`),
    );
  });

  it("a retry whose part X already has adopts it instead of failing on the duplicate", async () => {
    const parts = splitIntoThread(LONG_BODY);
    const channel = xChannel();
    const job = delivery({ body: LONG_BODY });
    // Part 1 is committed, the answer lost; a blind retry would meet the duplicate 403.
    fake.failNext("hang", { route: "POST /2/tweets", afterCommit: true });
    const first = recordingContext();
    expect(await xChannel({ timeoutMs: 300 }).publish(job, first.ctx)).toMatchObject({
      kind: "transient",
    });
    expect(first.saves).toEqual([]);

    const { ctx, saves } = recordingContext();
    const result = await channel.publish({ ...job, attempt: 2 }, ctx);

    const ids = fake.posts.map((p) => p.id);
    expect(fake.posts.map((p) => p.text)).toEqual(parts);
    expect(result).toEqual({ kind: "sent", externalIds: ids });
    expect(saves.map((s) => s.ids)).toEqual(ids.map((_, i) => ids.slice(0, i + 1)));
  });

  it("the same for a later part, whose reply to the saved part proves it ours", async () => {
    const channel = xChannel();
    const job = delivery({ body: LONG_BODY });
    await channel.publish(job, recordingContext().ctx);
    const ids = fake.posts.map((p) => p.id);
    // As if the save of parts 2.. was lost: only part 1 is known.
    const { ctx, saves } = recordingContext();
    const result = await channel.publish({ ...job, externalIds: ids.slice(0, 1), attempt: 2 }, ctx);
    expect(result).toEqual({ kind: "sent", externalIds: ids });
    expect(fake.posts.map((p) => p.id)).toEqual(ids);
    expect(saves.at(-1)?.ids).toEqual(ids);
  });
});

describe("link policy", () => {
  const body =
    "Lomba menulis cerpen untuk pelajar SMP dan SMA se-Kota Manado. Info lengkap: https://perpustakaan.manadokota.go.id/lomba-cerpen (pendaftaran sampai 20 Desember).";

  it("keep (default): posts the link in the text", async () => {
    await xChannel().publish(delivery({ body }), recordingContext().ctx);
    expect(fake.posts.map((p) => p.text)).toEqual([body]);
  });

  it("reply: the thread without links, then the links in one reply to its last part", async () => {
    const result = await xChannel({ linkPolicy: "reply" }).publish(
      delivery({ body }),
      recordingContext().ctx,
    );
    expect(fake.posts.map((p) => p.text)).toEqual([
      "Lomba menulis cerpen untuk pelajar SMP dan SMA se-Kota Manado. Info lengkap: (pendaftaran sampai 20 Desember).",
      "https://perpustakaan.manadokota.go.id/lomba-cerpen",
    ]);
    expect(fake.posts[1]?.in_reply_to).toBe(fake.posts[0]?.id);
    expect(result).toEqual({ kind: "sent", externalIds: fake.posts.map((p) => p.id) });
  });

  it("reply on a long body: the link post follows the numbered thread", async () => {
    const withLink = `${LONG_BODY}

Daftar: https://perpustakaan.manadokota.go.id/daftar`;
    await xChannel({ linkPolicy: "reply" }).publish(
      delivery({ body: withLink }),
      recordingContext().ctx,
    );
    const texts = fake.posts.map((p) => p.text);
    expect(texts.at(-1)).toBe("https://perpustakaan.manadokota.go.id/daftar");
    expect(texts.slice(0, -1).some((t) => t.includes("https://"))).toBe(false);
    expect(fake.posts.map((p) => p.in_reply_to)).toEqual([
      null,
      ...fake.posts.slice(0, -1).map((p) => p.id),
    ]);
  });

  it("drop: no links anywhere; a body that was only a link is rejected", async () => {
    const channel = xChannel({ linkPolicy: "drop" });
    await channel.publish(delivery({ body }), recordingContext().ctx);
    expect(fake.posts.map((p) => p.text)).toEqual([
      "Lomba menulis cerpen untuk pelajar SMP dan SMA se-Kota Manado. Info lengkap: (pendaftaran sampai 20 Desember).",
    ]);
    expect(
      await channel.publish(
        delivery({ id: "only-link", body: "https://perpustakaan.manadokota.go.id" }),
        recordingContext().ctx,
      ),
    ).toEqual({
      kind: "rejected",
      reason: "Nothing is left to post on X once the links are dropped",
    });
  });
});

describe("preview mode (no credentials)", () => {
  it("writes one file per delivery with every request, once, and posts nothing", async () => {
    const channel = createXChannel({ previewDir, apiBaseUrl: fake.url });
    expect(channel.preview).toBe(true);
    const job = delivery({ body: LONG_BODY, mediaUrls: ["https://perpustakaan.example/a.png"] });
    const parts = splitIntoThread(LONG_BODY);
    const { ctx, saves } = recordingContext();

    const result = await channel.publish(job, ctx);

    const ids = parts.map((_, i) => `preview-${job.id}-${i + 1}`);
    const file = path.join(previewDir, `20261206T010000Z-${job.id}.json`);
    expect(result).toEqual({ kind: "sent", externalIds: ids, preview: file });
    const record = JSON.parse(await readFile(file, "utf8")) as PreviewRecord;
    expect(record.delivery).toEqual({
      id: job.id,
      postId: "post-1",
      idempotencyKey: "x:post-1",
      attempt: 1,
    });
    expect(record.requests[0]).toEqual({
      method: "POST",
      url: `${fake.url}/2/media/upload/initialize`,
      upload: {
        source: "https://perpustakaan.example/a.png",
        mediaId: `preview-${job.id}-media-1`,
        media_category: "tweet_image",
      },
    });
    expect(record.requests.slice(1)).toEqual(
      parts.map((text, i) => ({
        method: "POST",
        url: `${fake.url}/2/tweets`,
        body: {
          text,
          ...(i === 0 ? { media: { media_ids: [`preview-${job.id}-media-1`] } } : {}),
          ...(i > 0 ? { reply: { in_reply_to_tweet_id: ids[i - 1] } } : {}),
        },
      })),
    );

    clock.advance(60_000);
    expect(await channel.publish({ ...job, attempt: 2 }, ctx)).toEqual(result);
    expect(await readdir(previewDir)).toEqual([path.basename(file)]);
    expect(await channel.reconcile(job, ctx)).toEqual(ids);
    expect(saves).toEqual([]);
    expect(fake.requests).toHaveLength(0);
  });

  it("refuses incomplete credentials rather than guess a mode", () => {
    expect(() =>
      createXChannel({ previewDir, credentials: { ...FAKE_X_CREDENTIALS, accessSecret: "" } }),
    ).toThrow(/accessSecret missing/);
  });
});
