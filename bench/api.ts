/**
 * npm run bench:api: listing a 50-item page of events over HTTP, against the real server on the
 * Postgres server, at 1,000 and at 100,000 events. Prints requests/s and latency percentiles.
 * Targets (2-core machine): >= 2,000 req/s and p99 < 50 ms at 1,000 events; p50 at 100,000
 * no more than 1.5 x p50 at 1,000.
 */
import autocannon from "autocannon";
import { sql } from "drizzle-orm";
import { openPostgres } from "../src/db/client.js";
import { scratchDatabase, startServer } from "./support/server.js";

const serverUrl = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 20);
// One HTTP process per core, as a 2-core deployment on the Postgres server would run.
const workers = process.env.BENCH_HTTP_WORKERS ?? "2";
const token = "warta_bench-admin-token-0123456789abcdef";

/** Events spread over two years, kinds and audiences mixed, as a busy library's calendar would be. */
async function fillEvents(url: string, count: number) {
  const database = openPostgres(url, 1);
  await database.migrate();
  await database.db.execute(sql`
    insert into events (kind, title, summary, description, starts_at, ends_at, location, audience, tags)
    select (array['literacy_session','book_fair','author_talk','exhibition','workshop','cultural','other'])[1 + i % 7],
           'Acara perpustakaan nomor ' || i,
           'Ringkasan singkat acara ' || i || ' di Perpustakaan Kota Manado.',
           repeat('Deskripsi acara yang cukup panjang untuk terasa nyata. ', 8),
           timestamptz '2026-01-01 09:00+08' + (i * interval '1 minute') * (1051200.0 / ${count}),
           timestamptz '2026-01-01 11:00+08' + (i * interval '1 minute') * (1051200.0 / ${count}),
           'Aula Lantai 2',
           (array['all','children','teens','adults','families','seniors','educators'])[1 + (i / 7) % 7],
           array['literasi', 'manado']
    from generate_series(1, ${count}) as i`);
  // As a table in steady use would be: vacuumed (hint bits set, visibility map built) and on
  // disk, so the measurement does not share the machine with autovacuum and the checkpointer
  // catching up on the bulk insert.
  await database.db.execute(sql`vacuum analyze events`);
  await database.db.execute(sql`checkpoint`);
  await database.close();
}

async function measure(base: string, path: string) {
  const result = await autocannon({
    url: `${base}${path}`,
    connections,
    duration: seconds,
    headers: { authorization: `Bearer ${token}` },
  });
  if (result.non2xx > 0 || result.errors > 0) {
    throw new Error(`${path}: ${result.non2xx} non-2xx answers and ${result.errors} errors`);
  }
  return {
    rps: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
  };
}

async function firstCursorAfter(base: string, fraction: number, total: number): Promise<string> {
  // A page deep in the list: walk there once by date, then use the API's own cursor.
  const start = new Date(Date.parse("2026-01-01T01:00:00Z") + fraction * 1051200 * 60_000);
  const res = await fetch(
    `${base}/api/events?limit=1&from=${encodeURIComponent(start.toISOString())}`,
    {
      headers: { authorization: `Bearer ${token}` },
    },
  );
  const body = (await res.json()) as { nextCursor: string | null };
  if (!body.nextCursor) throw new Error(`no cursor deep in ${total} events`);
  return body.nextCursor;
}

async function run(count: number) {
  const db = await scratchDatabase(serverUrl, `warta_bench_api_${count}_${process.pid}`);
  try {
    await fillEvents(db.url, count);
    const server = await startServer({
      DATABASE_URL: db.url,
      WARTA_ADMIN_TOKEN: token,
      HTTP_WORKERS: workers,
      // 100,000 events put thousands in the planning horizon: the scheduler's first pass would
      // share the machine with the measurement. Planning has its own bench (bench:tick).
      TICK_CRON: "0 0 1 1 *",
    });
    try {
      await measure(server.url, "/api/events?limit=50"); // warm-up (JIT, pool, caches)
      const first = await measure(server.url, "/api/events?limit=50");
      const cursor = await firstCursorAfter(server.url, 0.9, count);
      const deep = await measure(server.url, `/api/events?limit=50&cursor=${cursor}`);
      const filtered = await measure(
        server.url,
        "/api/events?limit=50&kind=workshop&audience=teens",
      );
      return { count, first, deep, filtered };
    } finally {
      await server.stop();
    }
  } finally {
    await db.drop();
  }
}

const rows = [];
for (const count of [1_000, 100_000]) rows.push(await run(count));

console.log(
  `\nbench:api  GET /api/events (50 per page), ${connections} connections, ${seconds} s each, HTTP_WORKERS=${workers}\n`,
);
console.log("events    page                 req/s    p50 ms  p99 ms");
for (const row of rows) {
  for (const [label, m] of [
    ["first page", row.first],
    ["page at 90% (cursor)", row.deep],
    ["kind+audience filter", row.filtered],
  ] as const) {
    console.log(
      `${String(row.count).padStart(7)}   ${label.padEnd(20)} ${String(m.rps).padStart(6)}  ${String(m.p50).padStart(7)} ${String(m.p99).padStart(7)}`,
    );
  }
}
const [small, large] = rows;
if (small && large) {
  const ratio = large.first.p50 / Math.max(small.first.p50, 1);
  console.log(`\np50 at 100,000 / p50 at 1,000 (first page): ${ratio.toFixed(2)}`);
  const deepRatio = large.deep.p50 / Math.max(small.deep.p50, 1);
  console.log(`p50 at 100,000 / p50 at 1,000 (deep page):  ${deepRatio.toFixed(2)}`);
}
