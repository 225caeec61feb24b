import { eq } from "drizzle-orm";
import { recordAudit } from "../audit/record.js";
import { hasRole } from "../auth/actor.js";
import { type NewsletterRow, newsletters } from "../db/schema/index.js";
import { assertVersion, requireVersion } from "../shared/concurrency.js";
import { type Ctx, withTransaction } from "../shared/context.js";
import { AppError, notFound } from "../shared/errors.js";
import { composeSections } from "./compose.js";
import { toNewsletterOutput } from "./output.js";
import { generatedTexts, type Period } from "./period.js";
import type { CreateNewsletterInput, UpdateNewsletterInput } from "./schemas.js";

export const present = (ctx: Ctx, row: NewsletterRow) => toNewsletterOutput(row, ctx.config);

export async function findNewsletter(ctx: Ctx, id: string): Promise<NewsletterRow> {
  const [row] = await ctx.db.select().from(newsletters).where(eq(newsletters.id, id));
  if (!row) throw notFound("Newsletter", id);
  return row;
}

export async function lockNewsletter(tx: Ctx, id: string): Promise<NewsletterRow> {
  const [row] = await tx.db.select().from(newsletters).where(eq(newsletters.id, id)).for("update");
  if (!row) throw notFound("Newsletter", id);
  return row;
}

type Texts = {
  subject: { id?: string; en?: string | null };
  intro: { id?: string | null; en?: string | null };
};

/**
 * A new draft for `period`, composed from the content store; texts not given are generated.
 * Undefined when an issue with the same plan key exists already.
 */
export async function insertIssue(
  tx: Ctx,
  period: Period,
  texts: Partial<Texts>,
  plan: { planKey: string | null; ruleId: string | null },
): Promise<NewsletterRow | undefined> {
  const generated = generatedTexts(period, tx.config.libraryName);
  // A text given only in Indonesian is not paired with a generated English one: English falls back.
  const english = (given: { id?: unknown; en?: string | null } | undefined, fallback: string) =>
    given?.en !== undefined ? given.en : given?.id !== undefined ? null : fallback;
  const now = tx.clock.now();
  const [row] = await tx.db
    .insert(newsletters)
    .values({
      subject: texts.subject?.id ?? generated.subject.id,
      subjectEn: english(texts.subject, generated.subject.en),
      intro: texts.intro?.id !== undefined ? texts.intro.id : generated.intro.id,
      introEn: english(texts.intro, generated.intro.en),
      sections: await composeSections(tx, period),
      periodStart: period.start,
      periodEnd: period.end,
      planKey: plan.planKey,
      ruleId: plan.ruleId,
      createdAt: now,
      updatedAt: now,
    })
    .onConflictDoNothing({ target: newsletters.planKey })
    .returning();
  if (row) {
    await recordAudit(tx, {
      action: "create",
      entityType: "newsletter",
      entityId: row.id,
      after: present(tx, row),
    });
  }
  return row;
}

export async function createNewsletter({ ctx, input }: { ctx: Ctx; input: CreateNewsletterInput }) {
  const period = { start: input.periodStart, end: input.periodEnd };
  return withTransaction(ctx, async (tx) => {
    const row = await insertIssue(tx, period, input, { planKey: null, ruleId: null });
    if (!row) throw new Error("insert returned no row");
    return present(tx, row);
  });
}

export async function getNewsletter({ ctx, id }: { ctx: Ctx; id: string }) {
  return present(ctx, await findNewsletter(ctx, id));
}

/**
 * Drafts change freely; changing an approved issue withdraws the approval (it is a draft again,
 * unscheduled), which needs a publisher. Once sending has begun nothing changes.
 */
export function assertEditable(tx: Ctx, current: NewsletterRow): void {
  if (current.status === "approved" && !hasRole(tx.actor, "publisher")) {
    throw new AppError(
      "forbidden",
      `Newsletter ${current.id} is approved; changing it withdraws the approval, which needs the publisher role`,
    );
  }
  if (current.status !== "draft" && current.status !== "approved") {
    throw new AppError(
      "conflict",
      `Newsletter ${current.id} is ${current.status}; it can no longer change`,
    );
  }
}

export async function saveDraft(
  tx: Ctx,
  current: NewsletterRow,
  values: Partial<NewsletterRow>,
  action: string,
) {
  const [row] = await tx.db
    .update(newsletters)
    .set({
      ...values,
      status: "draft",
      scheduledAt: null,
      version: current.version + 1,
      updatedAt: tx.clock.now(),
    })
    .where(eq(newsletters.id, current.id))
    .returning();
  if (!row) throw notFound("Newsletter", current.id);
  const after = present(tx, row);
  await recordAudit(tx, {
    action,
    entityType: "newsletter",
    entityId: row.id,
    before: present(tx, current),
    after,
  });
  return after;
}

export async function updateNewsletter({
  ctx,
  id,
  input,
  ifMatch,
}: {
  ctx: Ctx;
  id: string;
  input: UpdateNewsletterInput;
  ifMatch: number | undefined;
}) {
  const { version, subject, intro, sections } = input;
  const expected = requireVersion(ifMatch, version);
  return withTransaction(ctx, async (tx) => {
    const current = await lockNewsletter(tx, id);
    assertVersion("Newsletter", id, current.version, expected);
    if (subject === undefined && intro === undefined && sections === undefined) {
      return present(tx, current);
    }
    assertEditable(tx, current);
    const values: Partial<NewsletterRow> = {};
    if (subject?.id !== undefined) values.subject = subject.id;
    if (subject?.en !== undefined) values.subjectEn = subject.en;
    if (intro?.id !== undefined) values.intro = intro.id;
    if (intro?.en !== undefined) values.introEn = intro.en;
    if (sections !== undefined) values.sections = sections;
    return saveDraft(tx, current, values, "update");
  });
}

/** Only drafts can be deleted; an approved issue goes back to draft by editing it first. */
export async function deleteNewsletter({
  ctx,
  id,
  ifMatch,
}: {
  ctx: Ctx;
  id: string;
  ifMatch: number | undefined;
}) {
  return withTransaction(ctx, async (tx) => {
    const current = await lockNewsletter(tx, id);
    if (ifMatch !== undefined) assertVersion("Newsletter", id, current.version, ifMatch);
    if (current.status !== "draft") {
      throw new AppError(
        "conflict",
        `Newsletter ${id} is ${current.status}; only drafts can be deleted`,
      );
    }
    await tx.db.delete(newsletters).where(eq(newsletters.id, id));
    await recordAudit(tx, {
      action: "delete",
      entityType: "newsletter",
      entityId: id,
      before: present(tx, current),
    });
    return null;
  });
}
