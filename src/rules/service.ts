import { eq } from "drizzle-orm";
import { recordAudit } from "../audit/record.js";
import { nextCronTime } from "../automation/cron-next.js";
import { defaultRules } from "../automation/defaults.js";
import { automationRules } from "../db/schema/index.js";
import { type Ctx, withTransaction } from "../shared/context.js";
import { listInCreationOrder } from "../shared/creation-order.js";
import { type FieldIssue, invalid, notFound } from "../shared/errors.js";
import { deleteVersioned, updateVersioned } from "../shared/versioned-record.js";
import type { TemplateFiles } from "../templates/files.js";
import type { CreateRuleInput, ListRulesQuery, UpdateRuleInput } from "./schemas.js";

type RuleRow = typeof automationRules.$inferSelect;

function toOutput(row: RuleRow) {
  return {
    id: row.id,
    name: row.name,
    trigger: row.trigger,
    subject: row.subject,
    eventKinds: row.eventKinds,
    offsetDays: row.offsetDays,
    localTime: row.localTime,
    cron: row.cron,
    channels: row.channels,
    template: row.template,
    locale: row.locale,
    requiresApproval: row.requiresApproval,
    enabled: row.enabled,
    options: row.options,
    plannedAt: row.plannedAt?.toISOString() ?? null,
    lastError: row.lastError,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

const ruleRecord = { table: automationRules, kind: "Rule", entityType: "rule", toOutput };

/** The timing a trigger needs, and a template that exists for the rule's language. */
async function checkRule(
  rule: Partial<RuleRow>,
  files: TemplateFiles,
  timeZone: string,
  now: Date,
) {
  const issues: FieldIssue[] = [];
  if (rule.trigger === "event_offset") {
    if (rule.offsetDays === null || rule.offsetDays === undefined) {
      issues.push({ path: "body.offsetDays", message: "is needed for an event_offset rule" });
    }
    if (!rule.localTime)
      issues.push({ path: "body.localTime", message: "is needed for an event_offset rule" });
  }
  if (rule.trigger === "schedule") {
    if (!rule.cron || !nextCronTime(rule.cron, now, timeZone)) {
      issues.push({
        path: "body.cron",
        message: "must be five cron fields (numbers, lists or *), e.g. 0 10 * * 5",
      });
    }
    if (rule.subject === "events") {
      issues.push({
        path: "body.subject",
        message: "schedule rules round up acquisitions or draft newsletters",
      });
    }
  }
  if (rule.subject === "newsletters") {
    if (rule.trigger !== "schedule") {
      issues.push({ path: "body.trigger", message: "a newsletter digest rule runs on a schedule" });
    }
    if (!rule.options?.cadence) {
      issues.push({ path: "body.options.cadence", message: "is needed: weekly or monthly" });
    }
    if (rule.channels && rule.channels.length > 0) {
      issues.push({ path: "body.channels", message: "must be empty: newsletters go by email" });
    }
    if (
      rule.template &&
      (await files.read(`email/${rule.locale}/${rule.template}/html`)) === null
    ) {
      issues.push({
        path: "body.template",
        message: `there is no template email/${rule.locale}/${rule.template}`,
      });
    }
  } else if (rule.channels?.length === 0) {
    issues.push({ path: "body.channels", message: "needs at least one channel" });
  }
  const postTemplate = rule.subject === "newsletters" ? undefined : rule.template;
  for (const [path, name] of [
    ["body.template", postTemplate],
    ["body.options.cancellationTemplate", rule.options?.cancellationTemplate],
  ] as const) {
    if (name && (await files.read(`posts/${rule.locale}/${name}`)) === null) {
      issues.push({ path, message: `there is no template posts/${rule.locale}/${name}` });
    }
  }
  const first = issues[0];
  if (first) throw invalid(`Invalid rule: ${first.path} ${first.message}`, issues);
}

export async function createRule({ ctx, input: given }: { ctx: Ctx; input: CreateRuleInput }) {
  const channels = given.channels ?? (given.subject === "newsletters" ? [] : ["x" as const]);
  const input = { ...given, channels };
  await checkRule(input, ctx.templateFiles, ctx.config.timeZone, ctx.clock.now());
  return withTransaction(ctx, async (tx) => {
    const now = tx.clock.now();
    const [row] = await tx.db
      .insert(automationRules)
      .values({ ...input, createdAt: now, updatedAt: now })
      .returning();
    if (!row) throw new Error("insert returned no row");
    await recordAudit(tx, {
      action: "create",
      entityType: "rule",
      entityId: row.id,
      after: toOutput(row),
    });
    return toOutput(row);
  });
}

export async function getRule({ ctx, id }: { ctx: Ctx; id: string }) {
  const [row] = await ctx.db.select().from(automationRules).where(eq(automationRules.id, id));
  if (!row) throw notFound("Rule", id);
  return toOutput(row);
}

/** Any change makes the planner look at every source again for this rule. */
export async function updateRule({
  ctx,
  id,
  input,
  ifMatch,
}: {
  ctx: Ctx;
  id: string;
  input: UpdateRuleInput;
  ifMatch: number | undefined;
}) {
  const { version, ...changes } = input;
  return updateVersioned(ctx, ruleRecord, {
    id,
    input,
    ifMatch,
    changes: async (current, tx) => {
      await checkRule(
        { ...current, ...changes },
        tx.templateFiles,
        tx.config.timeZone,
        tx.clock.now(),
      );
      return { ...changes, plannedAt: null };
    },
  });
}

/** Posts it already made stay (their rule link is cleared); nothing new is planned from it. */
export async function deleteRule({
  ctx,
  id,
  ifMatch,
}: {
  ctx: Ctx;
  id: string;
  ifMatch: number | undefined;
}) {
  await deleteVersioned(ctx, ruleRecord, { id, ifMatch });
}

export async function listRules({ ctx, query }: { ctx: Ctx; query: ListRulesQuery }) {
  const filter = query.subject ? eq(automationRules.subject, query.subject) : undefined;
  const { items, nextCursor } = await listInCreationOrder(ctx.db, automationRules, query, filter);
  return { items: items.map(toOutput), nextCursor };
}

/** A fresh install gets the default rules once, in the library's language. */
export async function seedDefaultRules(ctx: Ctx): Promise<boolean> {
  const [any] = await ctx.db.select({ id: automationRules.id }).from(automationRules).limit(1);
  if (any) return false;
  const now = ctx.clock.now();
  await ctx.db.insert(automationRules).values(
    defaultRules.map((rule, i) => ({
      ...rule,
      channels: rule.subject === "newsletters" ? [] : ["x"],
      locale: ctx.config.defaultLocale,
      // Distinct creation times keep the list in this order.
      createdAt: new Date(now.getTime() + i),
      updatedAt: now,
    })),
  );
  return true;
}
