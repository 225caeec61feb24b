import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { createTestApp, expectJson, type TestApp } from "../../test/support/app.js";
import { eventInput } from "../../test/support/factories.js";
import { automationRules, posts } from "../db/schema/index.js";
import { seedDefaultRules } from "../rules/service.js";
import { tick } from "../scheduler/tick.js";

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
});
