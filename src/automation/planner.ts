import { and, desc, eq, gt, gte, lte, ne, or, type SQL } from "drizzle-orm";
import type { Locale } from "../config.js";
import { acquisitions, automationRules, type EventRow, events, posts } from "../db/schema/index.js";
import { type Ctx, withTransaction } from "../shared/context.js";
import { rootCause } from "../shared/errors.js";
import { addDays, localDate, zonedInstant } from "../shared/time.js";
import { nextCronTime } from "./cron-next.js";
import {
  createPlanned,
  knownPosts,
  type PlannedPost,
  type PlanResult,
  planKeyOf,
  type RuleRow,
  upsertGenerated,
  withdrawGenerated,
} from "./generated-post.js";

export const HORIZON_DAYS = 60;
const WATERMARK_OVERLAP_MS = 60_000;
/** New posts per transaction: bounds how long one holds its locks and what one failure loses. */
const CREATE_CHUNK = 500;
/** A weekly roundup is written an hour ahead, so it lists every book acquired until then. */
const ROUNDUP_LEAD_MS = 60 * 60_000;

/**
 * Renders posts/<locale>/<template> with a context, as of `at` (when it will be read: "besok" is
 * relative to then); throws when the template fails.
 */
export type RenderPost = (
  template: string,
  locale: Locale,
  context: Record<string, unknown>,
  at: Date,
) => Promise<string>;

export interface PlanReport {
  results: Partial<Record<PlanResult, number>>;
  errors: string[];
}

/**
 * Turns rules and content into posts over the horizon, idempotently: every post is keyed by
 * (rule, source, occurrence), so planning again never duplicates. A rule looks again only at what
 * changed since its last pass, and at what has since come into the horizon.
 */
export async function plan(ctx: Ctx, render: RenderPost): Promise<PlanReport> {
  const report: PlanReport = { results: {}, errors: [] };
  const rules = await ctx.db
    .select()
    .from(automationRules)
    // Newsletter digest rules are the scheduler's (scheduler/digests.ts), not posts.
    .where(and(eq(automationRules.enabled, true), ne(automationRules.subject, "newsletters")));
  for (const rule of rules) {
    // The watermark trails the pass: a change committed while it ran (stamped a moment before)
    // is looked at again next time. Looking twice is harmless; planning is idempotent.
    const watermark = new Date(ctx.clock.now().getTime() - WATERMARK_OVERLAP_MS);
    const count = (result: PlanResult) => {
      report.results[result] = (report.results[result] ?? 0) + 1;
    };
    let lastError: string | null = null;
    const attempt = async (what: string, work: () => Promise<PlanResult | null>) => {
      try {
        const result = await work();
        if (result) count(result);
      } catch (err) {
        // One broken template or source never stops the rest of the plan.
        lastError = `${what}: ${rootCause(err)}`;
        report.errors.push(`${rule.name}: ${lastError}`);
      }
    };
    if (rule.subject === "events") await planEventRule(ctx, rule, render, attempt);
    else if (rule.trigger === "schedule") await planRoundup(ctx, rule, render, attempt);
    else await planFeaturedBooks(ctx, rule, render, attempt);
    await ctx.db
      .update(automationRules)
      .set({ plannedAt: watermark, lastError })
      .where(eq(automationRules.id, rule.id));
  }
  return report;
}

/** Runs one piece of planning, counting its result (null: counted already) or its error. */
type Attempt = (what: string, work: () => Promise<PlanResult | null>) => Promise<void>;

async function planEventRule(ctx: Ctx, rule: RuleRow, render: RenderPost, attempt: Attempt) {
  const now = ctx.clock.now();
  const horizonEnd = new Date(
    now.getTime() + HORIZON_DAYS * 86_400_000 - (rule.offsetDays ?? 0) * 86_400_000,
  );
  const inHorizon = and(gte(events.startsAt, now), lte(events.startsAt, horizonEnd));
  let candidates: SQL | undefined = inHorizon;
  if (rule.plannedAt) {
    // Changed since the last pass (wherever it moved to), or newly inside the horizon.
    const previousEnd = new Date(rule.plannedAt.getTime() + (horizonEnd.getTime() - now.getTime()));
    candidates = or(
      gte(events.updatedAt, rule.plannedAt),
      and(inHorizon, gt(events.startsAt, previousEnd)),
    );
  }
  const changed = await ctx.db.select().from(events).where(candidates);
  if (changed.length === 0) return;
  const known = await knownPosts(
    ctx,
    rule.id,
    changed.map((event) => event.id),
  );
  const fresh: PlannedPost[] = [];
  for (const event of changed) {
    const outside = event.startsAt < now || event.startsAt > horizonEnd;
    const key = { rule, sourceType: "event" as const, sourceId: event.id, occurrence: "once" };
    const applies =
      (!rule.eventKinds?.length || rule.eventKinds.includes(event.kind)) &&
      (!rule.options.registrationRequiredOnly || event.registrationRequired);
    if (!applies || event.status !== "scheduled" || outside) {
      await attempt(`event ${event.id}`, async () => {
        const withdrawn = await withdrawGenerated(ctx, planKeyOf(key));
        if (withdrawn?.status === "published" && event.status === "cancelled") {
          await noticeOfCancellation(ctx, rule, event, render);
        }
        return withdrawn ? "withdrawn" : "unchanged";
      });
      continue;
    }
    await attempt(`event ${event.id}`, async () => {
      const planned = await eventPost(ctx, rule, event, render);
      if (!planned || planned.at < now) return "skipped";
      // New posts are created together below: one set of statements per chunk, not per post.
      if (!known.has(planKeyOf(planned))) {
        fresh.push(planned);
        return "created";
      }
      return upsertGenerated(ctx, planned, known);
    });
  }
  for (let i = 0; i < fresh.length; i += CREATE_CHUNK) {
    const chunk = fresh.slice(i, i + CREATE_CHUNK);
    // Counted as created when planned; should the insert fail, the error says so.
    await attempt(`${chunk.length} new posts`, async () => {
      await withTransaction(ctx, (tx) => createPlanned(tx, chunk));
      return null;
    });
  }
}

/** The post a rule makes of an event, or null when it makes none (after the event has begun). */
export async function eventPost(
  ctx: Ctx,
  rule: RuleRow,
  event: EventRow,
  render: RenderPost,
): Promise<PlannedPost | null> {
  const at = occurrenceAt(event, rule, ctx.config.timeZone);
  // Nothing is planned for after the event has begun (a "today" post at 07:00 for a 06:30 talk).
  if (!at || at >= event.startsAt) return null;
  return {
    rule,
    sourceType: "event",
    sourceId: event.id,
    occurrence: "once",
    at,
    body: await render(rule.template, rule.locale as Locale, eventContext(ctx, event), at),
    mediaUrls: event.imageUrl ? [event.imageUrl] : [],
  };
}

/**
 * Occurrences worked out so far, by zone, start and timing. Intl's time-zone arithmetic is slow
 * (three conversions an occurrence), and thousands of events share a few hundred start times.
 */
const occurrences = new Map<string, number>();
const OCCURRENCES_KEPT = 10_000;

/** "7 days before at 09:00" on the library's wall clock. */
function occurrenceAt(event: EventRow, rule: RuleRow, timeZone: string): Date | null {
  if (rule.offsetDays === null || !rule.localTime) return null;
  const key = `${timeZone} ${event.startsAt.getTime()} ${rule.offsetDays} ${rule.localTime}`;
  let at = occurrences.get(key);
  if (at === undefined) {
    // A bound on memory, not an eviction policy: the next pass fills it again.
    if (occurrences.size >= OCCURRENCES_KEPT) occurrences.clear();
    at = zonedInstant(
      addDays(localDate(event.startsAt, timeZone), rule.offsetDays),
      rule.localTime,
      timeZone,
    ).getTime();
    occurrences.set(key, at);
  }
  return new Date(at);
}

/** Tells followers an event they were told about will not happen; only if the announcement went out. */
async function noticeOfCancellation(ctx: Ctx, rule: RuleRow, event: EventRow, render: RenderPost) {
  const template = rule.options.cancellationTemplate;
  if (!template) return;
  const planned: PlannedPost = {
    rule,
    sourceType: "event",
    sourceId: event.id,
    occurrence: "cancelled",
    at: ctx.clock.now(),
    body: await render(template, rule.locale as Locale, eventContext(ctx, event), ctx.clock.now()),
    mediaUrls: [],
  };
  await upsertGenerated(ctx, planned);
}

function eventContext(ctx: Ctx, event: EventRow) {
  return {
    event: {
      ...event,
      registrationUrl: event.registrationUrl,
      registrationRequired: event.registrationRequired,
    },
    library: { name: ctx.config.libraryName, url: ctx.config.publicBaseUrl },
  };
}

async function planFeaturedBooks(ctx: Ctx, rule: RuleRow, render: RenderPost, attempt: Attempt) {
  const zone = ctx.config.timeZone;
  const now = ctx.clock.now();
  const recent = addDays(localDate(now, zone), -30);
  const conditions = [gte(acquisitions.acquiredOn, recent)];
  if (rule.options.featuredOnly) conditions.push(eq(acquisitions.featured, true));
  if (rule.plannedAt) conditions.push(gte(acquisitions.updatedAt, rule.plannedAt));
  const books = await ctx.db
    .select()
    .from(acquisitions)
    .where(and(...conditions));
  for (const book of books) {
    // The next "11:00" from now: a book featured late still gets its post, never in the past.
    let at = zonedInstant(localDate(now, zone), rule.localTime ?? "11:00", zone);
    if (at <= now)
      at = zonedInstant(addDays(localDate(now, zone), 1), rule.localTime ?? "11:00", zone);
    await attempt(`acquisition ${book.id}`, async () =>
      upsertGenerated(ctx, {
        rule,
        sourceType: "acquisition",
        sourceId: book.id,
        occurrence: "once",
        at,
        body: await render(
          rule.template,
          rule.locale as Locale,
          { book, library: { name: ctx.config.libraryName } },
          at,
        ),
        mediaUrls: book.coverUrl ? [book.coverUrl] : [],
      }),
    );
  }
}

/** The weekly roundup: the books acquired since the previous one, written just before it is due. */
async function planRoundup(ctx: Ctx, rule: RuleRow, render: RenderPost, attempt: Attempt) {
  const zone = ctx.config.timeZone;
  const now = ctx.clock.now();
  const at = rule.cron ? nextCronTime(rule.cron, now, zone) : null;
  if (!at || at.getTime() - now.getTime() > ROUNDUP_LEAD_MS) return;
  const [previous] = await ctx.db
    .select({ scheduledAt: posts.scheduledAt })
    .from(posts)
    .where(and(eq(posts.ruleId, rule.id), eq(posts.sourceType, "roundup")))
    .orderBy(desc(posts.scheduledAt))
    .limit(1);
  const since = localDate(previous?.scheduledAt ?? new Date(at.getTime() - 7 * 86_400_000), zone);
  const books = await ctx.db
    .select()
    .from(acquisitions)
    .where(
      and(gt(acquisitions.acquiredOn, since), lte(acquisitions.acquiredOn, localDate(at, zone))),
    )
    .orderBy(desc(acquisitions.acquiredOn));
  if (books.length === 0) return;
  await attempt("roundup", async () =>
    upsertGenerated(ctx, {
      rule,
      sourceType: "roundup",
      sourceId: null,
      occurrence: at.toISOString(),
      at,
      body: await render(
        rule.template,
        rule.locale as Locale,
        { books, library: { name: ctx.config.libraryName } },
        at,
      ),
      mediaUrls: [],
    }),
  );
}
