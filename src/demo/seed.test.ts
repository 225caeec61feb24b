import { load } from "cheerio";
import { beforeAll, describe, expect, it } from "vitest";
import { createTestApp, expectJson, type TestApp } from "../../test/support/app.js";
import { demoAcquisitions, demoEvents } from "./demo-content.js";
import { seedDemoContent } from "./seed.js";

describe("the demo", () => {
  let t: TestApp;
  let seeded: boolean;
  beforeAll(async () => {
    t = await createTestApp();
    seeded = await seedDemoContent(t.ctx);
  });

  it("comes with a draft newsletter of the demo content that a publisher can approve", async () => {
    expect(seeded).toBe(true);
    const list = await expectJson(t.request("GET", "/api/newsletters", { as: "viewer" }), 200);
    expect(list.items).toHaveLength(1);
    const [issue] = list.items;
    expect(issue).toMatchObject({
      status: "draft",
      topics: ["events", "literacy_sessions", "children", "new_books"],
    });
    // Every demo event and book is in it.
    const items = issue.sections.flatMap((s: { items: unknown[] }) => s.items);
    expect(items).toHaveLength(demoEvents.length + demoAcquisitions.length);

    const preview = await t.request("GET", `/api/newsletters/${issue.id}/preview?topics=children`);
    const $ = load(await preview.text());
    expect(
      $("h3")
        .map((_, h) => $(h).text())
        .get(),
    ).toContain("Dongeng Pagi: Asal Mula Danau Tondano");
    await expectJson(
      t.request("POST", `/api/newsletters/${issue.id}/approve`, {
        as: "publisher",
        headers: { "if-match": `"${issue.version}"` },
      }),
      200,
    );
  });

  it("is added once", async () => {
    expect(await seedDemoContent(t.ctx)).toBe(false);
    const list = await expectJson(t.request("GET", "/api/newsletters", { as: "viewer" }), 200);
    expect(list.items).toHaveLength(1);
  });
});
