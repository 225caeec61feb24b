import { asc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { createTestApp, expectJson, type TestApp } from "../../test/support/app.js";
import { browser, headerOf, linkIn, mailsTo, pathOf } from "../../test/support/patron.js";
import { consentRecords, subscribers } from "../db/schema/index.js";

let t: TestApp;
let base: string;
beforeAll(async () => {
  t = await createTestApp();
  base = t.deps.config.publicBaseUrl;
});

let clients = 0;
const someone = () => browser(t, `203.0.113.${++clients}`);

const rowOf = async (email: string) =>
  (await t.deps.db.select().from(subscribers).where(eq(subscribers.email, email)))[0];

const consentOf = async (id: string) =>
  t.deps.db
    .select()
    .from(consentRecords)
    .where(eq(consentRecords.subscriberId, id))
    .orderBy(asc(consentRecords.id));

/** Signs up and confirms through the link in the email; returns the welcome email's links. */
async function subscribed(email: string, fields: Record<string, string | string[]> = {}) {
  await someone().post("/subscribe", { email, topics: ["events", "children"], ...fields });
  const [confirmation] = await mailsTo(t.mailDir, email);
  if (!confirmation) throw new Error("no confirmation email");
  const confirm = pathOf(linkIn(confirmation, `${base}/confirm/`));
  expect((await someone().post(confirm)).status).toBe(200);
  const welcome = (await mailsTo(t.mailDir, email))[1];
  if (!welcome) throw new Error("no welcome email");
  return {
    confirm,
    preferences: pathOf(linkIn(welcome, `${base}/preferences/`)),
    unsubscribe: pathOf(linkIn(welcome, `${base}/unsubscribe/`)),
    welcome,
  };
}

describe("confirming", () => {
  it("shows a button on GET and confirms only on POST, so a mail scanner opening the link confirms nothing", async () => {
    await someone().post("/subscribe", { email: "maya@example.org", topics: "events" });
    const [mail] = await mailsTo(t.mailDir, "maya@example.org");
    const link = linkIn(mail as NonNullable<typeof mail>, `${base}/confirm/`);

    const page = await someone().get(pathOf(link));
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("maya@example.org");
    expect(html).toMatch(
      /<form method="post" action="\/confirm\/[^"]+\?lang=id"><button type="submit">Konfirmasi<\/button>/,
    );
    expect((await rowOf("maya@example.org"))?.status).toBe("pending");

    const done = await someone().post(pathOf(link));
    expect(done.status).toBe(200);
    expect(await done.text()).toContain("Langganan aktif");
    const row = await rowOf("maya@example.org");
    expect(row).toMatchObject({ status: "active" });
    expect(row?.confirmedAt?.toISOString()).toBe(t.clock.now().toISOString());
    const consent = await consentOf(row?.id ?? "");
    expect(consent.map((c) => [c.action, c.method])).toEqual([
      ["requested", "web_form"],
      ["confirmed", "email_link"],
    ]);
    expect(consent[1]?.wording).toContain("UU No. 27 Tahun 2022");
    expect(consent[1]?.details).toEqual({ topics: ["events"] });
  });

  it("sends a welcome email with the manage links and list headers; confirming twice is harmless", async () => {
    const { confirm, welcome } = await subscribed("dewi@example.org", { name: "Dewi" });
    expect(welcome.parsed.subject).toBe("Selamat datang di kabar Perpustakaan Kota Manado");
    expect(welcome.parsed.text).toContain("Halo Dewi");
    expect(welcome.parsed.text).toContain("Acara perpustakaan dan Kegiatan anak");
    expect(welcome.parsed.html).toContain(`${base}/unsubscribe/`);
    const token = pathOf(linkIn(welcome, `${base}/unsubscribe/`)).split("/")[2];
    expect(headerOf(welcome, "List-Unsubscribe")).toBe(
      `<${base}/unsubscribe/${token}>, <mailto:unsubscribe@localhost?subject=unsubscribe%20${token}>`,
    );
    expect(headerOf(welcome, "List-Unsubscribe-Post")).toBe("List-Unsubscribe=One-Click");
    expect(headerOf(welcome, "List-Id")).toBe("Perpustakaan Kota Manado <newsletter.localhost>");

    const again = await someone().post(confirm);
    expect(again.status).toBe(200);
    expect(await again.text()).toContain("sudah aktif");
    expect(await mailsTo(t.mailDir, "dewi@example.org")).toHaveLength(2);
    const row = await rowOf("dewi@example.org");
    expect((await consentOf(row?.id ?? "")).filter((c) => c.action === "confirmed")).toHaveLength(
      1,
    );
  });

  it("does not resubscribe someone who unsubscribed with an old confirmation link", async () => {
    const { confirm, unsubscribe } = await subscribed("old@example.org");
    await someone().post(unsubscribe);
    const res = await someone().post(confirm);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("tidak berlaku lagi");
    expect((await rowOf("old@example.org"))?.status).toBe("unsubscribed");
  });
});

describe("preferences", () => {
  it("shows topics and language without the patron's name, and saves changes", async () => {
    const { preferences } = await subscribed("sari@example.org", { name: "Sari Wenas" });
    const page = await someone().get(preferences);
    expect(page.status).toBe(200);
    expect(page.headers.get("cache-control")).toBe("no-store");
    const html = await page.text();
    expect(html).toContain("sari@example.org");
    expect(html).not.toContain("Sari Wenas");
    expect(html).toContain('value="events" checked');
    expect(html).toContain(`href="${preferences}/data"`);

    const saved = await someone().post(`${preferences}?lang=en`, {
      locale: "en",
      topics: ["new_books", "literacy_sessions"],
    });
    expect(saved.status).toBe(303);
    const after = await someone().get(pathOf(`${base}${saved.headers.get("location")}`));
    expect(await after.text()).toContain("Your choices are saved.");

    const row = await rowOf("sari@example.org");
    expect(row).toMatchObject({ locale: "en", topics: ["literacy_sessions", "new_books"] });
    const last = (await consentOf(row?.id ?? "")).at(-1);
    expect(last).toMatchObject({
      action: "topics_changed",
      method: "web_form",
      wording: "Send me news only about the topics I ticked.",
      details: {
        topics: ["literacy_sessions", "new_books"],
        previousTopics: ["events", "children"],
      },
    });
  });

  it("opens in the subscriber's own language, and records nothing when only the language changes", async () => {
    const { preferences } = await subscribed("lang@example.org", { locale: "en" });
    expect(await (await someone().get(preferences)).text()).toContain('<html lang="en">');
    const row = await rowOf("lang@example.org");
    const before = (await consentOf(row?.id ?? "")).length;
    await someone().post(preferences, { locale: "id", topics: ["events", "children"] });
    expect((await rowOf("lang@example.org"))?.locale).toBe("id");
    expect(await consentOf(row?.id ?? "")).toHaveLength(before);
  });

  it("refuses to save no topics at all (400) and changes nothing", async () => {
    const { preferences } = await subscribed("none@example.org");
    const res = await someone().post(preferences, { locale: "en" });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("Pilih paling sedikit satu topik.");
    expect((await rowOf("none@example.org"))?.topics).toEqual(["events", "children"]);
  });

  it("hands out the patron's data as a JSON download", async () => {
    const { preferences } = await subscribed("data@example.org", { name: "Data" });
    const res = await someone().get(`${preferences}/data`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename=".+\.json"$/);
    const data = await expectJson(res, 200);
    expect(data.subscriber).toMatchObject({
      email: "data@example.org",
      name: "Data",
      status: "active",
      topics: ["events", "children"],
    });
    expect(data.consent.map((c: { action: string }) => c.action)).toEqual([
      "requested",
      "confirmed",
    ]);
    expect(data.consent[0].wording).toContain("Saya ingin menerima kabar");
    expect(data.emails).toMatchObject([
      { kind: "confirm", status: "sent" },
      { kind: "welcome", status: "sent" },
    ]);
    expect(data.newsletters).toEqual([]);
  });

  it("deletes the patron and their consent records after a confirmation page; the links then lead to a friendly 404", async () => {
    const { preferences, unsubscribe } = await subscribed("gone@example.org");
    const id = (await rowOf("gone@example.org"))?.id ?? "";
    const ask = await someone().get(`${preferences}/delete`);
    expect(ask.status).toBe(200);
    expect(await ask.text()).toContain("Ya, hapus data saya");
    expect(await rowOf("gone@example.org")).toBeDefined();

    const done = await someone().post(`${preferences}/delete`);
    expect(done.status).toBe(200);
    expect(await done.text()).toContain("Data Anda sudah dihapus");
    expect(await rowOf("gone@example.org")).toBeUndefined();
    expect(await consentOf(id)).toEqual([]);

    for (const [method, path] of [
      ["GET", preferences],
      ["GET", `${preferences}/data`],
      ["POST", `${preferences}/delete`],
      ["POST", unsubscribe],
    ] as const) {
      const res = method === "GET" ? await someone().get(path) : await someone().post(path);
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(await res.text()).toContain("Tautan tidak ditemukan");
    }
  });
});

describe("unsubscribing", () => {
  it("takes the RFC 8058 one-click POST: no cookies, no page, 200, recorded as one_click", async () => {
    const { unsubscribe } = await subscribed("click@example.org");
    const res = await t.app.request(`${base}${unsubscribe}`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "List-Unsubscribe=One-Click",
    });
    expect(res.status).toBe(200);
    const row = await rowOf("click@example.org");
    expect(row).toMatchObject({ status: "unsubscribed" });
    expect(row?.unsubscribedAt).not.toBeNull();
    expect((await consentOf(row?.id ?? "")).at(-1)).toMatchObject({
      action: "unsubscribed",
      method: "one_click",
      wording: null,
    });

    // Idempotent: again answers 200 and records nothing more.
    const again = await someone().post(unsubscribe, { "List-Unsubscribe": "One-Click" });
    expect(again.status).toBe(200);
    expect(
      (await consentOf(row?.id ?? "")).filter((c) => c.action === "unsubscribed"),
    ).toHaveLength(1);
  });

  it("shows a page with a button on GET (which changes nothing) and records the wording shown on POST", async () => {
    const { unsubscribe } = await subscribed("page@example.org", { locale: "en" });
    const page = await someone().get(unsubscribe);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("I no longer want to receive news from Perpustakaan Kota Manado.");
    expect((await rowOf("page@example.org"))?.status).toBe("active");

    const res = await someone().post(`${unsubscribe}?lang=en`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("You have unsubscribed");
    const row = await rowOf("page@example.org");
    expect((await consentOf(row?.id ?? "")).at(-1)).toMatchObject({
      action: "unsubscribed",
      method: "web_form",
      wording: "I no longer want to receive news from Perpustakaan Kota Manado.",
    });
    expect(await (await someone().get(unsubscribe)).text()).toContain("You have unsubscribed");
  });

  it("can subscribe again through the form, with a fresh confirmation", async () => {
    const { unsubscribe } = await subscribed("back@example.org");
    await someone().post(unsubscribe);
    await someone().post("/subscribe", { email: "back@example.org", topics: "new_books" });
    expect(await rowOf("back@example.org")).toMatchObject({
      status: "pending",
      topics: ["new_books"],
      unsubscribedAt: null,
    });
    const mails = await mailsTo(t.mailDir, "back@example.org");
    expect(mails.at(-1)?.parsed.subject).toMatch(/^Konfirmasi langganan/);
  });
});

describe("forged and mangled links", () => {
  it("answers every token page with the friendly 404, never a 500", async () => {
    const { confirm, preferences } = await subscribed("real@example.org");
    const confirmToken = confirm.split("/")[2] ?? "";
    const manageToken = preferences.split("/")[2] ?? "";
    const forged = `${manageToken.slice(0, 23)}${"A".repeat(22)}`;
    const tokens = [
      forged,
      "not-a-token",
      `${manageToken}x`,
      "%E0%A4%A",
      // Signed for confirming, not for managing (and the other way round below).
      confirmToken,
    ];
    for (const token of tokens) {
      for (const path of [
        `/preferences/${token}`,
        `/unsubscribe/${token}`,
        `/preferences/${token}/data`,
      ]) {
        const res = await someone().get(path);
        expect(res.status, path).toBe(404);
        expect(await res.text()).toContain("Tautan tidak ditemukan");
      }
      expect(
        (await someone().post(`/unsubscribe/${token}`, { "List-Unsubscribe": "One-Click" })).status,
      ).toBe(404);
    }
    expect((await someone().get(`/confirm/${manageToken}`)).status).toBe(404);
    expect((await someone().post(`/confirm/${forged}`)).status).toBe(404);
    expect((await rowOf("real@example.org"))?.status).toBe("active");
  });
});
