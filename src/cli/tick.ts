import { hostname } from "node:os";
import { parseArgs } from "node:util";
import { and, asc, eq, inArray, lte } from "drizzle-orm";
import { bootstrap } from "../bootstrap.js";
import { loadConfig } from "../config.js";
import { deliveries, posts } from "../db/schema/index.js";
import { tick } from "../scheduler/tick.js";

const usage = `Usage:
  npm run tick                              run one scheduler tick now
  npm run tick -- --dry-run [--hours 48]    show what would be published in the next hours; change nothing`;

class UsageError extends Error {}

async function main(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: {
      "dry-run": { type: "boolean", default: false },
      hours: { type: "string", default: "24" },
    },
  });
  const hours = Number(values.hours);
  if (!Number.isFinite(hours) || hours <= 0 || hours > 24 * 366) {
    throw new UsageError("--hours must be a number of hours, more than 0 and at most a year");
  }
  const config = { ...loadConfig(), logLevel: "warn" as const };
  const runtime = await bootstrap(config);
  try {
    const { deps } = runtime;
    if (!values["dry-run"]) {
      const report = await tick(deps, { workerId: `${hostname()}:${process.pid}:cli` });
      console.log(JSON.stringify(report, null, 2));
      return;
    }
    const until = new Date(deps.clock.now().getTime() + hours * 3_600_000);
    const due = await deps.db
      .select({
        dueAt: deliveries.dueAt,
        channel: deliveries.channel,
        status: deliveries.status,
        body: posts.body,
      })
      .from(deliveries)
      .innerJoin(posts, eq(posts.id, deliveries.postId))
      .where(and(inArray(deliveries.status, ["pending", "unknown"]), lte(deliveries.dueAt, until)))
      .orderBy(asc(deliveries.dueAt));
    const local = new Intl.DateTimeFormat("id-ID", {
      timeZone: config.timeZone,
      dateStyle: "medium",
      timeStyle: "short",
    });
    console.log(`In the next ${hours} h (${config.timeZone}), ${due.length} publication(s):`);
    for (const item of due) {
      const status = item.status === "unknown" ? " (to be checked on X first)" : "";
      console.log(
        `\n${local.format(item.dueAt)} · ${item.channel}${status}\n  ${item.body.replace(/\n/g, "\n  ")}`,
      );
    }
  } finally {
    await runtime.close();
  }
}

main(process.argv.slice(2)).catch((err: unknown) => {
  const message = err instanceof Error ? err.message : String(err);
  console.error(err instanceof UsageError ? `${message}\n\n${usage}` : `tick: ${message}`);
  process.exit(2);
});
