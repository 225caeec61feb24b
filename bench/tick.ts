/**
 * npm run bench:tick: one scheduler tick (the real tick(): plan, then dispatch) against the
 * Postgres server, with nothing due and with 100 due deliveries, at 1k, 100k and 1M rows of
 * delivery history; then the planner: 5,000 events x 3 rules planned from scratch, and again with
 * nothing changed. Channel time is excluded: the X channel is a stand-in that answers at once.
 * Targets: idle tick < 20 ms and 100-due tick < 100 ms at 1M rows, not growing with history;
 * planner 5,000 events x 3 rules < 3 s.
 *
 * After the figures, a diagnosis: the statements a tick sends, each EXPLAIN ANALYZEd on the largest
 * history, how many statements and commits a planned post costs, and the same figures again with
 * the commit's WAL flush skipped (synchronous_commit off on the scratch database only), which shows
 * how much of each figure is the disk's fsync latency.
 *
 * BENCH_DATABASE_URL: the server (default postgres://postgres@127.0.0.1:5432/postgres).
 * BENCH_TICK_SIZES (default 1000,100000,1000000), BENCH_IDLE_RUNS (20), BENCH_DUE_RUNS (5),
 * BENCH_PLAN_EVENTS (5000); BENCH_EXPLAIN=full prints every plan, not only a summary.
 */
import { cpus, loadavg } from "node:os";
import { notInArray, sql } from "drizzle-orm";
import { type PlanReport, plan } from "../src/automation/planner.js";
import { postRenderer } from "../src/automation/render-post.js";
import { openPostgres } from "../src/db/client.js";
import type { Database } from "../src/db/database.js";
import { automationRules } from "../src/db/schema/index.js";
import type { Deps } from "../src/deps.js";
import { seedDefaultRules } from "../src/rules/service.js";
import { type TickReport, tick } from "../src/scheduler/tick.js";
import type { Ctx } from "../src/shared/context.js";
import {
  distinct,
  type Explained,
  explainEach,
  recordingDatabase,
  type Statement,
} from "./support/explain.js";
import {
  benchDeps,
  fillHistory,
  type HistoryCounts,
  queueDeliveries,
  settle,
  skipCommitFlush,
} from "./support/outbox.js";
import { scratchDatabase } from "./support/server.js";

const serverUrl = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const sizes = (process.env.BENCH_TICK_SIZES ?? "1000,100000,1000000")
  .split(",")
  .map((size) => Number(size.replace(/_/g, "")))
  .filter((size) => Number.isInteger(size) && size > 0);
const idleRuns = Number(process.env.BENCH_IDLE_RUNS ?? 20);
const dueRuns = Number(process.env.BENCH_DUE_RUNS ?? 5);
const planEvents = Number(process.env.BENCH_PLAN_EVENTS ?? 5000);
const fullPlans = process.env.BENCH_EXPLAIN === "full";
const workerId = `bench-tick-${process.pid}`;
const DUE = 100;
const TARGET = { idleMs: 20, dueMs: 100, planMs: 3000, growth: 1.5 };

const progress = (message: string) => process.stderr.write(`  ${message}\n`);
const fmt = (n: number) => n.toLocaleString("en-US");
const ms = (n: number) => n.toFixed(1);
const pad = (text: string, width: number) => text.padStart(width);
const verdict = (ok: boolean) => (ok ? "ok" : "MISSED");

interface Summary {
  p50: number;
  p95: number;
  runs: number;
}

/** Median and 95th percentile (nearest rank) of the runs. */
function summarize(samples: number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (i: number) => sorted[Math.max(0, Math.min(sorted.length - 1, i))] ?? Number.NaN;
  const mid = Math.floor(sorted.length / 2);
  const p50 = sorted.length % 2 === 1 ? at(mid) : (at(mid - 1) + at(mid)) / 2;
  return { p50, p95: at(Math.ceil(0.95 * sorted.length) - 1), runs: sorted.length };
}

const show = (s: Summary) => `${ms(s.p50)} / ${ms(s.p95)} (${s.runs})`;

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await work();
  return { ms: performance.now() - start, value };
}

function expectDispatched(report: TickReport, count: number) {
  const { attempted, outcomes } = report.dispatch;
  if (attempted !== count || (outcomes.sent ?? 0) !== count) {
    throw new Error(`expected ${count} sent, got ${JSON.stringify(report.dispatch)}`);
  }
}

/** One tick that finds 100 due deliveries, queued before the last checkpoint (as rows approved days ahead are). */
async function dueTick(deps: Deps) {
  await queueDeliveries(deps.db, DUE, -1);
  await deps.db.execute(sql`checkpoint`);
  const before = await walPosition(deps.db);
  const cpu = process.cpuUsage();
  const run = await timed(() => tick(deps, { workerId }));
  const { user, system } = process.cpuUsage(cpu);
  const walKb = (await walSince(deps.db, before)) / 1024;
  expectDispatched(run.value, DUE);
  return { ms: run.ms, walKb, cpuMs: (user + system) / 1000 };
}

async function walPosition(db: Database): Promise<string> {
  const [row] = (await db.execute(sql`select pg_current_wal_lsn()::text as lsn`)) as unknown as {
    lsn: string;
  }[];
  return row?.lsn ?? "0/0";
}

/** WAL written since `lsn`, by the whole server (so only roughly this tick's). */
async function walSince(db: Database, lsn: string): Promise<number> {
  const [row] = (await db.execute(
    sql`select pg_wal_lsn_diff(pg_current_wal_lsn(), ${lsn}::pg_lsn)::float8 as bytes`,
  )) as unknown as { bytes: number }[];
  return row?.bytes ?? Number.NaN;
}

interface History {
  size: number;
  name: string;
  url: string;
  deps: Deps;
  counts: HistoryCounts;
  buildS: number;
  idle: number[];
  due: number[];
  walKb: number[];
  /** This process's CPU time during each 100-due tick (drizzle, postgres.js, our code). */
  cpuMs: number[];
  close(): Promise<void>;
}

/** A scratch database with `size` deliveries of history, opened as bootstrap opens one. */
async function openHistory(size: number, opened: Array<() => Promise<void>>): Promise<History> {
  const name = `warta_bench_tick_${size}_${process.pid}`;
  const scratch = await scratchDatabase(serverUrl, name);
  // As bootstrap opens it: postgres.js, a pool of 10, migrated.
  const database = openPostgres(scratch.url, 10);
  const close = async () => {
    await database.close();
    await scratch.drop();
  };
  opened.push(close);
  await database.migrate();
  const build = await timed(async () => {
    const counts = await fillHistory(database.db, size);
    // Queued for later this week: in the due index, but not due.
    await queueDeliveries(database.db, 50, 3 * 24 * 60);
    await settle(database.db);
    return counts;
  });
  progress(`${fmt(size)} deliveries of history built in ${(build.ms / 1000).toFixed(1)} s`);
  return {
    size,
    name,
    url: scratch.url,
    deps: benchDeps(database.db, scratch.url),
    counts: build.value,
    buildS: build.ms / 1000,
    idle: [],
    due: [],
    walKb: [],
    cpuMs: [],
    close,
  };
}

/**
 * The histories take turns, round after round (a few idle ticks, then a 100-due tick each), so a
 * machine that gets busier or quieter meanwhile (it is shared) weighs on every size alike.
 */
async function measureTicks(histories: History[]) {
  for (const h of histories) {
    for (let i = 0; i < 5; i++) await tick(h.deps, { workerId }); // warm-up: JIT, pool, caches
    await dueTick(h.deps); // warms the publish path
  }
  const idlePerRound = Math.ceil(idleRuns / dueRuns);
  for (let round = 0; round < dueRuns; round++) {
    for (const h of histories) {
      for (let i = 0; i < idlePerRound && h.idle.length < idleRuns; i++) {
        const run = await timed(() => tick(h.deps, { workerId }));
        expectDispatched(run.value, 0);
        h.idle.push(run.ms);
      }
      const due = await dueTick(h.deps);
      h.due.push(due.ms);
      h.walKb.push(due.walKb);
      h.cpuMs.push(due.cpuMs);
    }
  }
}

interface Diagnosis {
  idleStatements: number;
  dueStatements: number;
  dueCommits: number;
  plans: Explained[];
  noFlush: { idle: Summary; due: Summary };
  roundTrip: Summary;
  durableCommit: Summary;
}

/** On the largest history: what a tick sends, how each statement runs, and without fsync waits. */
async function diagnose(h: History): Promise<Diagnosis> {
  const costs = await statementCosts(h.deps.db);
  const explained = await explainTick(h.url, h.deps);
  await skipCommitFlush(h.deps.db, h.name);
  const noFlushDb = openPostgres(h.url, 10);
  try {
    const noFlush: History = {
      ...h,
      deps: { ...h.deps, db: noFlushDb.db },
      idle: [],
      due: [],
      walKb: [],
      cpuMs: [],
    };
    await measureTicks([noFlush]);
    return {
      ...explained,
      ...costs,
      noFlush: { idle: summarize(noFlush.idle), due: summarize(noFlush.due) },
    };
  } finally {
    await noFlushDb.close();
  }
}

/** What our code sent, without postgres.js's own look-up of array types on a new connection. */
const ours = (statements: Statement[]) => statements.filter((s) => !/\bpg_catalog\./.test(s.query));

/** What one statement costs here: a round trip (select 1), and a one-row write that commits. */
async function statementCosts(db: Database) {
  await db.execute(sql`create table bench_commit (n int)`);
  const roundTrip: number[] = [];
  const durableCommit: number[] = [];
  for (let i = 0; i < 220; i++) {
    const read = await timed(() => db.execute(sql`select 1`));
    const write = await timed(() => db.execute(sql`insert into bench_commit values (${i})`));
    if (i >= 20) {
      roundTrip.push(read.ms);
      durableCommit.push(write.ms);
    }
  }
  await db.execute(sql`drop table bench_commit`);
  return { roundTrip: summarize(roundTrip), durableCommit: summarize(durableCommit) };
}

const commitsIn = (statements: Statement[]) =>
  statements.filter((s) => /^\s*commit\b/i.test(s.query)).length;

/** The statements one idle and one 100-due tick send, each explained on this history. */
async function explainTick(url: string, deps: Deps) {
  const recording = recordingDatabase(url);
  try {
    const recorded = { ...deps, db: recording.db };
    await tick(recorded, { workerId });
    const idleOnly = ours(recording.statements);
    recording.statements.length = 0;
    await queueDeliveries(deps.db, DUE, -1);
    expectDispatched(await tick(recorded, { workerId }), DUE);
    const dueOnly = ours(recording.statements);
    // Due rows again, so the claim's plan is the one of a tick with work to do.
    await queueDeliveries(deps.db, DUE, -1);
    await deps.db.execute(sql`analyze deliveries`);
    const plans = await explainEach(recording.client, distinct([...idleOnly, ...dueOnly]));
    // The tick after this one sends the rows queued for the explanations.
    expectDispatched(await tick(deps, { workerId }), DUE);
    return {
      idleStatements: idleOnly.length,
      dueStatements: dueOnly.length,
      dueCommits: commitsIn(dueOnly),
      plans,
    };
  } finally {
    await recording.close();
  }
}

interface PlannerResult {
  events: number;
  rules: Array<{ name: string; requiresApproval: boolean }>;
  first: { ms: number; value: PlanReport };
  /** This process's CPU time during the first pass (rendering, drizzle, postgres.js, our code). */
  firstCpuMs: number;
  second: { ms: number; value: PlanReport };
  tickWithRules: Summary;
  queued: number;
  perPost: {
    created: { posts: number; statements: number; commits: number };
    unchanged: { posts: number; statements: number; commits: number };
  };
  noFlushFirst: { ms: number; value: PlanReport };
  /** The renderer alone, the same posts, each template read once. */
  renderOnlyMs: number;
}

/** `count` events 8 to 57 days ahead, 09:00 to 16:00 WITA, last changed `minutesAgo` ago. */
async function insertEvents(db: Database, count: number, minutesAgo: number, title: string) {
  const at = (hours: number) =>
    `(date_trunc('day', now() at time zone 'Asia/Makassar')
       + make_interval(days => 8 + i % 50, hours => ${hours} + i % 8)) at time zone 'Asia/Makassar'`;
  await db.execute(
    sql.raw(`
    insert into events (kind, title, summary, description, starts_at, ends_at, location, audience,
                        registration_required, registration_url, image_url, tags, created_at, updated_at)
    select (array['literacy_session','book_fair','author_talk','exhibition','workshop','cultural','other'])[1 + i % 7],
           '${title} ' || i,
           'Ringkasan singkat acara ' || i || ' di Perpustakaan Kota Manado.',
           repeat('Deskripsi acara yang cukup panjang untuk terasa nyata. ', 8),
           ${at(9)}, ${at(11)},
           'Aula Lantai 2',
           (array['all','children','teens','adults','families','seniors','educators'])[1 + (i / 7) % 7],
           i % 7 = 0,
           case when i % 3 = 0 then 'https://perpustakaan.example/daftar/' || i end,
           case when i % 4 = 0 then 'https://perpustakaan.example/gambar/' || i || '.jpg' end,
           array['literasi', 'manado'],
           now() - make_interval(mins => ${Math.trunc(minutesAgo)}),
           now() - make_interval(mins => ${Math.trunc(minutesAgo)})
    from generate_series(1, ${Math.trunc(count)}) as i`),
  );
  await db.execute(sql`analyze events`);
}

/** The rendering the first pass does, without the database: each template read once. */
async function renderOnly(deps: Deps, count: number): Promise<number> {
  const rules = await deps.db.select().from(automationRules);
  const rows = await deps.db.execute(sql`select * from events order by starts_at limit ${count}`);
  const events = (rows as unknown as Array<Record<string, unknown>>).map((row) => ({
    ...row,
    startsAt: new Date(String(row.starts_at)),
    registrationRequired: row.registration_required,
    registrationUrl: row.registration_url,
    imageUrl: row.image_url,
  }));
  const sources = await Promise.all(
    rules.map(
      async (rule) =>
        (await deps.templateFiles.read(`posts/${rule.locale}/${rule.template}`)) ?? "",
    ),
  );
  const library = { name: deps.config.libraryName, url: deps.config.publicBaseUrl };
  const run = await timed(async () => {
    rules.forEach((rule, i) => {
      for (const event of events) {
        deps.renderer.render(
          sources[i] ?? "",
          { event, library },
          {
            locale: rule.locale as "id" | "en",
            now: new Date(event.startsAt.getTime() - 86_400_000),
          },
        );
      }
    });
  });
  return run.ms;
}

const plannerCtx = (deps: Deps): Ctx => ({
  db: deps.db,
  clock: deps.clock,
  config: deps.config,
  templateFiles: deps.templateFiles,
  actor: { tokenId: null, name: "planner", role: "admin" },
});

async function measurePlanner(): Promise<PlannerResult> {
  const name = `warta_bench_plan_${process.pid}`;
  const scratch = await scratchDatabase(serverUrl, name);
  try {
    const database = openPostgres(scratch.url, 10);
    try {
      await database.migrate();
      const deps = benchDeps(database.db, scratch.url);
      const ctx = plannerCtx(deps);
      await seedDefaultRules(ctx);
      // Three event rules: the announcement (waits for approval), the reminder and "today" (go out alone).
      await deps.db
        .delete(automationRules)
        .where(
          notInArray(automationRules.template, [
            "event-announcement",
            "event-reminder",
            "event-today",
          ]),
        );
      const rules = await deps.db
        .select({ name: automationRules.name, requiresApproval: automationRules.requiresApproval })
        .from(automationRules)
        .orderBy(automationRules.createdAt);
      // Imported ten minutes ago: a second pass has nothing changed to look at.
      await insertEvents(deps.db, planEvents, 10, "Acara perpustakaan nomor");
      const render = postRenderer(ctx, deps.renderer);
      const cpu = process.cpuUsage();
      const first = await timed(() => plan(ctx, render));
      const { user, system } = process.cpuUsage(cpu);
      progress(`planner: first pass over ${fmt(planEvents)} events in ${ms(first.ms)} ms`);
      const second = await timed(() => plan(ctx, render));
      const [queued] = (await deps.db.execute(
        sql`select count(*)::int as n from deliveries where status = 'pending'`,
      )) as unknown as Array<{ n: number }>;

      // A whole tick with these rules and nothing changed: planning finds nothing, nothing is due.
      for (let i = 0; i < 3; i++) await tick(deps, { workerId });
      const ticks: number[] = [];
      for (let i = 0; i < 10; i++) {
        const run = await timed(() => tick(deps, { workerId }));
        expectDispatched(run.value, 0);
        ticks.push(run.ms);
      }

      // What one planned post costs: 20 events changed just now, planned twice (the second pass
      // looks at them again if they are still inside the planner's look-back window).
      await insertEvents(deps.db, 20, 0, "Acara baru nomor");
      const recording = recordingDatabase(scratch.url);
      const perPass = async () => {
        const recordedCtx = { ...ctx, db: recording.db };
        recording.statements.length = 0;
        const report = await plan(recordedCtx, postRenderer(recordedCtx, deps.renderer));
        return { report, statements: [...recording.statements] };
      };
      const cost = (pass: { report: PlanReport; statements: Statement[] }, result: string) => {
        const posts = pass.report.results[result as keyof PlanReport["results"]] ?? 0;
        return {
          posts,
          statements: pass.statements.length / Math.max(1, posts),
          commits: commitsIn(pass.statements) / Math.max(1, posts),
        };
      };
      let perPost: PlannerResult["perPost"];
      try {
        const created = await perPass();
        const unchanged = await perPass();
        perPost = { created: cost(created, "created"), unchanged: cost(unchanged, "unchanged") };
      } finally {
        await recording.close();
      }

      // The first pass again, from scratch, without waiting for the WAL flush at each commit.
      await deps.db.execute(sql`delete from events where title like 'Acara baru nomor %'`);
      await deps.db.execute(sql`delete from posts`);
      await deps.db.execute(sql`delete from audit_log`);
      await deps.db.execute(sql`update automation_rules set planned_at = null, last_error = null`);
      await deps.db.execute(sql`vacuum analyze posts, deliveries, audit_log`);
      await skipCommitFlush(deps.db, name);
      const noFlushDb = openPostgres(scratch.url, 10);
      let noFlushFirst: PlannerResult["noFlushFirst"];
      try {
        const noFlushCtx = plannerCtx(benchDeps(noFlushDb.db, scratch.url));
        noFlushFirst = await timed(() => plan(noFlushCtx, postRenderer(noFlushCtx, deps.renderer)));
      } finally {
        await noFlushDb.close();
      }
      const renderOnlyMs = await renderOnly(deps, planEvents);
      return {
        events: planEvents,
        rules,
        renderOnlyMs,
        first,
        firstCpuMs: (user + system) / 1000,
        second,
        tickWithRules: summarize(ticks),
        queued: queued?.n ?? 0,
        perPost,
        noFlushFirst,
      };
    } finally {
      await database.close();
    }
  } finally {
    await scratch.drop();
  }
}

// ---------------------------------------------------------------------------------------------

const loadAtStart = loadavg();
const largest = Math.max(...sizes);
const results: Array<{
  size: number;
  counts: HistoryCounts;
  buildS: number;
  idle: Summary;
  due: Summary;
  walKb: Summary;
  cpuMs: Summary;
}> = [];
let diagnosis: Diagnosis | undefined;
const opened: Array<() => Promise<void>> = [];
try {
  const histories: History[] = [];
  for (const size of sizes) histories.push(await openHistory(size, opened));
  await measureTicks(histories);
  for (const h of histories) {
    results.push({
      size: h.size,
      counts: h.counts,
      buildS: h.buildS,
      idle: summarize(h.idle),
      due: summarize(h.due),
      walKb: summarize(h.walKb),
      cpuMs: summarize(h.cpuMs),
    });
  }
  const largestHistory = histories.find((h) => h.size === largest);
  if (largestHistory) diagnosis = await diagnose(largestHistory);
} finally {
  for (const close of opened) await close();
}
const planner = await measurePlanner();

console.log(
  "\nbench:tick  one scheduler tick (tick(): plan, then dispatch), Postgres server, no rules;",
);
console.log("            channel time excluded (the X channel is a stand-in that answers at once)");
const load = (l: number[]) => l.map((n) => n.toFixed(1)).join(" / ");
console.log(
  `            ${cpus().length} CPUs; load average (1/5/15 min) at start ${load(loadAtStart)}, at end ${load(loadavg())}\n`,
);
console.log(
  "history (deliveries / posts / attempts)   build s   idle tick ms p50 / p95 (n)   100-due tick ms p50 / p95 (n)   node CPU ms   WAL kB",
);
for (const r of results) {
  const history = `${fmt(r.counts.deliveries)} / ${fmt(r.counts.posts)} / ${fmt(r.counts.attempts)}`;
  console.log(
    `${history.padEnd(40)} ${pad(r.buildS.toFixed(1), 7)}   ${pad(show(r.idle), 26)}   ${pad(show(r.due), 29)}   ${pad(ms(r.cpuMs.p50), 11)}   ${pad(r.walKb.p50.toFixed(0), 6)}`,
  );
}
console.log(
  "(history counted before the runs, plus 50 deliveries queued for later this week; each 100-due tick adds 100 sent;",
);
console.log(
  " the sizes take turns, round by round; due rows are queued before a checkpoint, as rows approved days ahead are;",
);
console.log(
  " node CPU: this process's CPU time during the 100-due tick, p50; WAL kB: written by the whole server during it, p50)",
);

const small = results.find((r) => r.size === Math.min(...sizes));
const big = results.find((r) => r.size === largest);
if (small && big) {
  const idleGrowth = big.idle.p50 / small.idle.p50;
  const dueGrowth = big.due.p50 / small.due.p50;
  // Flat: within 1.5 x, or within 1 ms (a ratio of two tiny numbers is mostly noise).
  const flat = (ratio: number, a: number, b: number) =>
    ratio <= TARGET.growth || Math.abs(a - b) < 1;
  const row = (label: string, figure: string, target: string, ok: boolean) =>
    console.log(`  ${label.padEnd(38)} ${pad(figure, 10)}   ${target.padEnd(10)} ${verdict(ok)}`);
  console.log(`\ntargets at ${fmt(largest)} rows of history           figure   target`);
  row(
    "idle tick p50",
    `${ms(big.idle.p50)} ms`,
    `< ${TARGET.idleMs} ms`,
    big.idle.p50 < TARGET.idleMs,
  );
  row(
    "100-due tick p50",
    `${ms(big.due.p50)} ms`,
    `< ${TARGET.dueMs} ms`,
    big.due.p50 < TARGET.dueMs,
  );
  row(
    `idle p50, ${fmt(largest)} / ${fmt(small.size)} rows`,
    `${idleGrowth.toFixed(2)} x`,
    `<= ${TARGET.growth} x`,
    flat(idleGrowth, big.idle.p50, small.idle.p50),
  );
  row(
    `100-due p50, ${fmt(largest)} / ${fmt(small.size)} rows`,
    `${dueGrowth.toFixed(2)} x`,
    `<= ${TARGET.growth} x`,
    flat(dueGrowth, big.due.p50, small.due.p50),
  );
}

console.log(
  `\nplanner  plan() with the real renderer, ${fmt(planner.events)} events x ${planner.rules.length} rules, from scratch (plannedAt null)`,
);
for (const rule of planner.rules) {
  console.log(
    `  rule: ${rule.name}${rule.requiresApproval ? " (requires approval)" : " (approved at once)"}`,
  );
}
const passLine = (label: string, run: { ms: number; value: PlanReport }) =>
  `  ${label.padEnd(40)} ${pad(ms(run.ms), 9)} ms   ${JSON.stringify(run.value.results)}${run.value.errors.length ? `  ${run.value.errors.length} errors, first: ${run.value.errors[0]}` : ""}`;
console.log(passLine("first pass", planner.first));
console.log(`  ${"  node CPU during it".padEnd(40)} ${pad(ms(planner.firstCpuMs), 9)} ms`);
console.log(passLine("second pass, nothing changed", planner.second));
console.log(
  `  ${"per planned post, first pass".padEnd(40)} ${pad(ms(planner.first.ms / Math.max(1, planner.events * planner.rules.length)), 9)} ms`,
);
console.log(
  `  ${"tick with these rules, nothing to do".padEnd(40)} ${pad(show(planner.tickWithRules), 9)} ms p50 / p95 (n), ${fmt(planner.queued)} deliveries queued`,
);
console.log(
  `  target: first pass < ${TARGET.planMs} ms: ${verdict(planner.first.ms < TARGET.planMs)}`,
);

// ---------------------------------------------------------------------------------------------
console.log("\ndiagnosis");
if (diagnosis) {
  const d = diagnosis;
  console.log(
    `  statements a tick sends (begin/commit included): idle ${d.idleStatements}; 100-due ${d.dueStatements}, of which ${d.dueCommits} commits`,
  );
  console.log(
    `  one statement: a round trip (select 1) ${show(d.roundTrip)} ms; a one-row insert that commits ${show(d.durableCommit)} ms`,
  );
  console.log(
    `  EXPLAIN ANALYZE of each, at ${fmt(largest)} rows of history (rolled back): sent per tick, exec ms, what it reads`,
  );
  for (const p of d.plans) {
    const query = p.query.replace(/\s+/g, " ");
    console.log(
      `  ${pad(String(p.times), 4)}x ${pad(ms(p.executionMs), 6)} ms  ${query.slice(0, 96)}${query.length > 96 ? "…" : ""}`,
    );
    console.log(`                   ${p.access.join(", ") || "(no table read)"}`);
    if (fullPlans) for (const line of p.plan) console.log(`                     ${line}`);
  }
  console.log(
    `  without the commit's WAL flush (synchronous_commit off, scratch database only), ${fmt(largest)} rows:`,
  );
  console.log(
    `    idle tick ${show(d.noFlush.idle)} ms p50 / p95 (n); 100-due tick ${show(d.noFlush.due)} ms`,
  );
}
const pp = planner.perPost;
console.log(
  `  planner, per post: created ${pp.created.statements.toFixed(1)} statements / ${pp.created.commits.toFixed(2)} commits (${pp.created.posts} posts); ` +
    `unchanged ${pp.unchanged.statements.toFixed(1)} statements / ${pp.unchanged.commits.toFixed(2)} commits (${pp.unchanged.posts} posts)`,
);
console.log(
  `  planner: rendering alone (the same ${fmt(planner.events * planner.rules.length)} posts, no database): ${ms(planner.renderOnlyMs)} ms`,
);
console.log(
  `  planner first pass without the commit's WAL flush: ${ms(planner.noFlushFirst.ms)} ms ${JSON.stringify(planner.noFlushFirst.value.results)}`,
);
