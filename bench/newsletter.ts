/**
 * npm run bench:newsletter: one issue to 100,000 subscribers through the real sender (ledger,
 * claims, personalisation, the pooled nodemailer transport) into a local SMTP sink running in its
 * own process, on the Postgres server. Targets on this 2-core machine: at least 1,500 messages/s,
 * peak RSS under 250 MB and not growing with the audience, ledger creation for 100k under 2 s.
 *
 * BENCH_DATABASE_URL: the server (default postgres://postgres@127.0.0.1:5432/postgres).
 * BENCH_RECIPIENTS (default 100000), BENCH_BATCH (default 500), BENCH_CONNECTIONS (default 8).
 */
import { fork } from "node:child_process";
import { sql } from "drizzle-orm";
import { systemActor } from "../src/auth/actor.js";
import { openPostgres } from "../src/db/client.js";
import { createSmtpMailer } from "../src/mail/smtp.js";
import { approveNewsletter } from "../src/newsletters/approve.js";
import { startDueNewsletters } from "../src/newsletters/send/ledger.js";
import { createNewsletterSender } from "../src/newsletters/send/sender.js";
import { createNewsletter } from "../src/newsletters/service.js";
import type { Ctx } from "../src/shared/context.js";
import { benchDeps } from "./support/outbox.js";
import { scratchDatabase } from "./support/server.js";

const serverUrl = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const recipients = Number(process.env.BENCH_RECIPIENTS ?? 100_000);
const batchSize = Number(process.env.BENCH_BATCH ?? 500);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 8);
const TARGET = { perSecond: 1500, rssMb: 250, ledgerMs: 2000 };

const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);
const fmt = (n: number) => n.toLocaleString("en-US");
const progress = (message: string) => process.stderr.write(`  ${message}\n`);

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
      new Promise<number>((resolve) => {
        child.once("message", (m: { received: number }) => resolve(m.received));
        child.send("count");
      }),
    stop: () => {
      child.send("stop");
    },
  };
}

async function main() {
  const scratch = await scratchDatabase(serverUrl, "warta_bench_newsletter");
  const database = openPostgres(scratch.url, 10);
  const sink = await startSink();
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
    await db.execute(sql`analyze subscribers`);

    const base = benchDeps(db, scratch.url);
    const config = {
      ...base.config,
      mail: { ...base.config.mail, perSecond: 100_000, connections },
    };
    const mailer = createSmtpMailer({
      url: sink.url,
      from: config.mail.from,
      maxConnections: connections,
    });
    const deps = { ...base, config, mailer };
    const ctx: Ctx = {
      db,
      clock: deps.clock,
      config,
      actor: systemActor,
      templateFiles: deps.templateFiles,
    };
    const issue = await composedIssue(ctx, deps);

    const ledgerStart = performance.now();
    const [started] = await startDueNewsletters(db, deps.clock.now());
    const ledgerMs = performance.now() - ledgerStart;
    progress(`ledger: ${fmt(started?.recipients ?? 0)} rows in ${ledgerMs.toFixed(0)} ms`);

    const sender = createNewsletterSender(deps, { batchSize });
    const rss: number[] = [];
    const rssBefore = process.memoryUsage().rss;
    let peakRss = process.memoryUsage().rss;
    const sampler = setInterval(() => {
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
    }, 100);
    const sendStart = performance.now();
    let sent = 0;
    let nextMark = 0.25;
    for (;;) {
      const report = await sender.round();
      sent += report.sent;
      if (sent / recipients >= nextMark) {
        rss.push(process.memoryUsage().rss);
        nextMark += 0.25;
      }
      if (report.finished.includes(issue)) break;
      if (report.claimed === 0 && report.finished.length === 0) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
    const seconds = (performance.now() - sendStart) / 1000;
    clearInterval(sampler);
    await mailer.close();
    const received = await sink.count();
    const perSecond = sent / seconds;

    const ok = (pass: boolean) => (pass ? "ok" : "MISSED");
    console.log(
      `\nbench:newsletter — ${fmt(recipients)} subscribers, batch ${batchSize}, ${connections} SMTP connections`,
    );
    console.log(
      `  ledger creation   ${ledgerMs.toFixed(0)} ms            target < ${TARGET.ledgerMs} ms  ${ok(ledgerMs < TARGET.ledgerMs)}`,
    );
    console.log(
      `  sent              ${fmt(sent)} in ${seconds.toFixed(1)} s (sink received ${fmt(received)})`,
    );
    console.log(
      `  throughput        ${fmt(Math.round(perSecond))} messages/s   target >= ${TARGET.perSecond}  ${ok(perSecond >= TARGET.perSecond)}`,
    );
    console.log(
      `  peak RSS          ${mb(peakRss)} MB              target < ${TARGET.rssMb} MB  ${ok(mb(peakRss) < TARGET.rssMb)}`,
    );
    console.log(`  RSS before sending ${mb(rssBefore)} MB (modules, templates, database pool)`);
    console.log(`  RSS at 25/50/75/100%  ${rss.map((r) => `${mb(r)} MB`).join(" / ")}`);
  } finally {
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
