import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, expectJson, type TestApp } from "../../test/support/app.js";
import { createFakeX, FAKE_X_CREDENTIALS, type FakeX } from "../../test/support/fake-x/index.js";
import { createXChannel } from "../channels/x/index.js";
import { automationRules, deliveryAttempts } from "../db/schema/index.js";
import { seedDefaultRules } from "../rules/service.js";
import { tick } from "../scheduler/tick.js";

const STEP = 30 * 60_000;
const local = (iso: string) => new Date(`${iso}+08:00`);
const wita = new Intl.DateTimeFormat("sv-SE", {
  timeZone: "Asia/Makassar",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
});

/**
 * A week of the library's calendar, driven by the clock: rules plan, the scheduler publishes to
 * (a double of) X, and staff edit, postpone and cancel in the middle of it.
 */
describe("a week of the calendar publishes itself", () => {
  let t: TestApp;
  let fake: FakeX;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    let now = () => new Date("2026-12-07T00:00:00Z");
    fake = await createFakeX({ now: () => now() });
    const x = createXChannel({
      credentials: FAKE_X_CREDENTIALS,
      apiBaseUrl: fake.url,
      previewDir: mkdtempSync(path.join(tmpdir(), "warta-unused-")),
    });
    // Monday 7 December 2026, 08:00 in Manado.
    t = await createTestApp({ now: "2026-12-07T00:00:00Z", channels: { x } });
    now = () => t.clock.now();
    await seedDefaultRules(t.ctx);
    // For this week, every rule publishes without waiting for approval.
    await t.database.db.update(automationRules).set({ requiresApproval: false });

    const create = async (name: string, body: Record<string, unknown>) => {
      const event = await expectJson(t.request("POST", "/api/events", { as: "editor", body }), 201);
      ids[name] = event.id;
    };
    await create("workshop", {
      kind: "workshop",
      title: "Lokakarya Menulis Cerpen",
      startsAt: "2026-12-12T10:00:00+08:00",
      location: "Aula Lantai 2",
      tags: ["menulis"],
    });
    await create("talk", {
      kind: "author_talk",
      title: "Bincang Penulis Manado",
      startsAt: "2026-12-16T14:00:00+08:00",
      location: "Aula Lantai 2",
    });
    await create("session", {
      kind: "literacy_session",
      title: "Mengenali Hoaks",
      startsAt: "2026-12-10T09:00:00+08:00",
      registration: "required",
      facilitator: "Tim Literasi Digital",
      topic: "Cek fakta",
      targetGroup: "Lansia",
    });
    await create("dance", {
      kind: "cultural",
      title: "Malam Tari Maengket",
      startsAt: "2026-12-11T19:00:00+08:00",
      location: "Taman Baca Kawasan Boulevard",
    });

    const edits: [string, () => Promise<unknown>][] = [
      [
        "2026-12-08T10:00",
        () =>
          t.request("PATCH", `/api/events/${ids.talk}`, {
            as: "editor",
            body: { title: "Bincang Penulis Muda Manado", version: 1 },
          }),
      ],
      ["2026-12-08T12:00", () => t.request("DELETE", `/api/events/${ids.dance}`, { as: "editor" })],
      [
        "2026-12-09T08:00",
        () =>
          t.request("PATCH", `/api/events/${ids.workshop}`, {
            as: "editor",
            body: { startsAt: "2026-12-14T10:00:00+08:00", version: 1 },
          }),
      ],
    ];
    const end = local("2026-12-17T00:00").getTime();
    while (t.clock.now().getTime() <= end) {
      for (const [when, edit] of edits)
        if (local(when).getTime() === t.clock.now().getTime()) await edit();
      await tick(t.deps, { workerId: "week" });
      t.clock.advance(STEP);
    }
  }, 120_000);
  afterAll(() => fake.close());

  it("publishes exactly the planned posts, each once, at their local times", async () => {
    // Should this fail, the attempts say why (a retry after an error, say).
    const history = await t.database.db.select().from(deliveryAttempts);
    const why = JSON.stringify(history.filter((a) => a.outcome !== "sent"));
    const published = fake.posts.map(
      (post) => `${wita.format(new Date(post.created_at))} ${post.text.split("\n")[0]}`,
    );
    expect(published, why).toEqual([
      "2026-12-09 09:00 📅 Bincang Penulis Muda Manado",
      "2026-12-09 16:00 ⏰ Besok: Mengenali Hoaks",
      "2026-12-10 07:00 Hari ini: Mengenali Hoaks, pukul 09.00 WITA. Yuk, datang!",
      "2026-12-13 16:00 ⏰ Besok: Lokakarya Menulis Cerpen",
      "2026-12-14 07:00 Hari ini: Lokakarya Menulis Cerpen, pukul 10.00 WITA di Aula Lantai 2. Yuk, datang!",
      "2026-12-15 16:00 ⏰ Besok: Bincang Penulis Muda Manado",
      "2026-12-16 07:00 Hari ini: Bincang Penulis Muda Manado, pukul 14.00 WITA di Aula Lantai 2. Yuk, datang!",
    ]);
  });

  it("posts nothing for the cancelled event and nothing at the postponed event's old times", () => {
    const texts = fake.posts.map((post) => post.text).join("\n");
    expect(texts).not.toContain("Maengket");
    expect(fake.posts.filter((post) => post.text.includes("Lokakarya"))).toHaveLength(2);
  });
});
