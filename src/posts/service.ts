import { and, desc, eq, inArray, type SQL, sql } from "drizzle-orm";
import { recordAudit } from "../audit/record.js";
import { hasRole } from "../auth/actor.js";
import { contentProblems } from "../channels/validators.js";
import { deliveries, type PostRow, posts } from "../db/schema/index.js";
import { assertVersion, requireVersion } from "../shared/concurrency.js";
import { type Ctx, withTransaction } from "../shared/context.js";
import { decodeCursor, encodeCursor, isInstant, keysetPage } from "../shared/cursor.js";
import { AppError, notFound } from "../shared/errors.js";
import { withDeliveries } from "./output.js";
import type { CreatePostInput, ListPostsQuery, UpdatePostInput } from "./schemas.js";

async function present(ctx: Ctx, row: PostRow) {
  const [post] = await withDeliveries(ctx.db, [row], ctx.clock.now());
  if (!post) throw new Error("post vanished");
  return post;
}

async function lockPost(tx: Ctx, id: string): Promise<PostRow> {
  const [row] = await tx.db.select().from(posts).where(eq(posts.id, id)).for("update");
  if (!row) throw notFound("Post", id);
  return row;
}

/** Outbox rows that already left (or may have) cannot be withdrawn. */
async function assertNothingSent(tx: Ctx, post: PostRow): Promise<void> {
  const [started] = await tx.db
    .select({ status: deliveries.status })
    .from(deliveries)
    .where(
      and(
        eq(deliveries.postId, post.id),
        inArray(deliveries.status, ["sending", "sent", "unknown"]),
      ),
    )
    .limit(1);
  if (started) {
    throw new AppError(
      "conflict",
      `Post ${post.id} is already ${started.status === "sent" ? "published" : "being published"}; it can no longer change`,
    );
  }
}

/**
 * One outbox row per channel for this approval; the revision in the idempotency key lets a post
 * that was edited and approved again get fresh rows while the withdrawn ones stay as they were.
 */
export async function queueDeliveries(
  tx: Ctx,
  approved: Pick<PostRow, "id" | "channels" | "scheduledAt">[],
  revision: number,
): Promise<void> {
  const now = tx.clock.now().toISOString();
  const rows = approved.flatMap((post) =>
    post.channels.map((channel) => ({
      post_id: post.id,
      channel,
      idempotency_key: `post:${post.id}:r${revision}:${channel}`,
      due_at: post.scheduledAt?.toISOString() ?? now,
    })),
  );
  if (rows.length === 0) return;
  // One JSON parameter rather than seven per row: the planner queues thousands at once, and
  // building a statement with that many bound values costs more than inserting the rows.
  await tx.db.execute(sql`
    insert into ${deliveries} (post_id, channel, idempotency_key, scheduled_for, due_at,
      created_at, updated_at)
    select d.post_id, d.channel, d.idempotency_key, d.due_at, d.due_at, ${now}::timestamptz,
      ${now}::timestamptz
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
      as d(post_id uuid, channel text, idempotency_key text, due_at timestamptz)`);
}

export async function withdrawPending(tx: Ctx, postId: string): Promise<void> {
  await tx.db
    .update(deliveries)
    .set({ status: "cancelled", updatedAt: tx.clock.now() })
    .where(and(eq(deliveries.postId, postId), eq(deliveries.status, "pending")));
}

export async function createPost({ ctx, input }: { ctx: Ctx; input: CreatePostInput }) {
  return withTransaction(ctx, async (tx) => {
    const now = tx.clock.now();
    const [row] = await tx.db
      .insert(posts)
      .values({
        ...input,
        locale: input.locale ?? tx.config.defaultLocale,
        createdBy: tx.actor.tokenId,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    if (!row) throw new Error("insert returned no row");
    const after = await present(tx, row);
    await recordAudit(tx, { action: "create", entityType: "post", entityId: row.id, after });
    return after;
  });
}

export async function getPost({ ctx, id }: { ctx: Ctx; id: string }) {
  const [row] = await ctx.db.select().from(posts).where(eq(posts.id, id));
  if (!row) throw notFound("Post", id);
  return present(ctx, row);
}

/**
 * Editing an approved post sends it back to draft and withdraws its unsent outbox rows, so it
 * undoes an approval: that needs the publisher role. A request that changes nothing is a no-op.
 */
export async function updatePost({
  ctx,
  id,
  input,
  ifMatch,
}: {
  ctx: Ctx;
  id: string;
  input: UpdatePostInput;
  ifMatch: number | undefined;
}) {
  const { version, ...changes } = input;
  const expected = requireVersion(ifMatch, version);
  return withTransaction(ctx, async (tx) => {
    const current = await lockPost(tx, id);
    assertVersion("Post", id, current.version, expected);
    if (current.status === "cancelled")
      throw new AppError("conflict", `Post ${id} is cancelled; write a new one`);
    if (Object.keys(changes).length === 0) return present(tx, current);
    if (current.status === "approved" && !hasRole(tx.actor, "publisher")) {
      throw new AppError(
        "forbidden",
        `Post ${id} is approved; changing it withdraws the approval, which needs the publisher role`,
      );
    }
    await assertNothingSent(tx, current);
    if (current.status === "approved") await withdrawPending(tx, id);
    const [row] = await tx.db
      .update(posts)
      .set({
        ...changes,
        status: "draft",
        approvedAt: null,
        approvedBy: null,
        editedByPerson: current.ruleId !== null || current.editedByPerson,
        version: current.version + 1,
        updatedAt: tx.clock.now(),
      })
      .where(eq(posts.id, id))
      .returning();
    if (!row) throw notFound("Post", id);
    const after = await present(tx, row);
    await recordAudit(tx, {
      action: "update",
      entityType: "post",
      entityId: id,
      before: await present(tx, current),
      after,
    });
    return after;
  });
}

/** Approval puts one outbox row per channel; the scheduler publishes them when due. */
export async function approvePost({
  ctx,
  id,
  ifMatch,
}: {
  ctx: Ctx;
  id: string;
  ifMatch: number | undefined;
}) {
  // A publisher approves the text they read: if an editor changed it since, that is a 409.
  const expected = requireVersion(ifMatch);
  return withTransaction(ctx, async (tx) => {
    const current = await lockPost(tx, id);
    assertVersion("Post", id, current.version, expected);
    if (current.status !== "draft") {
      throw new AppError(
        "conflict",
        `Post ${id} is ${current.status}; only drafts can be approved`,
      );
    }
    const blocking = contentProblems(current, current.channels).filter(
      (p) => p.severity === "error",
    );
    if (blocking.length > 0) {
      throw new AppError(
        "content_problems",
        `Post ${id} cannot be approved: ${blocking[0]?.message}`,
        {
          problems: blocking,
        },
      );
    }
    const now = tx.clock.now();
    const revision = current.revision + 1;
    await queueDeliveries(tx, [current], revision);
    const [row] = await tx.db
      .update(posts)
      .set({
        status: "approved",
        revision,
        approvedAt: now,
        approvedBy: tx.actor.tokenId,
        version: current.version + 1,
        updatedAt: now,
      })
      .where(eq(posts.id, id))
      .returning();
    if (!row) throw notFound("Post", id);
    const after = await present(tx, row);
    await recordAudit(tx, {
      action: "approve",
      entityType: "post",
      entityId: id,
      before: await present(tx, current),
      after,
    });
    return after;
  });
}

/**
 * Cancelling withdraws what has not been sent; a post already out (or going out) cannot be
 * cancelled. An approved post needs a publisher to stop it.
 */
export async function cancelPost({
  ctx,
  id,
  ifMatch,
}: {
  ctx: Ctx;
  id: string;
  ifMatch: number | undefined;
}) {
  return withTransaction(ctx, async (tx) => {
    const current = await lockPost(tx, id);
    if (ifMatch !== undefined) assertVersion("Post", id, current.version, ifMatch);
    if (current.status === "cancelled") return present(tx, current);
    await assertNothingSent(tx, current);
    if (current.status !== "draft" && !hasRole(tx.actor, "publisher")) {
      throw new AppError(
        "forbidden",
        `Post ${id} is ${current.status}; cancelling it needs the publisher role`,
      );
    }
    const before = await present(tx, current);
    await withdrawPending(tx, id);
    const [row] = await tx.db
      .update(posts)
      .set({
        status: "cancelled",
        // A person cancelled it: the planner must not bring a generated post back.
        editedByPerson: current.ruleId !== null || current.editedByPerson,
        version: current.version + 1,
        updatedAt: tx.clock.now(),
      })
      .where(eq(posts.id, id))
      .returning();
    if (!row) throw notFound("Post", id);
    const after = await present(tx, row);
    await recordAudit(tx, { action: "cancel", entityType: "post", entityId: id, before, after });
    return after;
  });
}

/** Newest first. */
export async function listPosts({ ctx, query }: { ctx: Ctx; query: ListPostsQuery }) {
  const conditions: SQL[] = [];
  if (query.status) conditions.push(eq(posts.status, query.status));
  if (query.channel) conditions.push(sql`${posts.channels} @> array[${query.channel}]::text[]`);
  if (query.cursor) {
    const after = decodeCursor(query.cursor, isInstant);
    conditions.push(
      sql`(${posts.createdAt}, ${posts.id}) < (${after.sortValue}::timestamptz, ${after.id}::uuid)`,
    );
  }
  const rows = await ctx.db
    .select()
    .from(posts)
    .where(and(...conditions))
    .orderBy(desc(posts.createdAt), desc(posts.id))
    .limit(query.limit + 1);
  const page = keysetPage(rows, query.limit, (last) =>
    encodeCursor(last.createdAt.toISOString(), last.id),
  );
  return {
    items: await withDeliveries(ctx.db, page.items, ctx.clock.now()),
    nextCursor: page.nextCursor,
  };
}
