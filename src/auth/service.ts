import { and, asc, eq, isNull } from "drizzle-orm";
import { recordAudit } from "../audit/record.js";
import type { Database } from "../db/database.js";
import type { Role } from "../db/schema/enums.js";
import { type ApiTokenRow, apiTokens } from "../db/schema/index.js";
import { type Ctx, withTransaction } from "../shared/context.js";
import { AppError, notFound } from "../shared/errors.js";
import type { Actor } from "./actor.js";
import { randomToken, sha256Hex } from "./secrets.js";

/** What may be shown of a token: never its hash. */
export function publicToken(row: ApiTokenRow) {
  return {
    id: row.id,
    name: row.name,
    role: row.role,
    prefix: row.prefix,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}

export async function createToken({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { name: string; role: Role; token?: string };
}) {
  const token = input.token ?? randomToken();
  const tokenHash = await sha256Hex(token);
  return withTransaction(ctx, async (tx) => {
    const [row] = await tx.db
      .insert(apiTokens)
      .values({
        name: input.name,
        role: input.role,
        tokenHash,
        prefix: token.slice(0, 12),
        createdAt: tx.clock.now(),
      })
      .onConflictDoNothing()
      .returning();
    if (!row) throw new AppError("conflict", "that token already exists");
    await recordAudit(tx, {
      action: "create",
      entityType: "api_token",
      entityId: row.id,
      after: publicToken(row),
    });
    return { token, record: publicToken(row) };
  });
}

export async function revokeToken({ ctx, id }: { ctx: Ctx; id: string }) {
  return withTransaction(ctx, async (tx) => {
    const [before] = await tx.db.select().from(apiTokens).where(eq(apiTokens.id, id)).for("update");
    if (!before) throw notFound("Token", id);
    if (before.revokedAt) return publicToken(before);
    const [after] = await tx.db
      .update(apiTokens)
      .set({ revokedAt: tx.clock.now() })
      .where(eq(apiTokens.id, id))
      .returning();
    if (!after) throw notFound("Token", id);
    await recordAudit(tx, {
      action: "revoke",
      entityType: "api_token",
      entityId: id,
      before: publicToken(before),
      after: publicToken(after),
    });
    return publicToken(after);
  });
}

export async function listTokens(db: Database) {
  const rows = await db
    .select()
    .from(apiTokens)
    .orderBy(asc(apiTokens.createdAt), asc(apiTokens.id));
  return rows.map(publicToken);
}

const lastUsedWrites = new Map<string, number>();
const LAST_USED_RESOLUTION_MS = 60_000;

/** The actor a bearer token stands for, or null. Revoked tokens stand for nobody. */
export async function authenticate(db: Database, now: Date, token: string): Promise<Actor | null> {
  if (!token.startsWith("warta_") && token.length < 24) return null;
  const tokenHash = await sha256Hex(token);
  const [row] = await db
    .select({ id: apiTokens.id, name: apiTokens.name, role: apiTokens.role })
    .from(apiTokens)
    .where(and(eq(apiTokens.tokenHash, tokenHash), isNull(apiTokens.revokedAt)));
  if (!row) return null;
  // Record use at most once a minute per token: a write on every request would cost throughput.
  const last = lastUsedWrites.get(row.id) ?? 0;
  if (now.getTime() - last >= LAST_USED_RESOLUTION_MS) {
    lastUsedWrites.set(row.id, now.getTime());
    await db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, row.id));
  }
  return { tokenId: row.id, name: row.name, role: row.role };
}

/**
 * An install needs an admin: WARTA_ADMIN_TOKEN if set, else a generated token that the caller
 * prints once. Does nothing while any admin token is active.
 */
export async function ensureAdminToken(
  ctx: Ctx,
): Promise<{ token: string; generated: boolean } | null> {
  const [existing] = await ctx.db
    .select({ id: apiTokens.id })
    .from(apiTokens)
    .where(and(eq(apiTokens.role, "admin"), isNull(apiTokens.revokedAt)))
    .limit(1);
  if (existing) return null;
  const fromConfig = ctx.config.adminToken;
  const { token } = await createToken({
    ctx,
    input: { name: "admin", role: "admin", ...(fromConfig ? { token: fromConfig } : {}) },
  });
  return { token, generated: !fromConfig };
}
