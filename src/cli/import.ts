import { readFile, stat } from "node:fs/promises";
import { parseArgs } from "node:util";
import { bootstrap } from "../bootstrap.js";
import { ConfigError, loadConfig } from "../config.js";
import { type FileFormat, fileFormats, importAcquisitionsFile } from "../imports/file-import.js";
import { rootCause } from "../shared/errors.js";
import { FeedError } from "../sources/errors.js";
import { importCalendarFile } from "../sources/sync.js";

const usage = `Usage:
  npm run import -- acquisitions <file> [--format csv|marc|marcxml] [--dry-run]
                    [--mode all_or_nothing|good_rows] [--source "name"]
  npm run import -- events <file.ics> [--source "name"]

acquisitions: a catalogue export (SLiMS CSV, MARC 21 .mrc or MARCXML). all_or_nothing (the
default) writes only a file without a bad record; good_rows writes the good ones and lists the
rest. The same --source next time updates the records instead of duplicating them.
events: an iCalendar file, keyed by UID: importing it again updates the events.`;

/** A CLI message naming the problem, without a stack trace. */
class UsageError extends Error {}

const MAX_CALENDAR_BYTES = 10 * 1024 * 1024;

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      format: { type: "string" },
      mode: { type: "string" },
      source: { type: "string" },
      "dry-run": { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    console.log(usage);
    return 0;
  }
  const [what, file, ...extra] = positionals;
  if ((what !== "acquisitions" && what !== "events") || !file || extra.length > 0) {
    throw new UsageError(usage);
  }
  const size = await stat(file).then(
    (s) => (s.isFile() ? s.size : null),
    () => null,
  );
  if (size === null) throw new UsageError(`${file}: no such file`);
  if (values.format && !fileFormats.includes(values.format as FileFormat)) {
    throw new UsageError(`--format must be one of ${fileFormats.join(", ")}`);
  }
  if (values.mode && values.mode !== "all_or_nothing" && values.mode !== "good_rows") {
    throw new UsageError("--mode must be all_or_nothing or good_rows");
  }

  const runtime = await bootstrap({ ...loadConfig(), logLevel: "warn" });
  try {
    if (what === "events") {
      if (size > MAX_CALENDAR_BYTES)
        throw new UsageError(`${file}: over 10 MB, not a calendar Warta imports`);
      const summary = await importCalendarFile(runtime.systemCtx, await readFile(file, "utf8"), {
        sourceName: values.source ?? "Impor kalender",
      });
      console.log(
        `Events: ${summary.created} created, ${summary.updated} updated, ${summary.unchanged} unchanged, ${summary.cancelled} cancelled, ${summary.rejected.length} refused`,
      );
      for (const r of summary.rejected) console.log(`  ${r.record ?? ""} ${r.reason}`);
      return 0;
    }
    const bar = progressBar();
    const summary = await importAcquisitionsFile(runtime.systemCtx, file, {
      format: values.format as FileFormat | undefined,
      mode: values.mode as "all_or_nothing" | "good_rows" | undefined,
      dryRun: values["dry-run"],
      sourceName: values.source,
      onProgress: bar.update,
    });
    bar.done(summary.records);
    const verb = summary.dryRun ? "would be written" : summary.applied ? "written" : "NOT written";
    console.log(
      `${summary.records} records read (${summary.format}): ${summary.valid} good, ${summary.rejectedCount} refused; ${verb}.`,
    );
    if (summary.applied) {
      console.log(
        `  ${summary.created} created, ${summary.updated} updated, ${summary.unchanged} unchanged`,
      );
    }
    for (const r of summary.rejected) {
      const where = r.line ? `line ${r.line}` : r.record ? `record ${r.record}` : "";
      console.log(`  ${where}${r.recordId ? ` (${r.recordId})` : ""}: ${r.reason}`);
    }
    if (summary.rejectedCount > summary.rejected.length) {
      console.log(`  … and ${summary.rejectedCount - summary.rejected.length} more`);
    }
    if (!summary.dryRun && !summary.applied) {
      console.log("Nothing was imported: fix the records above, or use --mode good_rows.");
      return 1;
    }
    return 0;
  } finally {
    await runtime.close();
  }
}

/** Records done and the rate, redrawn in place on a terminal, a line every 10,000 otherwise. */
function progressBar() {
  const started = performance.now();
  let shown = 0;
  const line = (done: number) => {
    const seconds = (performance.now() - started) / 1000;
    const rate = seconds > 0 ? Math.round(done / seconds) : 0;
    return `  ${done.toLocaleString("en-US")} records  (${rate.toLocaleString("en-US")}/s, ${seconds.toFixed(1)} s)`;
  };
  return {
    update(done: number) {
      if (process.stderr.isTTY) process.stderr.write(`\r${line(done)}`);
      else if (done - shown >= 10_000) {
        shown = done;
        process.stderr.write(`${line(done)}\n`);
      }
    },
    done(total: number) {
      process.stderr.write(`${process.stderr.isTTY ? "\r" : ""}${line(total)}\n`);
    },
  };
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof UsageError || err instanceof ConfigError) console.error(err.message);
    else if (err instanceof FeedError)
      console.error(`The calendar cannot be imported: ${err.message}`);
    else console.error(`Import failed: ${rootCause(err)}`);
    process.exit(err instanceof UsageError ? 2 : 1);
  },
);
