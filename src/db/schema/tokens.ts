import { sql } from "drizzle-orm";
import { check, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { id, instant } from "./columns.js";
import { type Role, roles, sqlList } from "./enums.js";

/** Bearer tokens. Only a SHA-256 hash is kept; the token itself is shown once, at creation. */
export const apiTokens = pgTable(
  "api_tokens",
  {
    id: id(),
    name: text("name").notNull(),
    role: text("role").$type<Role>().notNull(),
    tokenHash: text("token_hash").notNull(),
    /** The first characters, so staff can tell tokens apart without the secret. */
    prefix: text("prefix").notNull(),
    createdAt: instant("created_at").notNull().defaultNow(),
    lastUsedAt: instant("last_used_at"),
    revokedAt: instant("revoked_at"),
  },
  (t) => [
    uniqueIndex("api_tokens_hash_idx").on(t.tokenHash),
    check("api_tokens_role_check", sql.raw(`role in (${sqlList(roles)})`)),
  ],
);

export type ApiTokenRow = typeof apiTokens.$inferSelect;
