import { load } from "cheerio";
import { eq } from "drizzle-orm";
import { XMLParser } from "fast-xml-parser";
import { beforeAll, describe, expect, it } from "vitest";
import { createTestApp, expectJson, type TestApp } from "../../../test/support/app.js";
import { newsletters } from "../../db/schema/index.js";
import { createDecemberIssue, seedDecember } from "../test-fixtures.js";

let t: TestApp;
let sent: { id: string; subject: { id: string; en: string } };
let older: { id: string };
let approved: { id: string };
let draft: { id: string };

/** What the sender does at the end of a send (that part is not this module's). */
const markSent = (id: string, at: string) =>
  t.deps.db
    .update(newsletters)
    .set({ status: "sent", sentAt: new Date(at) })
    .where(eq(newsletters.id, id));

beforeAll(async () => {
  t = await createTestApp();
  await seedDecember(t);
  older = await createDecemberIssue(t, {
    subject: { id: "Edisi November", en: "November issue: books & <events>" },
  });
  sent = await createDecemberIssue(t);
  approved = await createDecemberIssue(t, { subject: { id: "Edisi yang disetujui" } });
  draft = await createDecemberIssue(t, { subject: { id: "Edisi draf rahasia" } });
  await expectJson(
    t.request("POST", `/api/newsletters/${approved.id}/approve`, {
      as: "publisher",
      headers: { "if-match": '"1"' },
    }),
    200,
  );
  await markSent(older.id, "2026-11-01T01:00:00Z");
  await markSent(sent.id, "2026-12-01T01:00:00Z");
});

const get = (path: string, headers: Record<string, string> = {}) =>
  t.app.request(path, { headers });

describe("the public archive", () => {
  it("lists only sent issues, newest first, in the language asked for, without a token", async () => {
    const res = await get("/newsletters");
    expect(res.status).toBe(200);
    const $ = load(await res.text());
    expect($("html").attr("lang")).toBe("id");
    expect(
      $("li a")
        .map((_, a) => $(a).text())
        .get(),
    ).toEqual([sent.subject.id, "Edisi November"]);
    expect($("li small").first().text()).toBe("Terkirim Selasa, 1 Desember 2026");
    expect($.html()).not.toContain("Edisi draf rahasia");
    expect($.html()).not.toContain("Edisi yang disetujui");

    const $en = load(await (await get("/newsletters?lang=en")).text());
    expect($en("h1").text()).toBe("Newsletter archive");
    expect(
      $en("li a")
        .map((_, a) => $en(a).text())
        .get(),
    ).toEqual([sent.subject.en, "November issue: books & <events>"]);
  });

  it("shows a sent issue's web version with every section and no personal links", async () => {
    const res = await get(`/newsletters/${sent.id}?lang=en`);
    expect(res.status).toBe(200);
    const html = await res.text();
    const $ = load(html);
    expect($("title").text()).toBe(sent.subject.en);
    expect($("h2.section-title")).toHaveLength(4);
    expect(
      $("h3")
        .map((_, h) => $(h).text())
        .get(),
    ).toContain("Laut Bercerita");
    const hrefs = $("a")
      .map((_, a) => $(a).attr("href"))
      .get();
    expect(hrefs).toContain("/newsletters?lang=en");
    expect(hrefs).toContain(`/newsletters/${sent.id}?lang=id`);
    expect(hrefs.filter((href) => /preferences|unsubscribe|sample-link/.test(href))).toEqual([]);
    expect(html).not.toContain("You are receiving");
    expect(html).not.toContain("warta");
  });

  it("answers 404 for drafts, approved issues and ids that are not issues", async () => {
    for (const id of [draft.id, approved.id, "7f1c2a4e-0000-4000-8000-000000000000", "x'--"]) {
      const res = await get(`/newsletters/${encodeURIComponent(id)}`);
      expect(res.status).toBe(404);
      expect(res.headers.get("content-type")).toContain("text/html");
      expect(await res.text()).not.toContain("Edisi draf rahasia");
    }
  });

  it("lets readers cache pages and revalidate them by ETag", async () => {
    for (const path of ["/newsletters", `/newsletters/${sent.id}`, "/newsletters/feed.rss"]) {
      const first = await get(path);
      const etag = first.headers.get("etag");
      expect(etag).toMatch(/^"[0-9a-f]+"$/);
      expect(first.headers.get("cache-control")).toBe("public, max-age=300");
      const again = await get(path, { "if-none-match": etag ?? "" });
      expect(again.status).toBe(304);
      expect(again.headers.get("cache-control")).toBe("public, max-age=300");
    }
    const before = (await get("/newsletters")).headers.get("etag");
    await markSent(approved.id, "2026-12-02T01:00:00Z");
    const after = (await get("/newsletters")).headers.get("etag");
    expect(after).not.toBe(before);
    await t.deps.db
      .update(newsletters)
      .set({ status: "approved", sentAt: null })
      .where(eq(newsletters.id, approved.id));
  });
});

describe("the RSS feed", () => {
  it("is RSS 2.0 with one item per sent issue, linking to its web version", async () => {
    const res = await get("/newsletters/feed.rss?lang=en");
    expect(res.headers.get("content-type")).toBe("application/rss+xml; charset=utf-8");
    const feed = new XMLParser({ ignoreAttributes: false }).parse(await res.text());
    expect(feed.rss["@_version"]).toBe("2.0");
    const channel = feed.rss.channel;
    expect(channel.title).toBe("Perpustakaan Kota Manado newsletter");
    expect(channel.language).toBe("en");
    const base = t.deps.config.publicBaseUrl;
    expect(channel.item.map((item: { title: string }) => item.title)).toEqual([
      sent.subject.en,
      "November issue: books & <events>",
    ]);
    const [first] = channel.item;
    expect(first.link).toBe(`${base}/newsletters/${sent.id}?lang=en`);
    expect(first.guid["#text"]).toBe(first.link);
    expect(first.pubDate).toBe("Tue, 01 Dec 2026 01:00:00 GMT");
    expect(first.description).toContain("<li>Laut Bercerita</li>");

    const page = await get(new URL(first.link).pathname + new URL(first.link).search);
    expect(page.status).toBe(200);
  });
});
