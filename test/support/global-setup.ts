import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import type { TestProject } from "vitest/node";
import { openPostgres } from "../../src/db/client.js";
import { createPglite, wrapPglite } from "../../src/db/pglite.js";
import { templateDatabaseName, withDatabaseName } from "./postgres.js";

declare module "vitest" {
  export interface ProvidedContext {
    pgliteTemplate: string;
  }
}

/**
 * Migrates once per run: a PGlite data directory dumped to a file that every test file loads
 * (no initdb per file), or a template database on the Postgres server that each file copies.
 */
export default async function setup(project: TestProject) {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (serverUrl) {
    await createServerTemplate(serverUrl);
    project.provide("pgliteTemplate", "");
    return () => dropRunDatabases(serverUrl);
  }
  const dir = mkdtempSync(path.join(tmpdir(), "warta-test-"));
  const client = await createPglite();
  const migrated = wrapPglite(client);
  await migrated.migrate();
  const file = path.join(dir, "template.tar");
  writeFileSync(file, Buffer.from(await (await client.dumpDataDir("none")).arrayBuffer()));
  await migrated.close();
  project.provide("pgliteTemplate", file);
  return () => rmSync(dir, { recursive: true, force: true });
}

/** Fails the run (never skips it) when the server cannot be used. */
async function createServerTemplate(serverUrl: string) {
  const template = templateDatabaseName(serverUrl);
  const admin = openPostgres(serverUrl, 1);
  try {
    await admin.db.execute(`drop database if exists ${template} with (force)`);
    await admin.db.execute(`create database ${template}`);
  } catch (err) {
    throw new Error(
      `TEST_DATABASE_URL is set but the Postgres server is not usable: ${String(err)}`,
    );
  } finally {
    await admin.close();
  }
  const migrated = openPostgres(withDatabaseName(serverUrl, template), 1);
  await migrated.migrate();
  await migrated.close();
}

/** The template and any copy a crashed test file left behind. */
async function dropRunDatabases(serverUrl: string) {
  const template = templateDatabaseName(serverUrl);
  const admin = openPostgres(serverUrl, 1);
  try {
    const rows = await admin.db.execute<{ datname: string }>(
      sql`select datname from pg_database where datname = ${template} or datname like ${`${template}\\_%`}`,
    );
    for (const { datname } of rows as unknown as { datname: string }[]) {
      await admin.db.execute(`drop database if exists "${datname}" with (force)`);
    }
  } finally {
    await admin.close();
  }
}
