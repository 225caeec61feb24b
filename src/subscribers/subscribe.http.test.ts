import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { createTestApp, expectJson, type TestApp } from "../../test/support/app.js";
import {
  browser,
  headerOf,
  linkIn,
  type Mail,
  mailsTo,
  pathOf,
  sendOwedEmails,
} from "../../test/support/patron.js";
import { consentRecords, patronEmails, subscribers } from "../db/schema/index.js";
import { tick } from "../scheduler/tick.js";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});

let clients = 0;
/** A fresh client address per call, so tests do not share a rate-limit window by accident. */
const someone = () => browser(t, `203.0.113.${++clients}`);

const signUp = (email: string, fields: Record<string, string | string[]> = {}) =>
  someone().post("/subscribe", { email, locale: "id", topics: ["events", "new_books"], ...fields });

const rowOf = async (email: string) =>
  (await t.deps.db.select().from(subscribers).where(eq(subscribers.email, email)))[0];

async function confirmFromMail(email: string) {
  const [mail] = (await mailsTo(t.mailDir, email)).filter((m) =>
    /konfirmasi|confirm/i.test(m.parsed.subject ?? ""),
  );
  if (!mail) throw new Error(`no confirmation mail to ${email}`);
  const res = await someone().post(pathOf(linkIn(mail, `${t.deps.config.publicBaseUrl}/confirm/`)));
  expect(res.status).toBe(200);
}

describe("the sign-up page", () => {
  it("shows the form in Bahasa Indonesia by default, with every topic and the consent wording", async () => {
    const res = await someone().get("/subscribe");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/text\/html/);
    const page = await res.text();
    expect(page).toContain('<html lang="id">');
    expect(page).toContain("Berlangganan kabar perpustakaan");
    expect(page).toContain('<a href="/subscribe?lang=en" hreflang="en" lang="en">English</a>');
    for (const topic of ["events", "literacy_sessions", "children", "new_books"]) {
      expect(page).toContain(`value="${topic}"`);
    }
    expect(page).toContain("UU No. 27 Tahun 2022");
    expect(page).not.toMatch(/<script/i);
  });

  it("speaks English when asked by ?lang= or by the browser, and ?lang= wins", async () => {
    const byQuery = await (await someone().get("/subscribe?lang=en")).text();
    expect(byQuery).toContain('<html lang="en">');
    expect(byQuery).toContain("Subscribe to library news");
    expect(byQuery).toContain(
      '<a href="/subscribe?lang=id" hreflang="id" lang="id">Bahasa Indonesia</a>',
    );
    const byBrowser = await (
      await someone().get("/subscribe", { "accept-language": "en-GB,en;q=0.9,id;q=0.5" })
    ).text();
    expect(byBrowser).toContain('<html lang="en">');
    const both = await (
      await someone().get("/subscribe?lang=id", { "accept-language": "en" })
    ).text();
    expect(both).toContain('<html lang="id">');
  });

  it("needs no API token and is not under the API's JSON errors", async () => {
    const res = await t.request("GET", "/subscribe", { token: null });
    expect(res.status).toBe(200);
  });
});

describe("signing up", () => {
  it("stores a pending subscriber, records the request with the wording shown, and sends a confirmation", async () => {
    const res = await signUp("  Rina.Lumowa@Example.ORG ", { name: "Rina", topics: ["children"] });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("Periksa email Anda");

    const row = await rowOf("rina.lumowa@example.org");
    expect(row).toMatchObject({
      status: "pending",
      name: "Rina",
      locale: "id",
      topics: ["children"],
    });
    const consent = await t.deps.db
      .select()
      .from(consentRecords)
      .where(eq(consentRecords.subscriberId, row?.id ?? ""));
    expect(consent).toHaveLength(1);
    expect(consent[0]).toMatchObject({
      action: "requested",
      method: "web_form",
      details: { topics: ["children"] },
    });
    expect(consent[0]?.wording).toContain(
      "Saya ingin menerima kabar dari Perpustakaan Kota Manado",
    );
    expect(Object.keys(consent[0] ?? {})).not.toContain("ip");

    const [mail] = await mailsTo(t.mailDir, "rina.lumowa@example.org");
    expect(mail?.parsed.subject).toBe("Konfirmasi langganan kabar Perpustakaan Kota Manado");
    expect(mail?.parsed.text).toContain("Kegiatan anak");
    expect(mail?.parsed.html).toContain("/confirm/");
    expect(mail?.parsed.messageId).toMatch(/@localhost>$/);
    // Not a list message yet: nobody has agreed to anything.
    expect(headerOf(mail as Mail, "List-Unsubscribe")).toBeUndefined();
  });

  it("records the English wording when the English page was shown, and the chosen email language", async () => {
    await someone().post("/subscribe?lang=en", {
      email: "tom@example.org",
      locale: "en",
      topics: "new_books",
    });
    const row = await rowOf("tom@example.org");
    expect(row).toMatchObject({ locale: "en", topics: ["new_books"] });
    const [consent] = await t.deps.db
      .select()
      .from(consentRecords)
      .where(eq(consentRecords.subscriberId, row?.id ?? ""));
    expect(consent?.wording).toMatch(/^I want to receive news from Perpustakaan Kota Manado/);
    const [mail] = await mailsTo(t.mailDir, "tom@example.org");
    expect(mail?.parsed.subject).toBe("Confirm your subscription to Perpustakaan Kota Manado news");
  });

  it("gives the same answer for a new, a pending and an active address; only the email differs", async () => {
    await signUp("pending@example.org");
    await signUp("active@example.org");
    await confirmFromMail("active@example.org");

    const answers = await Promise.all(
      ["new@example.org", "pending@example.org", "active@example.org"].map(async (email) => {
        const res = await signUp(email, { name: "Someone else", topics: ["children"] });
        return { status: res.status, body: await res.text() };
      }),
    );
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[2]).toEqual(answers[0]);

    // The pending address gets its confirmation again; the active one a note with its links.
    const pending = await mailsTo(t.mailDir, "pending@example.org");
    expect(pending.map((m) => m.parsed.subject)).toEqual([
      "Konfirmasi langganan kabar Perpustakaan Kota Manado",
      "Konfirmasi langganan kabar Perpustakaan Kota Manado",
    ]);
    const note = (await mailsTo(t.mailDir, "active@example.org")).find((m) =>
      m.parsed.subject?.startsWith("Anda sudah berlangganan"),
    );
    expect(note?.parsed.text).toContain(`${t.deps.config.publicBaseUrl}/preferences/`);
    expect(headerOf(note as Mail, "List-Unsubscribe-Post")).toBe("List-Unsubscribe=One-Click");
    // A stranger cannot rewrite an active subscriber's choices.
    expect(await rowOf("active@example.org")).toMatchObject({
      name: null,
      topics: ["events", "new_books"],
      status: "active",
    });
  });

  it("accepts JSON and answers JSON", async () => {
    const res = await someone().post("/subscribe", {}, { "content-type": "application/json" });
    expect(res.status).toBe(400);
    const ok = await t.request("POST", "/subscribe", {
      token: null,
      headers: { "x-forwarded-for": "192.0.2.200" },
      body: { email: "json@example.org", topics: ["events"] },
    });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ status: "check_your_email" });
    expect(await rowOf("json@example.org")).toMatchObject({ status: "pending", locale: "id" });
  });
});

describe("bad sign-ups", () => {
  it("re-shows the form with what was typed and what to fix, and stores nothing", async () => {
    const res = await someone().post("/subscribe", {
      email: "not-an-address",
      name: "Budi <b>",
      locale: "fr",
      topics: ["events", "gossip"],
    });
    expect(res.status).toBe(400);
    const page = await res.text();
    expect(page).toContain("Periksa isian yang ditandai.");
    expect(page).toContain("Tulis alamat email yang benar");
    expect(page).toContain("Pilih bahasa email.");
    expect(page).toContain("Pilih paling sedikit satu topik.");
    expect(page).toContain('value="not-an-address"');
    // What was typed comes back escaped.
    expect(page).toContain('value="Budi &lt;b&gt;"');
    expect(page).not.toContain("Budi <b>");
    expect(await rowOf("not-an-address")).toBeUndefined();
  });

  it.each([
    ["no topics", { email: "a@example.org" }],
    [
      "an address over 254 characters",
      { email: `${"a".repeat(60)}@${"b".repeat(190)}.example.org`, topics: "events" },
    ],
    ["two @ signs", { email: "a@b@example.org", topics: "events" }],
    [
      "a name over 100 characters",
      { email: "long@example.org", name: "x".repeat(101), topics: "events" },
    ],
  ])("refuses %s with 400", async (_, fields) => {
    const before = await t.deps.db.select().from(subscribers);
    const res = await someone().post("/subscribe", fields);
    expect(res.status).toBe(400);
    expect(await t.deps.db.select().from(subscribers)).toHaveLength(before.length);
  });

  it("answers JSON errors with field paths for a JSON client", async () => {
    const res = await t.request("POST", "/subscribe?lang=en", {
      token: null,
      headers: { "x-forwarded-for": "192.0.2.201" },
      body: { email: "nope", topics: [] },
    });
    expect(res.status).toBe(400);
    const body = await expectJson(res, 400);
    expect(body.error.code).toBe("validation_failed");
    expect(body.error.details.issues.map((i: { path: string }) => i.path)).toEqual([
      "body.email",
      "body.topics",
    ]);
  });

  it("refuses a body over 16 KB with 413", async () => {
    const res = await someone().post("/subscribe", {
      email: "big@example.org",
      name: "x".repeat(20_000),
      topics: "events",
    });
    expect(res.status).toBe(413);
    expect(await rowOf("big@example.org")).toBeUndefined();
  });
});

describe("rate limiting", () => {
  it("allows 5 sign-ups per client in 10 minutes, then answers 429 until the window passes", async () => {
    const client = browser(t, "198.51.100.77");
    for (let i = 0; i < 5; i++) {
      const res = await client.post("/subscribe", {
        email: `burst${i}@example.org`,
        topics: "events",
      });
      expect(res.status).toBe(200);
    }
    const blocked = await client.post("/subscribe", {
      email: "burst5@example.org",
      topics: "events",
    });
    expect(blocked.status).toBe(429);
    expect(blocked.headers.get("retry-after")).toBe("600");
    expect(await blocked.text()).toContain("Terlalu banyak percobaan");
    expect(await rowOf("burst5@example.org")).toBeUndefined();
    // Another client is not affected.
    expect(
      (await someone().post("/subscribe", { email: "other@example.org", topics: "events" })).status,
    ).toBe(200);

    t.clock.advance(10 * 60_000 + 1);
    const later = await client.post("/subscribe", {
      email: "burst5@example.org",
      topics: "events",
    });
    expect(later.status).toBe(200);
  });

  it("limits one address to 5 sign-ups in 10 minutes, whichever clients send them", async () => {
    for (let i = 0; i < 5; i++) {
      expect((await signUp("flood@example.org")).status).toBe(200);
    }
    expect((await signUp("flood@example.org")).status).toBe(429);
    expect(await mailsTo(t.mailDir, "flood@example.org")).toHaveLength(5);
  });

  it("behind a proxy, counts the address the proxy saw, whatever the client wrote before it", async () => {
    // The client makes up an address each time; the proxy appends the one it really saw.
    await expectSixthRefused(t, (i) => `10.0.0.${i}, 198.51.100.88`, "proxied");
  });

  it("without a proxy, ignores X-Forwarded-For: a made-up address is no way around the limit", async () => {
    const direct = await createTestApp({ config: { trustedProxies: 0 } });
    await expectSixthRefused(direct, (i) => `10.1.0.${i}`, "direct");
  });
});

/** Five sign-ups, each claiming another X-Forwarded-For, pass; a sixth is refused. */
async function expectSixthRefused(app: TestApp, forwardedFor: (i: number) => string, name: string) {
  const signUpAs = (i: number) =>
    browser(app, forwardedFor(i)).post("/subscribe", {
      email: `${name}${i}@example.org`,
      topics: "events",
    });
  for (let i = 0; i < 5; i++) expect((await signUpAs(i)).status).toBe(200);
  expect((await signUpAs(9)).status).toBe(429);
}

describe("sign-ups nobody confirms", () => {
  it("are deleted with their consent records 30 days after the last request; the email says so", async () => {
    const app = await createTestApp({ now: "2026-12-01T01:00:00Z" });
    const DAY = 86_400_000;
    const ask = (email: string) =>
      browser(app, `203.0.113.${++clients}`).post("/subscribe", { email, topics: "events" });
    const row = async (email: string) =>
      (await app.deps.db.select().from(subscribers).where(eq(subscribers.email, email)))[0];
    const confirmPath = async (email: string) => {
      const [mail] = await mailsTo(app.mailDir, email);
      expect(mail?.parsed.text).toContain("kami hapus setelah 30 hari");
      return pathOf(linkIn(mail as Mail, `${app.deps.config.publicBaseUrl}/confirm/`));
    };

    await ask("lupa@example.org"); // never confirms
    await ask("ulang@example.org"); // asks again on day 20
    await ask("aktif@example.org"); // confirms
    const forgotten = await row("lupa@example.org");
    const forgottenLink = await confirmPath("lupa@example.org");
    expect((await browser(app).post(await confirmPath("aktif@example.org"))).status).toBe(200);

    app.clock.advance(20 * DAY);
    await ask("ulang@example.org");
    app.clock.advance(10 * DAY - 60_000);
    expect((await tick(app.deps, { workerId: "test" })).purgedSignUps).toBe(0);

    app.clock.advance(120_000);
    expect((await tick(app.deps, { workerId: "test" })).purgedSignUps).toBe(1);
    expect(await row("lupa@example.org")).toBeUndefined();
    const consent = await app.deps.db
      .select()
      .from(consentRecords)
      .where(eq(consentRecords.subscriberId, forgotten?.id ?? ""));
    expect(consent).toEqual([]);
    expect(await row("ulang@example.org")).toMatchObject({ status: "pending" });
    expect(await row("aktif@example.org")).toMatchObject({ status: "active" });
    // The old link finds nobody, and says so.
    expect((await browser(app).get(forgottenLink)).status).toBe(404);
  });
});

describe("the emails a sign-up owes", () => {
  it("go out only while they still apply: no welcome once the patron has unsubscribed", async () => {
    const app = await createTestApp();
    await browser(app).post("/subscribe", { email: "berubah@example.org", topics: "events" });
    const [confirmation] = await mailsTo(app.mailDir, "berubah@example.org");
    const confirmPath = pathOf(
      linkIn(confirmation as Mail, `${app.deps.config.publicBaseUrl}/confirm/`),
    );
    // Confirmed (a welcome is owed), then unsubscribed before any sender ran.
    expect((await app.request("POST", confirmPath, { token: null })).status).toBe(200);
    const id =
      (
        await app.deps.db
          .select()
          .from(subscribers)
          .where(eq(subscribers.email, "berubah@example.org"))
      )[0]?.id ?? "";
    const unsubscribed = await app.request(
      "POST",
      `/unsubscribe/${app.deps.links.sign("manage", id)}`,
      {
        token: null,
        raw: "List-Unsubscribe=One-Click",
        headers: { "content-type": "application/x-www-form-urlencoded" },
      },
    );
    expect(unsubscribed.status).toBe(200);

    await sendOwedEmails(app);
    expect(
      (await mailsTo(app.mailDir, "berubah@example.org")).map((m) => m.parsed.subject),
    ).toEqual(["Konfirmasi langganan kabar Perpustakaan Kota Manado"]);
    const owed = await app.deps.db
      .select()
      .from(patronEmails)
      .where(eq(patronEmails.subscriberId, id))
      .orderBy(patronEmails.id);
    expect(owed).toMatchObject([
      { kind: "confirm", status: "sent" },
      { kind: "welcome", status: "skipped", lastError: "The subscriber is unsubscribed now" },
    ]);
  });
});
