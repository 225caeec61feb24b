import { beforeAll, describe, expect, it } from "vitest";
import { createTestApp, expectJson, type TestApp } from "../../test/support/app.js";
import { eventInput } from "../../test/support/factories.js";
import { seedDefaultRules } from "./service.js";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ now: "2026-12-01T00:00:00Z" });
  await seedDefaultRules(t.ctx);
});

const rule = (overrides: Record<string, unknown> = {}) => ({
  name: "Pengingat dua hari sebelumnya",
  trigger: "event_offset",
  subject: "events",
  offsetDays: -2,
  localTime: "08:30",
  template: "event-reminder",
  locale: "id",
  ...overrides,
});

describe("automation rules", () => {
  it("starts with the default rules, in Bahasa Indonesia", async () => {
    const list = await expectJson(t.request("GET", "/api/rules", { as: "viewer" }), 200);
    expect(list.items.map((r: { template: string }) => r.template)).toEqual([
      "event-announcement",
      "event-reminder",
      "event-today",
      "registration-open",
      "acquisitions-roundup",
      "acquisition-featured",
      "newsletter",
    ]);
    expect(list.items[0]).toMatchObject({
      offsetDays: -7,
      localTime: "09:00",
      locale: "id",
      requiresApproval: true,
    });
  });

  it("lets a publisher add a rule, and not an editor", async () => {
    await expectJson(t.request("POST", "/api/rules", { as: "editor", body: rule() }), 403);
    const created = await expectJson(
      t.request("POST", "/api/rules", { as: "publisher", body: rule() }),
      201,
    );
    expect(created).toMatchObject({
      offsetDays: -2,
      localTime: "08:30",
      channels: ["x"],
      enabled: true,
    });
  });

  it("names what a rule's timing is missing", async () => {
    const body = await expectJson(
      t.request("POST", "/api/rules", { as: "publisher", body: rule({ localTime: null }) }),
      400,
    );
    expect(body.error.details.issues).toContainEqual({
      path: "body.localTime",
      message: "is needed for an event_offset rule",
    });
  });

  it("refuses a template that does not exist in the rule's language", async () => {
    const body = await expectJson(
      t.request("POST", "/api/rules", {
        as: "publisher",
        body: rule({ template: "event-remindr" }),
      }),
      400,
    );
    expect(body.error.details.issues[0]).toEqual({
      path: "body.template",
      message: "there is no template posts/id/event-remindr",
    });
  });

  it("refuses a schedule that is not a cron expression", async () => {
    const body = await expectJson(
      t.request("POST", "/api/rules", {
        as: "publisher",
        body: rule({
          trigger: "schedule",
          subject: "acquisitions",
          cron: "every friday",
          template: "acquisitions-roundup",
        }),
      }),
      400,
    );
    expect(body.error.details.issues[0].path).toBe("body.cron");
  });

  it("re-plans a rule from scratch once it changes, and refuses a stale version", async () => {
    const created = await expectJson(
      t.request("POST", "/api/rules", { as: "publisher", body: rule() }),
      201,
    );
    const changed = await expectJson(
      t.request("PATCH", `/api/rules/${created.id}`, {
        as: "publisher",
        body: { localTime: "09:30", version: 1 },
      }),
      200,
    );
    expect(changed).toMatchObject({ localTime: "09:30", plannedAt: null, version: 2 });
    await expectJson(
      t.request("PATCH", `/api/rules/${created.id}`, {
        as: "publisher",
        body: { localTime: "10:00", version: 1 },
      }),
      409,
    );
  });
});

describe("preview", () => {
  it("shows a long draft as the thread X would get, with the warning", async () => {
    const body = `${"Perpustakaan Kota Manado membuka kelas literasi digital untuk lansia setiap Sabtu. ".repeat(5)}#literasi`;
    const result = await expectJson(
      t.request("POST", "/api/preview", {
        as: "viewer",
        body: { post: { body, channels: ["x"] } },
      }),
      200,
    );
    expect(result.channels[0].parts.length).toBe(2);
    expect(result.channels[0].parts[0]).toMatch(/ \(1\/2\)$/);
    expect(result.channels[0].problems[0]).toMatchObject({ code: "too_long", severity: "warning" });
  });

  it("renders what a rule would post about an event, in Bahasa Indonesia and WITA, without saving it", async () => {
    const event = await expectJson(
      t.request("POST", "/api/events", {
        as: "editor",
        body: eventInput({
          title: "Bedah Buku Laut Bercerita",
          startsAt: "2026-12-12T10:00:00+08:00",
          endsAt: null,
        }),
      }),
      201,
    );
    const rules = await expectJson(t.request("GET", "/api/rules"), 200);
    const announce = rules.items.find(
      (r: { template: string }) => r.template === "event-announcement",
    );
    const before = await expectJson(t.request("GET", "/api/posts"), 200);
    const result = await expectJson(
      t.request("POST", "/api/preview", {
        as: "viewer",
        body: { ruleId: announce.id, eventId: event.id },
      }),
      200,
    );
    expect(result.scheduledAt).toBe("2026-12-05T01:00:00.000Z");
    expect(result.body).toContain("Bedah Buku Laut Bercerita");
    expect(result.body).toContain("Sabtu, 12 Desember 2026 pukul 10.00 WITA");
    const after = await expectJson(t.request("GET", "/api/posts"), 200);
    expect(after.items).toHaveLength(before.items.length);
  });

  it("answers 422 with the reason when a rule's template fails to render", async () => {
    await expectJson(
      t.request("PUT", "/api/templates/posts%2Fid%2Fevent-today", {
        as: "publisher",
        body: { body: "Hari ini: {{tidakAda event.title}}" },
      }),
      200,
    );
    const event = await expectJson(
      t.request("POST", "/api/events", {
        as: "editor",
        body: eventInput({ startsAt: "2026-12-12T10:00:00+08:00", endsAt: null }),
      }),
      201,
    );
    const rules = await expectJson(t.request("GET", "/api/rules"), 200);
    const today = rules.items.find((r: { template: string }) => r.template === "event-today");
    const body = await expectJson(
      t.request("POST", "/api/preview", { body: { ruleId: today.id, eventId: event.id } }),
      422,
    );
    expect(body.error.message).toContain("tidakAda");
  });
});
