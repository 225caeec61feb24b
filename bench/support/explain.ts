/**
 * Records the statements a piece of code really sends (postgres.js's debug hook on a client opened
 * as openPostgres opens one), then runs EXPLAIN ANALYZE on each distinct one, each inside a
 * transaction that is rolled back, so nothing changes.
 */
import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import type { Database } from "../../src/db/database.js";
import * as schema from "../../src/db/schema/index.js";

export interface Statement {
  query: string;
  parameters: unknown[];
}

export function recordingDatabase(url: string) {
  const statements: Statement[] = [];
  const client = postgres(url, {
    max: 1,
    onnotice: () => {},
    debug: (_connection, query, parameters) => {
      statements.push({ query, parameters: [...parameters] });
    },
  });
  const db: Database = drizzle(client, { schema });
  return { db, client, statements, close: () => client.end({ timeout: 5 }) };
}

export interface Explained {
  query: string;
  /** How many times the recorded code sent it. */
  times: number;
  /** Index scans and sequential scans in the plan, e.g. "Index Scan deliveries_due_idx". */
  access: string[];
  executionMs: number;
  plan: string[];
}

/** Data statements of ours: not begin/commit, nor postgres.js's own look-up of array types. */
const isDml = (query: string) =>
  /^\s*(select|insert|update|delete|with)\b/i.test(query) && !/\bpg_catalog\./.test(query);

/** Distinct data statements, in the order first sent, with how often each was sent. */
export function distinct(statements: Statement[]): Array<Statement & { times: number }> {
  const byQuery = new Map<string, Statement & { times: number }>();
  for (const statement of statements) {
    if (!isDml(statement.query)) continue;
    const seen = byQuery.get(statement.query);
    if (seen) seen.times += 1;
    else byQuery.set(statement.query, { ...statement, times: 1 });
  }
  return [...byQuery.values()];
}

export async function explainEach(
  client: postgres.Sql,
  statements: Array<Statement & { times: number }>,
): Promise<Explained[]> {
  const out: Explained[] = [];
  const reserved = await client.reserve();
  try {
    for (const statement of statements) {
      await reserved.unsafe("begin");
      try {
        const rows = await reserved.unsafe(
          `explain (analyze, buffers) ${statement.query}`,
          statement.parameters as postgres.ParameterOrJSON<never>[],
        );
        const plan = rows.map((row) => String(Object.values(row)[0]));
        const access = plan.flatMap((line) => {
          const m =
            /(Index Only Scan|Index Scan|Bitmap Index Scan|Seq Scan)(?: Backward)? (?:using|on) (\S+)/.exec(
              line,
            );
          return m ? [`${m[1]} ${m[2]}`] : [];
        });
        const time = plan.map((line) => /Execution Time: ([\d.]+) ms/.exec(line)).find(Boolean);
        out.push({
          query: statement.query,
          times: statement.times,
          access,
          executionMs: time?.[1] ? Number(time[1]) : Number.NaN,
          plan,
        });
      } finally {
        await reserved.unsafe("rollback");
      }
    }
  } finally {
    reserved.release();
  }
  return out;
}
