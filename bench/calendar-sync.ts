/**
 * npm run bench:calendar: a 2,000-event iCalendar feed (1,700 one-off events and 300 weekly
 * series with EXDATEs and moved occurrences, in three time zones) synced through the real
 * "sync now" verb from a local HTTP server: the first sync, a second sync of the same content
 * under a new ETag (read and compared in full), and a third answered 304.
 * Target: each sync under 5 s.
 *
 * Embedded PGlite in memory by default; BENCH_DATABASE_URL=postgres://… runs it on a scratch
 * database on that server instead.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { cpus, loadavg } from "node:os";
import { systemActor } from "../src/auth/actor.js";
import { loadConfig } from "../src/config.js";
import { type OpenDatabase, openPostgres } from "../src/db/client.js";
import { createPglite, wrapPglite } from "../src/db/pglite.js";
import { fixedClock } from "../src/shared/clock.js";
import type { Ctx } from "../src/shared/context.js";
import { createSource } from "../src/sources/service.js";
import { syncSourceNow } from "../src/sources/sync.js";
import { nodeTemplateFiles } from "../src/templates/node-files.js";
import { scratchDatabase } from "./support/server.js";

const EVENTS = 2_000;
const SERIES = 300;
const TARGET_S = 5;
const NOW = new Date("2026-10-01T00:00:00Z");

const pad = (n: number) => String(n).padStart(2, "0");
/** 20261015T093000: a local date-time `days` after NOW at a given hour. */
function stamp(days: number, hour: number, minute = 0): string {
  const d = new Date(NOW.getTime() + days * 86_400_000);
  return `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}T${pad(hour)}${pad(minute)}00`;
}

const zones = ["Asia/Makassar", "Asia/Jakarta", "Europe/Berlin"];
const categories = ["Lokakarya", "Literasi", "Pameran", "Bedah Buku", "Budaya", "Webinar"];

/** As Google Calendar exports them: every zone the events use, defined in the file. */
const vtimezones = [
  "BEGIN:VTIMEZONE",
  "TZID:Asia/Makassar",
  "BEGIN:STANDARD",
  "TZOFFSETFROM:+0800",
  "TZOFFSETTO:+0800",
  "TZNAME:WITA",
  "DTSTART:19700101T000000",
  "END:STANDARD",
  "END:VTIMEZONE",
  "BEGIN:VTIMEZONE",
  "TZID:Asia/Jakarta",
  "BEGIN:STANDARD",
  "TZOFFSETFROM:+0700",
  "TZOFFSETTO:+0700",
  "TZNAME:WIB",
  "DTSTART:19700101T000000",
  "END:STANDARD",
  "END:VTIMEZONE",
  "BEGIN:VTIMEZONE",
  "TZID:Europe/Berlin",
  "BEGIN:DAYLIGHT",
  "TZOFFSETFROM:+0100",
  "TZOFFSETTO:+0200",
  "TZNAME:CEST",
  "DTSTART:19700329T020000",
  "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
  "END:DAYLIGHT",
  "BEGIN:STANDARD",
  "TZOFFSETFROM:+0200",
  "TZOFFSETTO:+0100",
  "TZNAME:CET",
  "DTSTART:19701025T030000",
  "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
  "END:STANDARD",
  "END:VTIMEZONE",
];

function calendar(): string {
  const lines = ["BEGIN:VCALENDAR", "PRODID:-//Warta bench//EN", "VERSION:2.0", ...vtimezones];
  for (let i = 0; i < EVENTS; i++) {
    const zone = zones[i % zones.length];
    const day = (i * 7) % 120; // spread over four months, some beyond the horizon
    const hour = 8 + (i % 9);
    const uid = `bench-${i}@perpustakaan.example`;
    const common = [
      `UID:${uid}`,
      "DTSTAMP:20260925T031522Z",
      `SUMMARY:Kegiatan nomor ${i}`,
      `DESCRIPTION:Uraian kegiatan ${i}\\, dengan koma dan\\nbaris baru.`,
      `LOCATION:Ruang ${i % 12}`,
      `CATEGORIES:${categories[i % categories.length]}`,
    ];
    lines.push(
      "BEGIN:VEVENT",
      `DTSTART;TZID=${zone}:${stamp(day - 30, hour)}`,
      `DTEND;TZID=${zone}:${stamp(day - 30, hour + 1, 30)}`,
      ...common,
    );
    if (i < SERIES) {
      lines.push(
        "RRULE:FREQ=WEEKLY;COUNT=20",
        `EXDATE;TZID=${zone}:${stamp(day - 30 + 35, hour)}`,
        "END:VEVENT",
        // One occurrence moved by a day and renamed.
        "BEGIN:VEVENT",
        `RECURRENCE-ID;TZID=${zone}:${stamp(day - 30 + 42, hour)}`,
        `DTSTART;TZID=${zone}:${stamp(day - 30 + 43, hour)}`,
        `DTEND;TZID=${zone}:${stamp(day - 30 + 43, hour + 1, 30)}`,
        ...common.map((line) => (line.startsWith("SUMMARY") ? `${line} (pindah)` : line)),
      );
    }
    lines.push("END:VEVENT");
  }
  lines.push("END:VCALENDAR");
  return `${lines.join("\r\n")}\r\n`;
}

async function openDatabase(): Promise<OpenDatabase> {
  const serverUrl = process.env.BENCH_DATABASE_URL;
  if (!serverUrl) return wrapPglite(await createPglite());
  const scratch = await scratchDatabase(serverUrl, `warta_bench_calendar_${process.pid}`);
  const database = openPostgres(scratch.url, 5);
  return {
    ...database,
    close: async () => {
      await database.close();
      await scratch.drop();
    },
  };
}

const text = calendar();
let etag = '"1"';
const server = createServer((req, res) => {
  if (req.headers["if-none-match"] === etag) {
    res.writeHead(304, { etag }).end();
    return;
  }
  res.writeHead(200, { "content-type": "text/calendar", etag }).end(text);
});
await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/kalender.ics`;

const database = await openDatabase();
try {
  await database.migrate();
  const config = loadConfig({ LOG_LEVEL: "silent", SEED_DEMO: "0" });
  const ctx: Ctx = {
    db: database.db,
    clock: fixedClock(NOW),
    config,
    actor: systemActor,
    templateFiles: nodeTemplateFiles(config.templatesDir),
  };
  const source = await createSource({
    ctx,
    input: { kind: "ics", name: "Bench", url, settings: {}, syncEveryMinutes: 15, enabled: true },
  });
  const timed = async (label: string) => {
    const started = performance.now();
    const summary = await syncSourceNow({ ctx, id: source.id });
    const seconds = (performance.now() - started) / 1000;
    const counts = `created ${summary.created}, updated ${summary.updated}, unchanged ${summary.unchanged}, cancelled ${summary.cancelled}${summary.notModified ? ", 304" : ""}`;
    console.log(
      `${label.padEnd(34)} ${seconds.toFixed(2).padStart(6)} s  ${seconds < TARGET_S ? "ok" : "OVER TARGET"}  (${counts})`,
    );
  };
  console.log(
    `\nbench:calendar  ${EVENTS.toLocaleString("en")} VEVENTs (${SERIES} weekly series), ${(text.length / 1024).toFixed(0)} KB, ${database.kind}; target < ${TARGET_S} s each`,
  );
  console.log(
    `load average ${loadavg()[0]?.toFixed(1)} on ${cpus().length} cores (other work on the machine slows every figure)\n`,
  );
  await timed("first sync");
  etag = '"2"';
  await timed("second sync, same content, new ETag");
  await timed("third sync, 304 Not Modified");
} finally {
  await database.close();
  server.close();
}
