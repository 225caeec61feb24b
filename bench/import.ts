/**
 * npm run bench:import: the import side of issue 5, one figure after another, each bench in its
 * own process (so one's memory does not count against another's peak RSS):
 * 100,000 MARC records imported (target under 60 s, peak RSS under 300 MB), a 2,000-event
 * calendar with recurrences synced (under 5 s), and /feeds/events.ics for 1,000 events (500+
 * requests/s). Each needs the Postgres server (BENCH_DATABASE_URL).
 */
import { spawnSync } from "node:child_process";

for (const bench of ["marc-import", "calendar-sync", "feeds"]) {
  console.log(`\n=== bench/${bench}.ts`);
  const run = spawnSync(process.execPath, ["--import", "tsx", `bench/${bench}.ts`], {
    stdio: "inherit",
  });
  if (run.status !== 0) process.exit(run.status ?? 1);
}
