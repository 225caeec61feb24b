import { and, eq, isNull } from "drizzle-orm";
import type { Database } from "../db/database.js";
import { apiTokens } from "../db/schema/index.js";
import type { Actor } from "./actor.js";
import { sha256Hex } from "./secrets.js";

/**
 * Tokens recently seen, so a busy client costs no hash and no query per request. A revocation in
 * this process takes effect at once; one made by another process within CACHE_MS.
 */
const CACHE_MS = 10_000;
const MAX_CACHED = 1_000;
const cache = new Map<string, { db: Database; actor: Actor; until: number }>();

/** Last use is recorded at most once a minute per token: a write per request would cost throughput. */
const LAST_USED_RESOLUTION_MS = 60_000;
const lastUsedWrites = new Map<string, number>();

/** The actor a bearer token stands for, or null. Revoked tokens stand for nobody. */
export async function authenticate(db: Database, now: Date, token: string): Promise<Actor | null> {
  const cached = cache.get(token);
  if (cached && cached.db === db && cached.until > now.getTime()) return cached.actor;
  cache.delete(token);

  const [row] = await db
    .select({ id: apiTokens.id, name: apiTokens.name, role: apiTokens.role })
    .from(apiTokens)
    .where(and(eq(apiTokens.tokenHash, await sha256Hex(token)), isNull(apiTokens.revokedAt)));
  if (!row) return null;
  const actor: Actor = { tokenId: row.id, name: row.name, role: row.role };
  if (cache.size >= MAX_CACHED) cache.clear();
  cache.set(token, { db, actor, until: now.getTime() + CACHE_MS });

  const last = lastUsedWrites.get(row.id) ?? Number.NEGATIVE_INFINITY;
  if (now.getTime() - last >= LAST_USED_RESOLUTION_MS) {
    lastUsedWrites.set(row.id, now.getTime());
    await db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, row.id));
  }
  return actor;
}

/** Called on revocation: the token stops working in this process immediately. */
export function forgetToken(tokenId: string): void {
  for (const [token, entry] of cache) {
    if (entry.actor.tokenId === tokenId) cache.delete(token);
  }
}
