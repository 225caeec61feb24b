import { and, eq, inArray, sql } from "drizzle-orm";
import { recordAudit } from "../audit/record.js";
import { auditLog, deliveries, type PostRow, posts } from "../db/schema/index.js";
import type { automationRules } from "../db/schema/rules.js";
import { queueDeliveries, withdrawPending } from "../posts/service.js";
import { type Ctx, withTransaction } from "../shared/context.js";
import { rowsOf } from "../shared/sql.js";

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
    // One array parameter: thousands of bound values cost more to build than the query takes.
    .where(
      and(
        eq(posts.ruleId, ruleId),
        sql`${posts.sourceId} = any(${`{${sourceIds.join(",")}}`}::uuid[])`,
      ),
    );
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
 * Creates planned posts (all of one rule) as sets: one statement inserts the posts (a key planned
 * meanwhile by another process is skipped) and their audit entries, one more their outbox rows.
 * The posts travel as one JSON parameter: building a statement of thousands of bound values costs
 * far more than Postgres takes to insert them.
 */
export async function createPlanned(tx: Ctx, planned: PlannedPost[]): Promise<number> {
  const rule = planned[0]?.rule;
  if (!rule) return 0;
  const now = tx.clock.now().toISOString();
  const approved = !rule.requiresApproval;
  const byKey = new Map(planned.map((p) => [planKeyOf(p), p]));
  const values = [...byKey].map(([planKey, p]) => ({
    body: p.body,
    media_urls: p.mediaUrls,
    scheduled_at: p.at.toISOString(),
    source_type: p.sourceType,
    source_id: p.sourceId,
    occurrence: p.occurrence,
    plan_key: planKey,
    planned_fingerprint: fingerprintOf(p),
  }));
  const created = rowsOf<{ id: string; plan_key: string }>(
    await tx.db.execute(sql`
      with created as (
        insert into ${posts} (body, media_urls, channels, locale, scheduled_at, status, rule_id,
          source_type, source_id, occurrence, plan_key, planned_fingerprint, revision,
          approved_at, created_at, updated_at)
        select p.body, p.media_urls, ${`{${rule.channels.join(",")}}`}::text[], ${rule.locale},
          p.scheduled_at, ${approved ? "approved" : "draft"}, ${rule.id}::uuid, p.source_type,
          p.source_id, p.occurrence, p.plan_key, p.planned_fingerprint, ${approved ? 1 : 0},
          ${approved ? now : null}::timestamptz, ${now}::timestamptz, ${now}::timestamptz
        from jsonb_to_recordset(${JSON.stringify(values)}::jsonb) as p(body text,
          media_urls text[], scheduled_at timestamptz, source_type text, source_id uuid,
          occurrence text, plan_key text, planned_fingerprint text)
        on conflict (plan_key) do nothing
        returning id, plan_key, status
      ), audited as (
        -- The entry recordAudit writes, one per created post.
        insert into ${auditLog} (at, actor_id, actor_name, action, entity_type, entity_id, after)
        select ${now}::timestamptz, ${tx.actor.tokenId}::uuid, ${tx.actor.name}, 'plan', 'post',
          id::text, jsonb_build_object('planKey', plan_key, 'status', status)
        from created
      )
      select id, plan_key from created`),
  );
  if (approved) {
    await queueDeliveries(
      tx,
      created.map((row) => ({
        id: row.id,
        channels: rule.channels as PostRow["channels"],
        scheduledAt: byKey.get(row.plan_key)?.at ?? null,
      })),
      1,
    );
  }
  return created.length;
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
