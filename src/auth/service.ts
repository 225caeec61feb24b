import { and, asc, eq, isNull } from "drizzle-orm";
import { recordAudit } from "../audit/record.js";
import type { Database } from "../db/database.js";
import type { Role } from "../db/schema/enums.js";
import { type ApiTokenRow, apiTokens } from "../db/schema/index.js";
import { type Ctx, withTransaction } from "../shared/context.js";
import { AppError, notFound } from "../shared/errors.js";
import { forgetToken } from "./authenticate.js";
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
        // Enough to tell tokens apart, never enough to matter: a quarter of a short token at most.
        prefix: token.slice(0, Math.min(12, Math.floor(token.length / 4))),
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
    if (before.role === "admin" && (await activeAdminCount(tx)) <= 1) {
      throw new AppError(
        "conflict",
        "This is the last active admin token; create another admin token first",
      );
    }
    const [after] = await tx.db
      .update(apiTokens)
      .set({ revokedAt: tx.clock.now() })
      .where(eq(apiTokens.id, id))
      .returning();
    if (!after) throw notFound("Token", id);
    forgetToken(id);
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

/**
 * An install needs an admin: WARTA_ADMIN_TOKEN if set, else a generated token that the caller
 * prints once. Does nothing while any admin token is active. A configured token that an admin
 * has since revoked is not brought back: a new one is generated, with a warning.
 */
export async function ensureAdminToken(
  ctx: Ctx,
): Promise<{ token: string; generated: boolean; warning?: string } | null> {
  if (await activeAdminCount(ctx)) return null;
  const configured = ctx.config.adminToken;
  if (configured) {
    const [revoked] = await ctx.db
      .select({ id: apiTokens.id })
      .from(apiTokens)
      .where(eq(apiTokens.tokenHash, await sha256Hex(configured)));
    if (!revoked) {
      await createToken({ ctx, input: { name: "admin", role: "admin", token: configured } });
      return { token: configured, generated: false };
    }
  }
  const { token } = await createToken({ ctx, input: { name: "admin", role: "admin" } });
  return configured
    ? {
        token,
        generated: true,
        warning:
          "WARTA_ADMIN_TOKEN was revoked, so it stays revoked; use the new token above and remove or replace WARTA_ADMIN_TOKEN.",
      }
    : { token, generated: true };
}

async function activeAdminCount(ctx: Ctx): Promise<number> {
  const rows = await ctx.db
    .select({ id: apiTokens.id })
    .from(apiTokens)
    .where(and(eq(apiTokens.role, "admin"), isNull(apiTokens.revokedAt)));
  return rows.length;
}
