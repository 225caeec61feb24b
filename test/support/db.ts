import { readFileSync } from "node:fs";
import { inject } from "vitest";
import { type OpenDatabase, openPostgres } from "../../src/db/client.js";
import { createPglite, wrapPglite } from "../../src/db/pglite.js";
import { templateDatabaseName, withDatabaseName } from "./postgres.js";

export interface TestDatabase extends OpenDatabase {
  /** A connection string for child processes (Postgres runs only). */
  url: string | undefined;
}

const open = new Set<TestDatabase>();

/** Closes (and on the server drops) every database this test file opened; see setup-file.ts. */
export async function closeTestDatabases(): Promise<void> {
  const all = [...open];
  open.clear();
  await Promise.all(all.map((database) => database.close()));
}

/** A fresh, migrated database for one test file: PGlite from the template, or a server copy. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const database = await openTestDatabase();
  open.add(database);
  return database;
}

async function openTestDatabase(): Promise<TestDatabase> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    const dump = readFileSync(inject("pgliteTemplate"));
    const client = await createPglite({ loadDataDir: new Blob([dump]) });
    return { ...wrapPglite(client), url: undefined };
  }
  // Named after the run's template, so whoever runs the suite can drop what a crash left behind.
  const name = `${templateDatabaseName(serverUrl)}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = openPostgres(serverUrl, 1);
  await admin.db.execute(`create database ${name} template ${templateDatabaseName(serverUrl)}`);
  await admin.close();
  const url = withDatabaseName(serverUrl, name);
  const database = openPostgres(url, 5);
  return {
    ...database,
    url,
    close: async () => {
      await database.close();
      const cleanup = openPostgres(serverUrl, 1);
      await cleanup.db.execute(`drop database if exists ${name} with (force)`);
      await cleanup.close();
    },
  };
}
