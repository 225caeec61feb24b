/**
 * npm run bench:newsletter: one issue to 100,000 subscribers on the Postgres server, sent by real
 * sender processes (`npm run send`: ledger claims, personalisation, one pooled nodemailer
 * transport each) into a local SMTP sink in its own process. One sender per core, as a 2-core
 * deployment runs them. Targets on this 2-core machine: at least 1,500 messages/s, each sender's
 * peak RSS under 250 MB and not growing with the audience, ledger creation for 100k under 2 s.
 *
 * BENCH_DATABASE_URL: the server (default postgres://postgres@127.0.0.1:5432/postgres).
 * BENCH_RECIPIENTS (default 100000), BENCH_SENDERS (default 2), BENCH_CONNECTIONS (SMTP
 * connections per sender, default 6: more in flight hides the round trips; 8 is no faster),
 * BENCH_SENDER_ARGS (node flags for the senders, after the ones `npm run send` gives them).
 */
import { type ChildProcess, fork } from "node:child_process";
import { readFileSync } from "node:fs";
import { and, eq, sql } from "drizzle-orm";
import { systemActor } from "../src/auth/actor.js";
import { openPostgres } from "../src/db/client.js";
import type { Database } from "../src/db/database.js";
import { newsletterRecipients, newsletters } from "../src/db/schema/index.js";
import { approveNewsletter } from "../src/newsletters/approve.js";
import { startDueNewsletters } from "../src/newsletters/send/ledger.js";
import { createNewsletter } from "../src/newsletters/service.js";
import type { Ctx } from "../src/shared/context.js";
import { benchDeps } from "./support/outbox.js";
import { scratchDatabase } from "./support/server.js";

const serverUrl = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const recipients = Number(process.env.BENCH_RECIPIENTS ?? 100_000);
const senders = Number(process.env.BENCH_SENDERS ?? 2);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 6);
/** The node flags `npm run send` gives a sender (package.json), so it runs here as deployed. */
const deployedFlags = (
  JSON.parse(readFileSync("package.json", "utf8")) as { scripts: { send: string } }
).scripts.send
  .split(" ")
  .filter((arg) => arg.startsWith("--"));
/** More node flags for the senders, e.g. "--cpu-prof --cpu-prof-dir=/tmp/profiles". */
const senderArgs = (process.env.BENCH_SENDER_ARGS ?? "").split(" ").filter(Boolean);
const TARGET = { perSecond: 1500, rssMb: 250, ledgerMs: 2000 };

const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);
const fmt = (n: number) => n.toLocaleString("en-US");
const progress = (message: string) => process.stderr.write(`  ${message}\n`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function startSink() {
  const child = fork(new URL("./support/smtp-sink-process.ts", import.meta.url).pathname, [], {
    execArgv: ["--import", "tsx"],
  });
  const port = await new Promise<number>((resolve) =>
    child.once("message", (m: { port: number }) => resolve(m.port)),
  );
  return {
    url: `smtp://127.0.0.1:${port}`,
    count: () =>
      new Promise<{ received: number; bytes: number }>((resolve) => {
        child.once("message", resolve);
        child.send("count");
      }),
    stop: () => {
      child.send("stop");
    },
  };
}

/** `npm run send` as deployed, resolving once it says it is sending. */
function startSender(databaseUrl: string, smtpUrl: string): Promise<ChildProcess> {
  const child = fork("src/cli/send.ts", [], {
    execArgv: ["--import", "tsx", ...deployedFlags, ...senderArgs],
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      SMTP_URL: smtpUrl,
      MAIL_CONNECTIONS: String(connections),
      MAIL_RATE_PER_SECOND: "100000",
      MAIL_FROM: '"Perpustakaan Kota Manado" <warta@perpustakaan.example>',
      LOG_LEVEL: "warn",
      SEED_DEMO: "0",
    },
    stdio: ["ignore", "pipe", "inherit", "ipc"],
  });
  return new Promise((resolve, reject) => {
    child.stdout?.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes("Sending newsletters")) resolve(child);
    });
    child.once("exit", (code) => reject(new Error(`a sender exited with ${code}`)));
  });
}

/** A process's resident memory now and at its peak, from Linux's /proc. */
function memoryOf(pid: number | undefined) {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { rss: kb("VmRSS") * 1024, peak: kb("VmHWM") * 1024 };
}

async function sentSoFar(db: Database, issue: string) {
  const [row] = await db
    .select({ sent: sql<number>`count(*)::int` })
    .from(newsletterRecipients)
    .where(
      and(eq(newsletterRecipients.newsletterId, issue), eq(newsletterRecipients.status, "sent")),
    );
  return row?.sent ?? 0;
}

async function main() {
  const scratch = await scratchDatabase(serverUrl, "warta_bench_newsletter");
  const database = openPostgres(scratch.url, 2);
  const sink = await startSink();
  const children: ChildProcess[] = [];
  try {
    await database.migrate();
    const db = database.db;
    progress(`${fmt(recipients)} subscribers…`);
    await db.execute(sql`
      insert into subscribers (email, locale, topics, status, confirmed_at)
      select 'patron' || n || '@example.org', case when n % 4 = 0 then 'en' else 'id' end,
        case n % 3 when 0 then '{events,new_books}'::text[] when 1 then '{new_books}'::text[]
          else '{events,literacy_sessions,children,new_books}'::text[] end,
        'active', now()
      from generate_series(1, ${recipients}) as n`);
    await db.execute(sql`vacuum analyze subscribers`);

    const deps = benchDeps(db, scratch.url);
    const ctx: Ctx = {
      db,
      clock: deps.clock,
      config: deps.config,
      actor: systemActor,
      templateFiles: deps.templateFiles,
    };
    const issue = await composedIssue(ctx, deps);

    const ledgerStart = performance.now();
    const [started] = await startDueNewsletters(db, deps.clock.now());
    const ledgerMs = performance.now() - ledgerStart;
    progress(`ledger: ${fmt(started?.recipients ?? 0)} rows in ${ledgerMs.toFixed(0)} ms`);

    progress(`${senders} senders with ${connections} SMTP connections each…`);
    const starting = Array.from({ length: senders }, () => startSender(scratch.url, sink.url));
    // From the moment the first sender works: a sender's own start-up (tsx compiling, the
    // database pool opening) is not sending time.
    await Promise.race(starting);
    const sendStart = performance.now();
    children.push(...(await Promise.all(starting)));
    const rssAt: number[] = [];
    const secondsAt: number[] = [];
    let nextMark = 0.25;
    for (;;) {
      await sleep(250);
      const [row] = await db
        .select({ status: newsletters.status })
        .from(newsletters)
        .where(eq(newsletters.id, issue));
      const done = row?.status === "sent";
      // Progress from the sink: counting ledger rows four times a second would load the database
      // being measured. Each quarter once, when the sink has it (or at the end, if a poll skipped it).
      const share = (await sink.count()).received / recipients;
      while (nextMark <= 1 && (done || share >= nextMark)) {
        rssAt.push(Math.max(...children.map((child) => memoryOf(child.pid).rss)));
        secondsAt.push((performance.now() - sendStart) / 1000);
        nextMark += 0.25;
      }
      if (done) break;
    }
    const seconds = (performance.now() - sendStart) / 1000;
    const peakRss = Math.max(...children.map((child) => memoryOf(child.pid).peak));
    const sent = await sentSoFar(db, issue);
    const { received, bytes } = await sink.count();
    const perSecond = sent / seconds;

    const ok = (pass: boolean) => (pass ? "ok" : "MISSED");
    console.log(
      `\nbench:newsletter — ${fmt(recipients)} subscribers, ${senders} sender processes × ${connections} SMTP connections`,
    );
    console.log(
      `  ledger creation   ${ledgerMs.toFixed(0)} ms            target < ${TARGET.ledgerMs} ms  ${ok(ledgerMs < TARGET.ledgerMs)}`,
    );
    console.log(
      `  sent              ${fmt(sent)} in ${seconds.toFixed(1)} s (sink received ${fmt(received)}, ${(bytes / Math.max(received, 1) / 1024).toFixed(1)} KB each)`,
    );
    console.log(
      `  throughput        ${fmt(Math.round(perSecond))} messages/s   target >= ${TARGET.perSecond}  ${ok(perSecond >= TARGET.perSecond)}`,
    );
    console.log(
      `  peak RSS          ${mb(peakRss)} MB (largest sender)   target < ${TARGET.rssMb} MB  ${ok(mb(peakRss) < TARGET.rssMb)}`,
    );
    console.log(`  RSS at 25/50/75/100%  ${rssAt.map((r) => `${mb(r)} MB`).join(" / ")}`);
    console.log(`  seconds at 25/50/75/100%  ${secondsAt.map((t) => t.toFixed(1)).join(" / ")}`);
  } finally {
    for (const child of children) child.kill("SIGTERM");
    sink.stop();
    await database.close();
    await scratch.drop();
  }
}

async function composedIssue(ctx: Ctx, deps: ReturnType<typeof benchDeps>): Promise<string> {
  const now = deps.clock.now();
  const day = (offset: number) =>
    new Date(now.getTime() + offset * 86_400_000).toISOString().slice(0, 10);
  await ctx.db.execute(sql`
    insert into events (kind, title, summary, starts_at, ends_at, location, audience)
    select (array['workshop','literacy_session','author_talk','cultural'])[1 + n % 4],
      'Acara perpustakaan ' || n, 'Ringkasan acara ' || n,
      now() + (n || ' days')::interval, now() + (n || ' days')::interval + interval '2 hours',
      'Aula Lantai 2', (array['all','children','teens','adults'])[1 + n % 4]
    from generate_series(2, 20) as n`);
  await ctx.db.execute(sql`
    insert into acquisitions (isbn, title, authors, acquired_on, cover_url)
    select null, 'Buku baru ' || n, '{Penulis Manado}', current_date - n,
      'https://covers.openlibrary.org/b/isbn/978000000000' || n || '-L.jpg'
    from generate_series(1, 8) as n`);
  const created = await createNewsletter({
    ctx,
    input: { periodStart: day(-14), periodEnd: day(30) },
  });
  await approveNewsletter({
    ctx,
    renderer: deps.renderer,
    id: created.id,
    input: {},
    ifMatch: created.version,
  });
  return created.id;
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
