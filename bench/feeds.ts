/**
 * npm run bench:feeds: the public iCalendar feed over HTTP, against the real server on the
 * Postgres server, with 1,000 events in the feed's window. Prints requests/s and latency
 * percentiles for full answers (200) gzipped, as calendar apps ask for them, and plain; for
 * revalidations (If-None-Match: 304); and for a filtered feed. Target (2-core machine): >= 500
 * req/s for GET /feeds/events.ics at 1,000 events. Last, the same plain bytes from a bare
 * node:http server: the client's own ceiling for answers that size.
 *
 * BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres), BENCH_SECONDS (10),
 * BENCH_CONNECTIONS (20), BENCH_FEED_EVENTS (1000).
 */
import { createServer } from "node:http";
import autocannon from "autocannon";
import { sql } from "drizzle-orm";
import { openPostgres } from "../src/db/client.js";
import { scratchDatabase, startServer } from "./support/server.js";

const serverUrl = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 20);
const count = Number(process.env.BENCH_FEED_EVENTS ?? 1000);

/**
 * Events from 20 days ago to 55 days ahead (inside the feed's window), as a busy library's
 * calendar looks: kinds and audiences mixed, some all-day, a few cancelled, real-length text.
 */
async function fillEvents(url: string) {
  const database = openPostgres(url, 1);
  await database.migrate();
  await database.db.execute(sql`
    insert into events (kind, title, summary, description, starts_at, ends_at, all_day, location,
                        audience, image_url, tags, status, cancelled_at)
    select (array['literacy_session','book_fair','author_talk','exhibition','workshop','cultural','other'])[1 + i % 7],
           'Lomba Bercerita Anak 📚, sesi ' || i || '; Perpustakaan Kota Manado',
           'Ringkasan singkat acara ' || i || ' di Perpustakaan Kota Manado.',
           repeat('Deskripsi acara yang cukup panjang untuk terasa nyata, dengan koma; titik koma. ', 5),
           start, start + interval '2 hours', false,
           'Aula Lantai 2, Jl. Sam Ratulangi',
           (array['all','children','teens','adults','families','seniors','educators'])[1 + (i / 7) % 7],
           case when i % 5 = 0 then 'https://perpustakaan.example/poster/' || i || '.jpg' end,
           array['literasi', 'manado'],
           case when i % 50 = 0 then 'cancelled' else 'scheduled' end,
           case when i % 50 = 0 then now() end
    from generate_series(1, ${count}) as i,
         lateral (select date_trunc('hour', now()) - interval '20 days'
                         + (i * interval '1 minute') * (75 * 24 * 60.0 / ${count}) as start) as s`);
  await database.db.execute(sql`
    update events set all_day = true,
           starts_at = date_trunc('day', starts_at at time zone 'Asia/Makassar') at time zone 'Asia/Makassar',
           ends_at = (date_trunc('day', starts_at at time zone 'Asia/Makassar') + interval '1 day') at time zone 'Asia/Makassar'
    where kind = 'exhibition'`);
  await database.db.execute(sql`analyze events`);
  await database.close();
}

interface Measured {
  rps: number;
  p50: number;
  p90: number;
  p99: number;
  kbPerAnswer: number;
}

async function measure(
  url: string,
  expectStatus: 200 | 304,
  headers: Record<string, string> = {},
): Promise<Measured> {
  const result = await autocannon({ url, connections, duration: seconds, headers });
  const expected = result.statusCodeStats?.[`${expectStatus}`]?.count ?? 0;
  if (result.errors > 0 || expected !== result.requests.total) {
    throw new Error(
      `${url}: expected only ${expectStatus} answers, got ${JSON.stringify(result.statusCodeStats)} and ${result.errors} errors`,
    );
  }
  return {
    rps: Math.round(result.requests.average),
    p50: result.latency.p50,
    p90: result.latency.p90,
    p99: result.latency.p99,
    kbPerAnswer: Math.round(result.throughput.total / Math.max(result.requests.total, 1) / 1024),
  };
}

/**
 * The same bytes from a bare node:http server: how fast this client can read answers that big
 * at all, so the plain 1 MB figure is read against the client's own ceiling.
 */
async function bareCeiling(body: Uint8Array): Promise<Measured> {
  const bare = createServer((_req, res) => {
    res.writeHead(200, { "content-type": "text/calendar", "content-length": body.length });
    res.end(body);
  });
  await new Promise<void>((resolve) => bare.listen(0, "127.0.0.1", resolve));
  const address = bare.address();
  const port = typeof address === "object" && address ? address.port : 0;
  try {
    return await measure(`http://127.0.0.1:${port}/`, 200);
  } finally {
    bare.close();
  }
}

const db = await scratchDatabase(serverUrl, `warta_bench_feeds_${process.pid}`);
const rows: [string, Measured][] = [];
let feedBytes = 0;
let inFeed = 0;
try {
  await fillEvents(db.url);
  const server = await startServer({ DATABASE_URL: db.url });
  try {
    const url = `${server.url}/feeds/events.ics`;
    const first = await fetch(url);
    const body = await first.text();
    feedBytes = Buffer.byteLength(body);
    inFeed = body.split("BEGIN:VEVENT").length - 1;
    const etag = first.headers.get("etag") ?? "";
    const gzip = { "accept-encoding": "gzip" };
    await measure(url, 200, gzip); // warm-up (JIT, pool, the rendered feed)
    rows.push(["full feed, gzip (200)", await measure(url, 200, gzip)]);
    rows.push(["full feed, plain (200)", await measure(url, 200)]);
    rows.push(["If-None-Match (304)", await measure(url, 304, { "if-none-match": etag })]);
    rows.push(["?kind=workshop, gzip", await measure(`${url}?kind=workshop`, 200, gzip)]);
    rows.push(["bare server, plain", await bareCeiling(new TextEncoder().encode(body))]);
  } finally {
    await server.stop();
  }
} finally {
  await db.drop();
}

console.log(
  `\nbench:feeds  GET /feeds/events.ics, ${inFeed} events in the feed (${Math.round(feedBytes / 1024)} KB), ${connections} connections, ${seconds} s each\n`,
);
console.log("answer                   req/s   p50 ms  p90 ms  p99 ms  KB/answer");
for (const [label, m] of rows) {
  console.log(
    `${label.padEnd(22)} ${String(m.rps).padStart(7)}  ${String(m.p50).padStart(7)} ${String(m.p90).padStart(7)} ${String(m.p99).padStart(7)}  ${String(m.kbPerAnswer).padStart(9)}`,
  );
}
