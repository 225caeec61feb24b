import { and, eq, inArray } from "drizzle-orm";
import { recordAudit } from "../audit/record.js";
import { deliveries, type PostRow, posts } from "../db/schema/index.js";
import type { automationRules } from "../db/schema/rules.js";
import { queueDeliveries, withdrawPending } from "../posts/service.js";
import { type Ctx, withTransaction } from "../shared/context.js";

export type RuleRow = typeof automationRules.$inferSelect;

/** A post a rule wants to exist, keyed by (rule, source, occurrence). */
export interface PlannedPost {
  rule: RuleRow;
  sourceType: "event" | "acquisition" | "roundup";
  sourceId: string | null;
  occurrence: string;
  at: Date;
  body: string;
  mediaUrls: string[];
}

export type PlanResult = "created" | "updated" | "flagged" | "unchanged" | "skipped" | "withdrawn";

export interface KnownPost {
  plannedFingerprint: string | null;
  status: string;
}

/** What a rule has planned so far from these sources, by plan key, read in one query. */
export async function knownPosts(
  ctx: Ctx,
  ruleId: string,
  sourceIds: string[],
): Promise<Map<string, KnownPost>> {
  const rows = await ctx.db
    .select({
      planKey: posts.planKey,
      plannedFingerprint: posts.plannedFingerprint,
      status: posts.status,
    })
    .from(posts)
    .where(and(eq(posts.ruleId, ruleId), inArray(posts.sourceId, sourceIds)));
  return new Map(rows.flatMap((row) => (row.planKey ? [[row.planKey, row] as const] : [])));
}

export const planKeyOf = (
  p: Pick<PlannedPost, "rule" | "sourceType" | "sourceId" | "occurrence">,
) => `${p.rule.id}:${p.sourceType}:${p.sourceId ?? "-"}:${p.occurrence}`;

const fingerprintOf = (p: PlannedPost) => JSON.stringify([p.body, p.at.toISOString(), p.mediaUrls]);

async function lockByKey(tx: Ctx, planKey: string): Promise<PostRow | undefined> {
  const [row] = await tx.db.select().from(posts).where(eq(posts.planKey, planKey)).for("update");
  return row;
}

/** Parts of it already left (or may have): the planner leaves such a post alone. */
async function isGoingOut(tx: Ctx, postId: string): Promise<boolean> {
  const [row] = await tx.db
    .select({ id: deliveries.id })
    .from(deliveries)
    .where(
      and(
        eq(deliveries.postId, postId),
        inArray(deliveries.status, ["sending", "sent", "unknown"]),
      ),
    )
    .limit(1);
  return row !== undefined;
}

/**
 * Makes the planned post exist, once: creates it (never in the past), re-renders it when its
 * source changed, or, when a person edited it, only flags "source changed" for them to review.
 */
export async function upsertGenerated(
  ctx: Ctx,
  planned: PlannedPost,
  known?: Map<string, KnownPost>,
): Promise<PlanResult> {
  const planKey = planKeyOf(planned);
  const fingerprint = fingerprintOf(planned);
  // Most passes change nothing: a plain read (or what the caller already read) settles that
  // without a locking transaction. A change racing this read is seen on the next pass.
  const seen = known?.get(planKey);
  if (seen && seen.plannedFingerprint === fingerprint && seen.status !== "cancelled")
    return "unchanged";
  const now = ctx.clock.now();
  return withTransaction(ctx, async (tx) => {
    const existing = await lockByKey(tx, planKey);
    if (!existing) {
      if (planned.at < now) return "skipped";
      await createPlanned(tx, [planned]);
      return "created";
    }
    if (existing.plannedFingerprint === fingerprint && existing.status !== "cancelled")
      return "unchanged";
    if (existing.status === "published" || (await isGoingOut(tx, existing.id))) return "unchanged";
    if (existing.editedByPerson) {
      if (existing.plannedFingerprint === fingerprint) return "unchanged";
      await tx.db
        .update(posts)
        .set({
          sourceChanged: true,
          plannedFingerprint: fingerprint,
          version: existing.version + 1,
          updatedAt: now,
        })
        .where(eq(posts.id, existing.id));
      return "flagged";
    }
    if (planned.at < now) return "skipped";
    await refresh(tx, existing, planned, fingerprint);
    return "updated";
  });
}

/**
 * Creates planned posts as sets: one insert of the posts (a key planned meanwhile by another
 * process is skipped), one of their outbox rows, one of their audit entries.
 */
export async function createPlanned(tx: Ctx, planned: PlannedPost[]): Promise<number> {
  const now = tx.clock.now();
  const rule = planned[0]?.rule;
  if (!rule) return 0;
  const approved = !rule.requiresApproval;
  const rows = await tx.db
    .insert(posts)
    .values(
      planned.map((p) => ({
        body: p.body,
        mediaUrls: p.mediaUrls,
        channels: p.rule.channels as PostRow["channels"],
        locale: p.rule.locale,
        scheduledAt: p.at,
        status: approved ? ("approved" as const) : ("draft" as const),
        ruleId: p.rule.id,
        sourceType: p.sourceType,
        sourceId: p.sourceId,
        occurrence: p.occurrence,
        planKey: planKeyOf(p),
        plannedFingerprint: fingerprintOf(p),
        revision: approved ? 1 : 0,
        approvedAt: approved ? now : null,
        createdAt: now,
        updatedAt: now,
      })),
    )
    .onConflictDoNothing({ target: posts.planKey })
    .returning();
  if (approved) await queueDeliveries(tx, rows, 1);
  await recordAudit(
    tx,
    ...rows.map((row) => ({
      action: "plan",
      entityType: "post",
      entityId: row.id,
      after: { planKey: row.planKey, status: row.status },
    })),
  );
  return rows.length;
}

/** New text or time from the source; a post the planner had withdrawn comes back. */
async function refresh(tx: Ctx, existing: PostRow, planned: PlannedPost, fingerprint: string) {
  const now = tx.clock.now();
  const approved = !planned.rule.requiresApproval;
  const revived = existing.status === "cancelled";
  const revision = revived && approved ? existing.revision + 1 : existing.revision;
  await tx.db
    .update(posts)
    .set({
      body: planned.body,
      mediaUrls: planned.mediaUrls,
      scheduledAt: planned.at,
      plannedFingerprint: fingerprint,
      ...(revived
        ? { status: approved ? "approved" : "draft", approvedAt: approved ? now : null }
        : {}),
      revision,
      version: existing.version + 1,
      updatedAt: now,
    })
    .where(eq(posts.id, existing.id));
  if (revived && approved) {
    await queueDeliveries(tx, [{ ...existing, scheduledAt: planned.at }], revision);
  } else if (existing.status === "approved") {
    await tx.db
      .update(deliveries)
      .set({ dueAt: planned.at, scheduledFor: planned.at, updatedAt: now })
      .where(and(eq(deliveries.postId, existing.id), eq(deliveries.status, "pending")));
  }
  await recordAudit(tx, {
    action: revived ? "replan" : "rerender",
    entityType: "post",
    entityId: existing.id,
  });
}

/**
 * The source is gone (cancelled, postponed, no longer matching the rule): withdraw the post and
 * its unsent rows, even a person's edit of it. Returns the post as it was, for a notice.
 */
export async function withdrawGenerated(ctx: Ctx, planKey: string): Promise<PostRow | undefined> {
  return withTransaction(ctx, async (tx) => {
    const existing = await lockByKey(tx, planKey);
    if (!existing || existing.status === "cancelled" || existing.status === "published")
      return existing;
    if (await isGoingOut(tx, existing.id)) return existing;
    await withdrawPending(tx, existing.id);
    await tx.db
      .update(posts)
      .set({ status: "cancelled", version: existing.version + 1, updatedAt: tx.clock.now() })
      .where(eq(posts.id, existing.id));
    await recordAudit(tx, {
      action: "withdraw",
      entityType: "post",
      entityId: existing.id,
      before: { status: existing.status },
    });
    return existing;
  });
}
