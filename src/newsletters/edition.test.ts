import { load } from "cheerio";
import { eq } from "drizzle-orm";
import { simpleParser } from "mailparser";
import { beforeAll, describe, expect, it } from "vitest";
import { createTestApp, expectJson, type TestApp } from "../../test/support/app.js";
import { newsletters } from "../db/schema/index.js";
import { buildMime } from "../mail/mime.js";
import { issueTopics, personalize, personalizeEncoded, prepareEditions } from "./edition.js";
import { createDecemberIssue, seedDecember } from "./test-fixtures.js";

let t: TestApp;
let issue: { id: string; subject: { id: string } };
beforeAll(async () => {
  t = await createTestApp();
  await seedDecember(t);
  issue = await createDecemberIssue(t);
});

const preview = (id: string, query: string) =>
  t.request("GET", `/api/newsletters/${id}/preview?${query}`, { as: "viewer" });

async function previewHtml(id: string, query: string) {
  const res = await preview(id, query);
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
  return load(await res.text());
}

const sampleLink = (locale: string, link: string) =>
  `${t.deps.config.publicBaseUrl}/newsletters/sample-link?lang=${locale}&link=${link}`;

describe("preview", () => {
  it("shows a subscriber of some topics only their sections, in their language", async () => {
    const $ = await previewHtml(issue.id, "locale=en&topics=events,new_books");
    expect($("html").attr("lang")).toBe("en");
    expect(
      $("h2.section-title")
        .map((_, h) => $(h).text())
        .get(),
    ).toEqual(["Upcoming events", "New on our shelves"]);
    const titles = $("h3")
      .map((_, h) => $(h).text())
      .get();
    expect(titles).toEqual(["Pameran Foto Manado Tempo Dulu", "Laut Bercerita"]);
    expect($(".when").first().text()).toBe("Saturday, 5 December 2026 – Monday, 7 December 2026");
    expect($("img").attr("src")).toBe("https://covers.example/laut-bercerita.jpg");
    expect($("img").attr("alt")).toBe("Cover of Laut Bercerita");
    // CSS is inlined; no marker is left for a mail program to see.
    expect($("h2.section-title").attr("style")).toContain("border-bottom");
    expect($.html()).not.toContain("warta:");
  });

  it("links only to registrations and the recipient's own pages: no pixels, no redirects", async () => {
    const $ = await previewHtml(issue.id, "locale=id");
    expect(
      $("h2.section-title")
        .map((_, h) => $(h).text())
        .get(),
    ).toEqual([
      "Acara mendatang",
      "Kelas literasi",
      "Untuk anak dan keluarga",
      "Buku baru di rak kami",
    ]);
    expect(
      $("a")
        .map((_, a) => $(a).attr("href"))
        .get(),
    ).toEqual([
      "https://perpustakaan.example/daftar?kelas=lansia&sesi=1",
      sampleLink("id", "preferences"),
      sampleLink("id", "unsubscribe"),
    ]);
    expect(
      $("img")
        .map((_, img) => $(img).attr("src"))
        .get(),
    ).toEqual(["https://covers.example/laut-bercerita.jpg"]);
    expect($(".when").eq(1).text()).toBe("Rabu, 9 Desember 2026 pukul 10.00 WITA – 11.30 WITA");
  });

  it("gives the plain-text part as its own text, not stripped HTML", async () => {
    const res = await preview(issue.id, "format=text&topics=children");
    expect(res.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    const text = await res.text();
    expect(text).toContain("UNTUK ANAK DAN KELUARGA");
    expect(text).toContain(
      "* Dongeng Pagi: Asal Mula Danau Tondano\n  Sabtu, 12 Desember 2026 pukul 09.30 WITA – 10.30 WITA",
    );
    expect(text).toContain("Daftar di meja layanan perpustakaan");
    expect(text).toContain(`Berhenti berlangganan: ${sampleLink("id", "unsubscribe")}`);
    expect(text).not.toContain("Laut Bercerita");
    expect(text).not.toContain("<");
    expect(text).not.toMatch(/\n{3,}/);
  });

  it("falls back to the Indonesian subject when there is no English one", async () => {
    const own = await createDecemberIssue(t, {
      subject: { id: "Kabar Desember dari Perpustakaan" },
    });
    const $ = await previewHtml(own.id, "locale=en");
    expect($("title").text()).toBe("Kabar Desember dari Perpustakaan");
    expect($("h2.section-title").first().text()).toBe("Upcoming events");
  });

  it("answers 422 when those topics get nothing, and 400 to unknown locales or topics", async () => {
    const empty = await expectJson(
      t.request("POST", "/api/newsletters", {
        as: "editor",
        body: { periodStart: "2027-03-01", periodEnd: "2027-03-07" },
      }),
      201,
    );
    const nothing = await expectJson(preview(empty.id, "topics=events"), 422);
    expect(nothing.error.message).toContain("nothing in it");
    const bad = [
      ["locale=fr", "query.locale"],
      ["topics=events,sports", "query.topics"],
      ["format=pdf", "query.format"],
      ["utm_source=x", "query.utm_source"],
    ];
    for (const [query, path] of bad) {
      const answer = await expectJson(preview(issue.id, query as string), 400);
      expect(answer.error.details.issues[0].path).toBe(path);
    }
    await expectJson(
      t.request("GET", `/api/newsletters/${issue.id}/preview`, { token: null }),
      401,
    );
  });
});

describe("editions and personalize", () => {
  const links = {
    preferences: 'https://perpustakaan.example/preferences/tok?a=1&b="2"',
    unsubscribe: "https://perpustakaan.example/unsubscribe/tok?x=<y>",
  };

  async function editions(id: string) {
    const [row] = await t.deps.db.select().from(newsletters).where(eq(newsletters.id, id));
    if (!row) throw new Error("no such issue");
    return { row, editions: await prepareEditions(t.ctx, t.deps.renderer, row) };
  }

  it("renders each language once, then serves any set of topics from it", async () => {
    const { row, editions: both } = await editions(issue.id);
    expect(issueTopics(row)).toEqual(["events", "literacy_sessions", "children", "new_books"]);
    expect(both.id).toMatchObject({ locale: "id", subject: issue.subject.id });
    expect(both.en.topics).toEqual(issueTopics(row));

    const seniors = personalize(both.id, { topics: ["literacy_sessions"], links });
    const families = personalize(both.id, { topics: ["children", "new_books"], links });
    const $seniors = load(seniors?.html ?? "");
    const $families = load(families?.html ?? "");
    expect(
      $seniors("h3")
        .map((_, h) => $seniors(h).text())
        .get(),
    ).toEqual(["Kelas Literasi Digital Lansia"]);
    expect(
      $families("h3")
        .map((_, h) => $families(h).text())
        .get(),
    ).toEqual(["Dongeng Pagi: Asal Mula Danau Tondano", "Bazar Buku Keluarga", "Laut Bercerita"]);
    expect(seniors?.text).toContain("KELAS LITERASI");
    expect(seniors?.text).not.toContain("BUKU BARU");
    expect(families?.text).not.toContain("KELAS LITERASI");
    // The edition itself is untouched by what each recipient got.
    expect(both.id.html).toContain(`<!--warta:${both.id.key}:begin:events-->`);
  });

  it("sends, encoded once per edition, exactly what personalize shows, for any set of topics", async () => {
    const { editions: both } = await editions(issue.id);
    for (const [edition, topics] of [
      [both.id, ["literacy_sessions"]],
      [both.id, ["children", "new_books"]],
      [both.en, ["events", "literacy_sessions", "children", "new_books"]],
    ] as const) {
      const shown = personalize(edition, { topics, links });
      const sent = personalizeEncoded(edition, { topics, links });
      if (!shown || !sent) throw new Error("expected a message");
      const raw = buildMime(
        { to: "ani@example.org", messageId: "<1@perpustakaan.example>", ...sent },
        "warta@perpustakaan.example",
        t.clock.now(),
      );
      expect(raw.split("\r\n").every((line) => line.length <= 76)).toBe(true);
      const mail = await simpleParser(raw);
      const lf = (text: string) => text.replace(/\r\n/g, "\n").trim();
      expect(lf(mail.html || "")).toBe(lf(shown.html));
      expect(lf(mail.text ?? "")).toBe(lf(shown.text));
    }
  });

  it("fills in the recipient's links, escaped in the HTML and as they are in the text", async () => {
    const { editions: both } = await editions(issue.id);
    const message = personalize(both.en, { topics: ["events"], links });
    if (!message) throw new Error("expected a message");
    expect(message.html).toContain(
      'href="https://perpustakaan.example/preferences/tok?a=1&#38;b=&#34;2&#34;"',
    );
    expect(message.html).not.toContain('"2"');
    const $ = load(message.html);
    expect(
      $(".footer a")
        .map((_, a) => $(a).attr("href"))
        .get(),
    ).toEqual([links.preferences, links.unsubscribe]);
    expect(message.text).toContain(`Unsubscribe: ${links.unsubscribe}`);
    expect(message.html).not.toMatch(/warta-[0-9a-f]{16}-/);
  });

  it("returns null when nothing in the issue is for the recipient", async () => {
    const own = await createDecemberIssue(t);
    const withoutEvents = own.sections.filter((s: { topic: string }) => s.topic !== "events");
    await expectJson(
      t.request("PATCH", `/api/newsletters/${own.id}`, {
        as: "editor",
        body: { sections: withoutEvents, version: 1 },
      }),
      200,
    );
    const { editions: both } = await editions(own.id);
    expect(personalize(both.id, { topics: ["events"], links })).toBeNull();
    expect(personalize(both.id, { topics: [], links })).toBeNull();
    expect(personalize(both.id, { topics: ["events", "new_books"], links })).not.toBeNull();
  });

  it("keeps text that looks like a marker as plain text", async () => {
    const own = await createDecemberIssue(t);
    own.sections[0].items[0].title = "Pameran <!--warta:0123456789abcdef:end--> Foto";
    await expectJson(
      t.request("PATCH", `/api/newsletters/${own.id}`, {
        as: "editor",
        body: { sections: own.sections, version: 1 },
      }),
      200,
    );
    const { editions: both } = await editions(own.id);
    const message = personalize(both.id, { topics: ["events"], links });
    expect(message?.text).toContain("* Pameran <!--warta:0123456789abcdef:end--> Foto");
    expect(
      load(message?.html ?? "")("h3")
        .first()
        .text(),
    ).toBe("Pameran <!--warta:0123456789abcdef:end--> Foto");
  });
});
