import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { asc, eq } from "drizzle-orm";
import { afterEach, describe, expect, inject, it } from "vitest";
import { createApp } from "../../src/app.js";
import { createToken } from "../../src/auth/service.js";
import { bootstrap, type Runtime } from "../../src/bootstrap.js";
import { planPosts } from "../../src/channels/x/plan.js";
import { loadConfig } from "../../src/config.js";
import { createPglite } from "../../src/db/pglite.js";
import { deliveries, deliveryAttempts, posts } from "../../src/db/schema/index.js";
import { expectJson } from "../support/app.js";
import { createTestDatabase } from "../support/db.js";
import {
  createFakeX,
  FAKE_X_CREDENTIALS,
  type FakeX,
  type FaultOptions,
} from "../support/fake-x/index.js";
import { runTs, startTs } from "../support/process.js";

/**
 * Invariant 4 end to end: a scheduler process (`npm run tick`) is SIGKILLed while a thread is
 * half posted; after its lease runs out, the next tick finds the row `unknown`, looks on the
 * account, and completes the thread with no part posted twice. On embedded PGlite (the killed
 * process leaves its warta.pid and an uncleanly closed data directory behind) or on the Postgres
 * server when TEST_DATABASE_URL is set.
 */

const LEASE_SECONDS = 1;
const TICK = "src/cli/tick.ts";
const POST_TWEETS = "POST /2/tweets";

// Long enough (> 600 weighted characters) to go out as a thread of at least three parts.
const BODY = [
  "Perpustakaan Kota Manado mengundang seluruh warga untuk mengikuti Pekan Literasi Informasi " +
    "yang berlangsung di Ruang Serbaguna lantai dua. Selama satu minggu penuh, pustakawan kami " +
    "akan memandu peserta mengenali berita bohong, memeriksa sumber, dan menelusuri katalog daring.",
  "Setiap sesi dimulai pukul 09.00 WITA dan terbuka untuk pelajar, mahasiswa, guru, serta " +
    "orang tua. Peserta diharapkan membawa telepon genggam atau laptop sendiri, karena jaringan " +
    "internet perpustakaan tersedia tanpa biaya bagi semua pengunjung yang terdaftar.",
  "Pada hari terakhir akan diadakan lomba menulis ulasan buku dengan hadiah menarik dari para " +
    "mitra kami. Pendaftaran dibuka di meja layanan sirkulasi atau melalui nomor WhatsApp resmi " +
    "perpustakaan. Tempat terbatas, jadi segera daftarkan diri Anda dan ajak teman-teman!",
].join("\n\n");

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` until it holds; fails after `timeoutMs` with `what` and the process output. */
async function until(
  check: () => boolean,
  what: string,
  timeoutMs: number,
  output: () => string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; output:\n${output()}`);
    }
    await sleep(10);
  }
}

/**
 * A pass-through HTTP gate in front of the fake X API that scripts `fault` on the fake the moment
 * the 2nd POST /2/tweets arrives, before forwarding it. The fake's faults have no "skip the first
 * n requests" option, and scripting from the test after part 1 was answered would race the
 * child's next request; the gate makes "part 1 goes through, part 2 hangs" deterministic.
 */
async function startGate(fake: FakeX, fault: FaultOptions) {
  let tweets = 0;
  const server = http.createServer((req, res) => {
    if (req.method === "POST" && req.url === "/2/tweets" && ++tweets === 2) {
      fake.failNext("hang", { ...fault, route: POST_TWEETS });
    }
    const upstream = http.request(
      new URL(req.url ?? "/", fake.url),
      { method: req.method, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on("error", () => res.destroy());
    // The client went away (killed): let go of the hanging request to the fake too.
    res.on("close", () => upstream.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Opens the database as a Warta process would (lock, migrations), runs `work`, closes it. */
async function withRuntime<T>(
  env: Record<string, string>,
  work: (runtime: Runtime) => Promise<T>,
): Promise<T> {
  const runtime = await bootstrap(loadConfig({ ...env, LOG_LEVEL: "silent" }));
  try {
    return await work(runtime);
  } finally {
    await runtime.close();
  }
}

/**
 * Writes and approves the thread through the API, due now by the real clock the CLI uses. An
 * embedded data directory starts as a copy of the run's migrated template (no initdb per case).
 */
async function approvedThread(env: Record<string, string>): Promise<string> {
  if (!env.DATABASE_URL && env.DATA_DIR) {
    const dir = path.join(env.DATA_DIR, "pglite");
    mkdirSync(dir, { recursive: true });
    const template = new Blob([readFileSync(inject("pgliteTemplate"))]);
    await (await createPglite({ dataDir: dir, loadDataDir: template })).close();
  }
  return withRuntime(env, async (runtime) => {
    const { token } = await createToken({
      ctx: runtime.systemCtx,
      input: { name: "crash test", role: "admin" },
    });
    const app = createApp(runtime.deps);
    const send = (url: string, init: { body?: unknown; headers?: Record<string, string> }) =>
      app.request(url, {
        method: "POST",
        headers: {
          authorization: `Bearer ${token}`,
          "content-type": "application/json",
          ...init.headers,
        },
        ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
      });
    const post = await expectJson(
      send("/api/posts", { body: { body: BODY, channels: ["x"] } }),
      201,
    );
    await expectJson(
      send(`/api/posts/${post.id}/approve`, { headers: { "if-match": `"${post.version}"` } }),
      200,
    );
    return post.id as string;
  });
}

interface TickReport {
  dispatch: {
    expired: number;
    missed: number;
    attempted: number;
    outcomes: Record<string, number>;
  };
}

/** The JSON report `npm run tick` prints (log lines, one JSON object each, may surround it). */
function reportOf(output: string): TickReport {
  const start = output.indexOf('{\n  "at":');
  const end = output.indexOf("\n}", start);
  if (start < 0 || end < 0) throw new Error(`no tick report in the output:\n${output}`);
  return JSON.parse(output.slice(start, end + 2)) as TickReport;
}

async function runTick(env: Record<string, string>): Promise<TickReport> {
  const run = await runTs(TICK, [], env);
  expect(run.code, run.output).toBe(0);
  return reportOf(run.output);
}

describe("a scheduler process killed (SIGKILL) while publishing a thread", () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  const parts = planPosts(BODY, 0, "keep").parts;

  it("has a body that goes out as a thread of three or more parts", () => {
    expect(parts.length).toBeGreaterThanOrEqual(3);
  });

  for (const variant of [
    { name: "the 2nd part never reached X", afterCommit: false },
    { name: "X has the 2nd part but the process died before recording it", afterCommit: true },
  ]) {
    it(`completes the thread after a restart, no part twice: ${variant.name}`, async () => {
      const fake = await createFakeX({ credentials: FAKE_X_CREDENTIALS });
      cleanups.push(() => fake.close());
      const gate = await startGate(fake, { afterCommit: variant.afterCommit });
      cleanups.push(() => gate.close());
      const dataDir = mkdtempSync(path.join(tmpdir(), "warta-crash-"));
      cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
      const database = process.env.TEST_DATABASE_URL ? await createTestDatabase() : undefined;
      const env: Record<string, string> = {
        DATA_DIR: dataDir,
        DATABASE_URL: database?.url ?? "",
        X_API_KEY: FAKE_X_CREDENTIALS.appKey,
        X_API_SECRET: FAKE_X_CREDENTIALS.appSecret,
        X_ACCESS_TOKEN: FAKE_X_CREDENTIALS.accessToken,
        X_ACCESS_SECRET: FAKE_X_CREDENTIALS.accessSecret,
        X_API_BASE_URL: gate.url,
        LEASE_SECONDS: String(LEASE_SECONDS),
        SEED_DEMO: "0",
        WARTA_ADMIN_TOKEN: "",
      };
      // Nothing else holds the database while a CLI runs: PGlite allows one process at a time.
      const postId = await approvedThread(env);

      // 1. The tick posts part 1, saves its id, and hangs on part 2; then it is killed.
      const doomed = startTs(TICK, [], env);
      cleanups.push(() => {
        if (doomed.child.exitCode === null && doomed.child.signalCode === null) {
          doomed.child.kill("SIGKILL");
        }
      });
      const tweets = () => fake.requestsTo(POST_TWEETS);
      await until(
        () => tweets()[1]?.fault === "hang" || doomed.child.exitCode !== null,
        "the 2nd part to hang",
        30_000,
        doomed.output,
      );
      expect(doomed.child.exitCode, doomed.output()).toBeNull();
      expect(doomed.child.kill("SIGKILL")).toBe(true);
      await doomed.exited;
      expect(doomed.child.signalCode).toBe("SIGKILL");
      expect(tweets().map((r) => r.status)).toEqual([201, null]);
      expect(fake.posts.map((p) => p.text)).toEqual(parts.slice(0, variant.afterCommit ? 2 : 1));
      // Embedded: the dead process's lock is left behind, for the next process to take over.
      const pidFile = path.join(dataDir, "warta.pid");
      if (!database) expect(readFileSync(pidFile, "utf8")).toBe(String(doomed.child.pid));

      // 2. Past the dead worker's lease, the next tick reconciles and finishes the thread.
      await sleep(LEASE_SECONDS * 1000 + 200);
      const restarted = await runTick(env);
      expect(restarted.dispatch).toMatchObject({ expired: 1, attempted: 1, outcomes: { sent: 1 } });
      // It looked on the account before posting anything, after the part 1 the dead process saved.
      const lookups = fake.requestsTo("GET /2/users/:id/tweets");
      expect(lookups.length).toBeGreaterThanOrEqual(1);
      expect(lookups[0]?.query.since_id).toBe(fake.posts[0]?.id);
      expect(existsSync(pidFile)).toBe(false);
      // And another tick has nothing left to do.
      const again = await runTick(env);
      expect(again.dispatch).toMatchObject({ expired: 0, attempted: 0, outcomes: {} });

      // On X: each part exactly once, in order, each replying to the one before.
      expect(fake.posts.map((p) => p.text)).toEqual(parts);
      expect(new Set(fake.posts.map((p) => p.text)).size).toBe(parts.length);
      expect(fake.posts[0]?.in_reply_to).toBeNull();
      for (let i = 1; i < fake.posts.length; i++) {
        expect(fake.posts[i]?.in_reply_to).toBe(fake.posts[i - 1]?.id);
      }
      // A part X had (afterCommit) was found, not posted again and refused as a duplicate.
      expect(tweets()).toHaveLength(parts.length + (variant.afterCommit ? 0 : 1));
      expect(fake.requests.filter((r) => r.status === 403)).toEqual([]);

      // In the outbox: sent with every part's id, and the expired lease in the history.
      await withRuntime(env, async ({ deps: { db } }) => {
        const [row, ...others] = await db
          .select()
          .from(deliveries)
          .where(eq(deliveries.postId, postId));
        expect(others).toEqual([]);
        expect(row).toMatchObject({
          status: "sent",
          externalIds: fake.posts.map((p) => p.id),
          leaseUntil: null,
          claimedBy: null,
          attempts: 2,
        });
        const history = await db
          .select()
          .from(deliveryAttempts)
          .where(eq(deliveryAttempts.deliveryId, row?.id ?? ""))
          .orderBy(asc(deliveryAttempts.id));
        expect(history.map((a) => a.outcome)).toEqual(["unknown", "sent"]);
        expect(history[0]?.error).toMatch(/lease expired/);
        expect(history[1]?.request).toMatchObject({ attempt: 2, parts: parts.length });
        const [post] = await db.select().from(posts).where(eq(posts.id, postId));
        expect(post?.status).toBe("published");
      });
    }, 90_000);
  }
});
