import { type SQL, sql } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import type { Database } from "../db/database.js";
import { encodeCursor, keysetPage } from "./cursor.js";
import { type JsonText, jsonPage } from "./json-text.js";
import { preparedPerShape, rawRows } from "./prepared.js";

/** A listed row: its id and the key of its current version (see `JsonItems`). */
export interface KeyedRow {
  id: string;
  key: string;
}

/** A row's version key: the transaction that last wrote it, which every update changes. */
const rowVersion = (table: PgTable) => sql<string>`${table}.xmin::text`;

type KeyedJson = KeyedRow & { json: string };

interface JsonItemsOf {
  /** Names the prepared statement. */
  name: string;
  table: PgTable;
  id: PgColumn;
  json: (scope: string) => SQL;
}

/** Enough for a busy library's whole calendar and a year of new books, at about 1 KB each. */
const MAX_ITEMS = 10_000;

/**
 * Items of the busiest lists, as JSON that Postgres builds. Building that JSON (dates formatted,
 * objects assembled) costs the database many times what finding the rows costs, and the same
 * rows are listed again and again. So each process keeps the JSON it has built, keyed by the
 * row's id and a version key that any write changes (the row's `xmin`, the transaction that last
 * wrote it): a list query returns only ids and keys, and the JSON of rows not yet seen in their
 * current version is built in one more query. Another process's writes change the keys too, so
 * nothing here can go stale (a write elsewhere that an item shows, such as a source's new name,
 * rewrites the rows showing it). `scope` separates JSON that depends on more than the row (the time
 * zone its local times are written in).
 */
export class JsonItems {
  /** Per database, per scope: row id → the JSON of the version `key`. */
  readonly #cached = new WeakMap<Database, Map<string, Map<string, KeyedJson>>>();
  readonly #statementFor;
  /** What a list selects `as("key")` next to each row's id. */
  readonly key: SQL<string>;

  constructor({ name, table, id, json }: JsonItemsOf) {
    const key = rowVersion(table);
    this.key = key;
    this.#statementFor = preparedPerShape((db: Database, _shape: never[], scope: string) =>
      db
        .select({ id, key: key.as("key"), json: sql<string>`(${json(scope)})::text`.as("json") })
        .from(table)
        .where(sql`${id} = any(${sql.placeholder("ids")}::uuid[])`)
        .prepare(name),
    );
  }

  /**
   * A keyset page from a list statement selecting `id`, `key` (this.key) and `sortValue` of
   * `limit + 1` rows in order.
   */
  async page(
    db: Database,
    scope: string,
    statement: unknown,
    values: Record<string, unknown>,
    limit: number,
  ): Promise<JsonText> {
    const rows = await rawRows<KeyedRow & { sortValue: string }>(statement, values);
    const { items, nextCursor } = keysetPage(rows, limit, (last) =>
      encodeCursor(last.sortValue, last.id),
    );
    return jsonPage(await this.#of(db, scope, items), nextCursor);
  }

  /** The JSON of `rows`, in their order; a row deleted since it was listed is left out. */
  async #of(db: Database, scope: string, rows: KeyedRow[]): Promise<string[]> {
    const cache = this.#cacheFor(db, scope);
    const missing: string[] = [];
    for (const row of rows) {
      if (cache.get(row.id)?.key !== row.key) missing.push(row.id);
    }
    if (missing.length > 0) {
      const statement = this.#statementFor(db, [], scope);
      for (const built of await rawRows<KeyedJson>(statement, { ids: missing })) {
        if (!cache.has(built.id) && cache.size >= MAX_ITEMS) {
          cache.delete(cache.keys().next().value as string);
        }
        cache.set(built.id, built);
      }
    }
    return rows.flatMap((row) => cache.get(row.id)?.json ?? []);
  }

  #cacheFor(db: Database, scope: string): Map<string, KeyedJson> {
    let scopes = this.#cached.get(db);
    if (!scopes) {
      scopes = new Map();
      this.#cached.set(db, scopes);
    }
    let cache = scopes.get(scope);
    if (!cache) {
      cache = new Map();
      scopes.set(scope, cache);
    }
    return cache;
  }
}
