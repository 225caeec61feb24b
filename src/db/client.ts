import { mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import type { Database } from "./database.js";
import * as schema from "./schema/index.js";

export const migrationsFolder = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "../../migrations",
);

export interface OpenDatabase {
  db: Database;
  kind: "pglite" | "postgres";
  /** Applies the committed drizzle-kit migrations; safe at every start. */
  migrate(): Promise<void>;
  close(): Promise<void>;
}

/** A Postgres server when a URL is given, else embedded PGlite stored in `dataDir`. */
export async function openDatabase(options: {
  databaseUrl?: string | undefined;
  dataDir: string;
  poolSize?: number;
}): Promise<OpenDatabase> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl, options.poolSize ?? 10);
  const dir = path.resolve(options.dataDir, "pglite");
  mkdirSync(dir, { recursive: true });
  // Loaded only here: embedded Postgres costs every process that imports it about 40 MB.
  const { createPglite, wrapPglite } = await import("./pglite.js");
  return wrapPglite(await createPglite({ dataDir: dir }));
}

export function openPostgres(url: string, max = 10): OpenDatabase {
  // onnotice: silence "already exists, skipping" chatter from the migrator.
  const client = postgres(url, { max, onnotice: () => {} });
  const db = drizzlePostgres(client, { schema });
  return {
    db,
    kind: "postgres",
    migrate: () => migratePostgres(db, { migrationsFolder }),
    close: () => client.end({ timeout: 5 }),
  };
}
