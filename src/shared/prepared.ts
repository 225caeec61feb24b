import type { Database } from "../db/database.js";

/**
 * Caches one prepared statement per database and query shape (the set of filters in use).
 * Building SQL through the query builder costs more CPU than running it, and the lists are the
 * API's busiest reads.
 */
export function preparedPerShape<Shape extends string, Statement>(
  build: (db: Database, shape: Shape[], timeZone: string) => Statement,
): (db: Database, shape: Shape[], timeZone: string) => Statement {
  const statements = new WeakMap<Database, Map<string, Statement>>();
  return (db, shape, timeZone) => {
    let byShape = statements.get(db);
    if (!byShape) {
      byShape = new Map();
      statements.set(db, byShape);
    }
    const key = `${timeZone} ${shape.join(",")}`;
    let statement = byShape.get(key);
    if (!statement) {
      statement = build(db, shape, timeZone);
      byShape.set(key, statement);
    }
    return statement;
  };
}

/** Collects the filters a request uses and the values their placeholders take. */
export function shapeBuilder<Shape extends string>(limit: number) {
  const shape: Shape[] = [];
  const values: Record<string, unknown> = { limit };
  return {
    shape,
    values,
    use(name: Shape, params: Record<string, unknown>) {
      shape.push(name);
      Object.assign(values, params);
    },
  };
}

/**
 * Runs a prepared select and returns the driver's rows as they are, keyed by column alias:
 * drizzle's per-field mapping of every row costs more than the busiest lists' whole query.
 * Only for selects whose fields are all aliased (`.as("name")`) and need no decoding.
 */
export function rawRows<Row>(statement: unknown, values: Record<string, unknown>): Promise<Row[]> {
  return (statement as { all(values: Record<string, unknown>): Promise<Row[]> }).all(values);
}
