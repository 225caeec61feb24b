import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { drizzle } from "drizzle-orm/pglite";
import { migrate } from "drizzle-orm/pglite/migrator";
import { migrationsFolder, type OpenDatabase } from "./client.js";
import * as schema from "./schema/index.js";

/** Every embedded database loads the same extensions the migrations expect (pg_trgm for text search). */
export function createPglite(
  options: { dataDir?: string; loadDataDir?: Blob } = {},
): Promise<PGlite> {
  return PGlite.create({ ...options, extensions: { pg_trgm } });
}

export function wrapPglite(client: PGlite): OpenDatabase {
  const db = drizzle(client, { schema });
  return {
    db,
    kind: "pglite",
    migrate: () => migrate(db, { migrationsFolder }),
    close: () => client.close(),
  };
}
