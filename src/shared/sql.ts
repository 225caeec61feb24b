import { type SQL, type SQLWrapper, sql } from "drizzle-orm";

/** Makes user text match literally inside ILIKE '%…%'. */
export const escapeLike = (text: string) => text.replace(/[\\%_]/g, (ch) => `\\${ch}`);

/** True when a database error (possibly wrapped by drizzle) is a unique-constraint violation. */
export function isUniqueViolation(err: unknown): boolean {
  for (let e: unknown = err; e; e = (e as { cause?: unknown }).cause) {
    if ((e as { code?: unknown }).code === "23505") return true;
  }
  return false;
}

/** A timestamptz as JavaScript's toISOString writes it: 2025-12-06T01:00:00.000Z. */
export const isoTimestamp = (column: SQLWrapper) =>
  sql`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** A JavaScript instant as a parameter of raw SQL (a bare string parameter would be text). */
export const timestamptz = (at: Date): SQL => sql`${at.toISOString()}::timestamptz`;

/** Rows of a raw `execute`: postgres.js returns them, PGlite a result holding them. */
export const rowsOf = <T>(result: unknown): T[] =>
  Array.isArray(result) ? (result as T[]) : ((result as { rows?: T[] }).rows ?? []);

/** Rows a raw insert or update touched: postgres.js reports `count`, PGlite `affectedRows`. */
export function affectedRows(result: unknown): number {
  const r = result as { count?: number; affectedRows?: number };
  return Number(r.count ?? r.affectedRows ?? 0);
}

/** `json_build_object` of named SQL values, in the order given. */
export const jsonObject = (fields: Record<string, SQLWrapper>): SQL =>
  sql`json_build_object(${sql.join(
    Object.entries(fields).map(([name, value]) => sql`${sql.raw(`'${name}'`)}, ${value}`),
    sql`, `,
  )})`;

/** The fields of `fields` except those named. */
export const without = <T extends Record<string, unknown>, K extends keyof T>(
  fields: T,
  ...names: K[]
): Omit<T, K> =>
  Object.fromEntries(Object.entries(fields).filter(([name]) => !names.includes(name as K))) as Omit<
    T,
    K
  >;
