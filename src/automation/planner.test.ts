import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { createTestApp, expectJson, type TestApp } from "../../test/support/app.js";
import { eventInput } from "../../test/support/factories.js";
import { automationRules, deliveries, events, posts } from "../db/schema/index.js";
import { seedDefaultRules } from "../rules/service.js";
import { tick } from "../scheduler/tick.js";
import { withTransaction } from "../shared/context.js";
import { createPlanned } from "./generated-post.js";
import { eventPost } from "./planner.js";
import { postRenderer } from "./render-post.js";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ now: "2026-12-01T00:00:00Z" });
  await seedDefaultRules(t.ctx);
});

const generated = (eventId: string) =>
  t.database.db.select().from(posts).where(eq(posts.sourceId, eventId));

describe("the planner", () => {
  it("plans each rule's post once, however often it runs", async () => {
    const event = await expectJson(
      t.request("POST", "/api/events", {
        as: "editor",
        body: eventInput({ startsAt: "2026-12-20T10:00:00+08:00", endsAt: null }),
      }),
      201,
    );
    for (let i = 0; i < 3; i++) await tick(t.deps, { workerId: "a" });
    const rows = await generated(event.id);
    expect(rows.map((p) => p.planKey?.split(":").slice(1).join(":")).sort()).toEqual([
      `event:${event.id}:once`,
      `event:${event.id}:once`,
      `event:${event.id}:once`,
    ]);
    expect(new Set(rows.map((p) => p.ruleId)).size).toBe(3);
    // The announcement waits for a person; the reminder and the "today" post are approved.
    expect(rows.map((p) => p.status).sort()).toEqual(["approved", "approved", "draft"]);
  });

  it("flags a person's edit as 'source changed' instead of overwriting it", async () => {
    const event = await expectJson(
      t.request("POST", "/api/events", {
        as: "editor",
        body: eventInput({
          title: "Judul lama",
          startsAt: "2026-12-21T10:00:00+08:00",
          endsAt: null,
        }),
      }),
      201,
    );
    await tick(t.deps, { workerId: "a" });
    const draft = (await generated(event.id)).find((p) => p.status === "draft");
    if (!draft) throw new Error("no draft announcement");
    await expectJson(
      t.request("PATCH", `/api/posts/${draft.id}`, {
        as: "editor",
        body: { body: "Teks dari staf.", version: draft.version },
      }),
      200,
    );
    await expectJson(
      t.request("PATCH", `/api/events/${event.id}`, {
        as: "editor",
        body: { title: "Judul baru", version: 1 },
      }),
      200,
    );
    await tick(t.deps, { workerId: "a" });
    const after = await expectJson(t.request("GET", `/api/posts/${draft.id}`), 200);
    expect(after).toMatchObject({
      body: "Teks dari staf.",
      sourceChanged: true,
      editedByPerson: true,
    });
    const others = (await generated(event.id)).filter((p) => p.id !== draft.id);
    expect(others.every((p) => p.body.includes("Judul baru"))).toBe(true);
  });

  it("keeps planning the other rules when one template fails, and says why on the rule", async () => {
    await expectJson(
      t.request("PUT", "/api/templates/posts%2Fid%2Fevent-reminder", {
        as: "publisher",
        body: { body: "{{rusak event.title}}" },
      }),
      200,
    );
    const event = await expectJson(
      t.request("POST", "/api/events", {
        as: "editor",
        body: eventInput({ startsAt: "2026-12-22T10:00:00+08:00", endsAt: null }),
      }),
      201,
    );
    const report = await tick(t.deps, { workerId: "a" });
    expect(report.plan.errors.join("\n")).toContain("rusak");
    const [reminderRule] = await t.database.db
      .select()
      .from(automationRules)
      .where(eq(automationRules.template, "event-reminder"));
    expect(reminderRule?.lastError).toContain("rusak");
    const rows = await generated(event.id);
    expect(rows).toHaveLength(2);
  });

  it("queues each approved post on its channels and records every planned post in the audit log", async () => {
    const event = await expectJson(
      t.request("POST", "/api/events", {
        as: "editor",
        body: eventInput({ startsAt: "2026-12-23T10:00:00+08:00", endsAt: null }),
      }),
      201,
    );
    await tick(t.deps, { workerId: "a" });
    const rows = await generated(event.id);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      const post = await expectJson(t.request("GET", `/api/posts/${row.id}`), 200);
      const queued = row.status === "approved" ? row.channels : [];
      expect(post.deliveries).toEqual(
        queued.map((channel) =>
          expect.objectContaining({ channel, status: "pending", dueAt: post.scheduledAt }),
        ),
      );
      const outbox = await t.database.db
        .select({ key: deliveries.idempotencyKey })
        .from(deliveries)
        .where(eq(deliveries.postId, row.id));
      expect(outbox.map((d) => d.key)).toEqual(queued.map((c) => `post:${row.id}:r1:${c}`));
      const audit = await expectJson(
        t.request("GET", `/api/audit?entityType=post&entityId=${row.id}`),
        200,
      );
      expect(audit.items).toEqual([
        expect.objectContaining({
          at: t.clock.now().toISOString(),
          actor: { id: null, name: "planner" },
          action: "plan",
          after: { planKey: row.planKey, status: row.status },
        }),
      ]);
    }
  });

  it("leaves a post alone when another pass planned the same key meanwhile", async () => {
    const event = await expectJson(
      t.request("POST", "/api/events", {
        as: "editor",
        body: eventInput({ startsAt: "2026-12-24T10:00:00+08:00", endsAt: null }),
      }),
      201,
    );
    const [rule] = await t.database.db
      .select()
      .from(automationRules)
      .where(eq(automationRules.template, "event-today"));
    const [source] = await t.database.db.select().from(events).where(eq(events.id, event.id));
    if (!rule || !source) throw new Error("no rule or event");
    const planned = await eventPost(t.ctx, rule, source, postRenderer(t.ctx, t.deps.renderer));
    if (!planned) throw new Error("the rule plans nothing for this event");
    const create = () => withTransaction(t.ctx, (tx) => createPlanned(tx, [planned]));
    expect(await create()).toBe(1);
    expect(await create()).toBe(0);
    const [row, ...others] = await generated(event.id);
    expect(others).toHaveLength(0);
    const post = await expectJson(t.request("GET", `/api/posts/${row?.id}`), 200);
    expect(post.deliveries).toHaveLength(rule.channels.length);
    const audit = await expectJson(
      t.request("GET", `/api/audit?entityType=post&entityId=${row?.id}`),
      200,
    );
    expect(audit.items).toHaveLength(1);
  });
});
