import { integer, timestamp, uuid } from "drizzle-orm/pg-core";

export const id = () => uuid("id").primaryKey().defaultRandom();

/** Millisecond precision, as JavaScript dates have: keyset cursors round-trip exactly. */
export const instant = (name: string) =>
  timestamp(name, { withTimezone: true, mode: "date", precision: 3 });

/** Bumped on every update; the ETag staff send back in If-Match so nobody overwrites silently. */
export const version = () => integer("version").notNull().default(1);

export const timestamps = () => ({
  createdAt: instant("created_at").notNull().defaultNow(),
  updatedAt: instant("updated_at").notNull().defaultNow(),
});
