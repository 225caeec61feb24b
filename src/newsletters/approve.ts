import { eq, inArray } from "drizzle-orm";
import { recordAudit } from "../audit/record.js";
import { events, type NewsletterRow, newsletters } from "../db/schema/index.js";
import { assertVersion, requireVersion } from "../shared/concurrency.js";
import { type Ctx, withTransaction } from "../shared/context.js";
import { AppError, invalid, notFound } from "../shared/errors.js";
import type { Renderer } from "../templates/render.js";
import { TemplateRenderError } from "../templates/render.js";
import { issueTopics, prepareEditions } from "./edition.js";
import { periodInstants } from "./period.js";
import type { ApproveNewsletterInput } from "./schemas.js";
import { lockNewsletter, present } from "./service.js";
import { sectionsOf } from "./template-data.js";

interface Problem {
  topic: string;
  title: string;
  message: string;
}

/** Events the issue announces that have since been cancelled, postponed, moved or deleted. */
async function staleEvents(tx: Ctx, newsletter: NewsletterRow): Promise<Problem[]> {
  const items = sectionsOf(newsletter).flatMap((section) =>
    section.topic === "new_books"
      ? []
      : section.items.flatMap((item) => (item.eventId ? [{ topic: section.topic, item }] : [])),
  );
  if (items.length === 0) return [];
  const rows = await tx.db
    .select({ id: events.id, status: events.status, startsAt: events.startsAt })
    .from(events)
    .where(inArray(events.id, [...new Set(items.map(({ item }) => item.eventId as string))]));
  const byId = new Map(rows.map((row) => [row.id, row]));
  return items.flatMap(({ topic, item }) => {
    const event = byId.get(item.eventId as string);
    const message = !event
      ? "the event was deleted"
      : event.status !== "scheduled"
        ? `the event is now ${event.status}`
        : event.startsAt.toISOString() !== item.startsAt
          ? "the event has moved to another time"
          : null;
    return message ? [{ topic, title: item.title, message }] : [];
  });
}

/**
 * Approval fixes the issue and when it goes out (default now); the sender starts it when due.
 * Refused: an issue with nothing in it, a time too late to send or after the issue's period,
 * events that changed since the issue was composed, and templates that do not render.
 */
export async function approveNewsletter({
  ctx,
  renderer,
  id,
  input,
  ifMatch,
}: {
  ctx: Ctx;
  renderer: Renderer;
  id: string;
  input: ApproveNewsletterInput;
  ifMatch: number | undefined;
}) {
  // A publisher approves what they read: if an editor changed it since, that is a 409.
  const expected = requireVersion(ifMatch);
  const now = ctx.clock.now();
  const scheduledAt = input.scheduledAt ?? now;
  const minutes = Math.round(ctx.config.maxLatenessMs / 60_000);
  if (scheduledAt.getTime() < now.getTime() - ctx.config.maxLatenessMs) {
    throw invalid(`scheduledAt is more than ${minutes} minutes in the past`, [
      {
        path: "body.scheduledAt",
        message: `is more than ${minutes} minutes ago: the sender would refuse it as too late; leave it out to send now`,
      },
    ]);
  }
  return withTransaction(ctx, async (tx) => {
    const current = await lockNewsletter(tx, id);
    assertVersion("Newsletter", id, current.version, expected);
    if (current.status !== "draft") {
      throw new AppError(
        "conflict",
        `Newsletter ${id} is ${current.status}; only drafts can be approved`,
      );
    }
    if (issueTopics(current).length === 0) {
      throw new AppError(
        "content_problems",
        `Newsletter ${id} has nothing in it; recompose it or add items before approving`,
      );
    }
    if (current.periodStart && current.periodEnd) {
      const { to } = periodInstants(
        { start: current.periodStart, end: current.periodEnd },
        tx.config.timeZone,
      );
      if (scheduledAt >= to) {
        throw invalid(`scheduledAt is after the issue's period (${current.periodEnd})`, [
          { path: "body.scheduledAt", message: `must be before the end of ${current.periodEnd}` },
        ]);
      }
    }
    const problems = await staleEvents(tx, current);
    if (problems.length > 0) {
      throw new AppError(
        "content_problems",
        `Newsletter ${id} announces events that changed since it was composed: "${problems[0]?.title}": ${problems[0]?.message}. Recompose it or edit those items`,
        { problems },
      );
    }
    await prepareEditions(tx, renderer, current).catch((err: unknown) => {
      if (!(err instanceof TemplateRenderError)) throw err;
      throw new AppError("content_problems", `Newsletter ${id} does not render: ${err.message}`);
    });
    const [row] = await tx.db
      .update(newsletters)
      .set({ status: "approved", scheduledAt, version: current.version + 1, updatedAt: now })
      .where(eq(newsletters.id, id))
      .returning();
    if (!row) throw notFound("Newsletter", id);
    const after = present(tx, row);
    await recordAudit(tx, {
      action: "approve",
      entityType: "newsletter",
      entityId: id,
      before: present(tx, current),
      after,
    });
    return after;
  });
}
