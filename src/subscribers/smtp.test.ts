import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp, testConfig } from "../../test/support/app.js";
import { headerOf, sendOwedEmails } from "../../test/support/patron.js";
import { type SmtpSink, startSmtpSink } from "../../test/support/smtp/sink.js";
import { patronEmails, subscribers } from "../db/schema/index.js";
import { createSmtpMailer } from "../mail/smtp.js";
import { PATRON_EMAIL_ATTEMPTS } from "./emails.js";

const publicBaseUrl = "https://warta.perpustakaan.example";

let sink: SmtpSink;
let t: TestApp;
beforeAll(async () => {
  sink = await startSmtpSink();
  const defaults = testConfig();
  const from = '"Perpustakaan Kota Manado" <warta@perpustakaan.example>';
  t = await createTestApp({
    mailer: createSmtpMailer({ url: sink.url, from }),
    config: {
      publicBaseUrl,
      mail: { ...defaults.mail, from, domain: "perpustakaan.example" },
    },
  });
});
afterAll(async () => {
  await t.deps.mailer.close();
  await sink.close();
});

const signUp = (email: string, client: string) =>
  t.request("POST", "/subscribe", {
    token: null,
    raw: `email=${encodeURIComponent(email)}&topics=events`,
    headers: { "content-type": "application/x-www-form-urlencoded", "x-forwarded-for": client },
  });

const rowOf = async (email: string) =>
  (await t.deps.db.select().from(subscribers).where(eq(subscribers.email, email)))[0];

const owedTo = (subscriberId = "") =>
  t.deps.db.select().from(patronEmails).where(eq(patronEmails.subscriberId, subscriberId));

describe("subscription emails over real SMTP", () => {
  it("confirm, welcome, then one-click unsubscribe through the List-Unsubscribe URL", async () => {
    const res = await t.request("POST", "/subscribe?lang=en", {
      token: null,
      raw: "email=nina%40example.org&locale=en&topics=events&topics=children",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        "x-forwarded-for": "192.0.2.1",
      },
    });
    expect(res.status).toBe(200);
    await sendOwedEmails(t);
    await sink.waitFor(1);
    const [confirmation] = sink.to("nina@example.org");
    expect(confirmation?.parsed.subject).toBe(
      "Confirm your subscription to Perpustakaan Kota Manado news",
    );
    const confirmLink = confirmation?.parsed.text?.match(/https:\/\/\S+\/confirm\/\S+/)?.[0] ?? "";
    expect(confirmLink.startsWith(`${publicBaseUrl}/confirm/`)).toBe(true);

    expect((await t.app.request(confirmLink, { method: "POST" })).status).toBe(200);
    await sendOwedEmails(t);
    await sink.waitFor(2);
    const welcome = sink.to("nina@example.org")[1];
    if (!welcome) throw new Error("no welcome email");
    const { parsed } = welcome;

    expect(parsed.messageId).toMatch(/^<[0-9a-f-]{36}@perpustakaan\.example>$/);
    expect(parsed.messageId).not.toBe(confirmation?.parsed.messageId);
    expect(headerOf(welcome, "Content-Type")).toMatch(/^multipart\/alternative;/);
    expect(parsed.text).toContain("Library events and Children's activities");
    expect(parsed.html).toContain("<h2");
    expect(parsed.html).toMatch(/style="[^"]+"/);
    expect(headerOf(welcome, "List-Unsubscribe-Post")).toBe("List-Unsubscribe=One-Click");
    expect(headerOf(welcome, "List-Id")).toBe(
      "Perpustakaan Kota Manado <newsletter.perpustakaan.example>",
    );
    const listUnsubscribe = headerOf(welcome, "List-Unsubscribe") ?? "";
    const [https, mailto] = [...listUnsubscribe.matchAll(/<([^>]+)>/g)].map((m) => m[1] ?? "");
    expect(https).toMatch(new RegExp(`^${publicBaseUrl}/unsubscribe/[\\w-]{22}\\.[\\w-]{22}$`));
    expect(mailto).toBe(
      `mailto:unsubscribe@perpustakaan.example?subject=unsubscribe%20${https?.split("/").pop()}`,
    );
    // The footer links are the same signed links, and nothing in the mail tracks the reader.
    expect(parsed.html).toContain(`href="${https}"`);
    expect(parsed.html).not.toMatch(/<img/i);

    // What a mail program's unsubscribe button does (RFC 8058): POST, no cookies, this body.
    const oneClick = await t.app.request(https ?? "", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "List-Unsubscribe=One-Click",
    });
    expect(oneClick.status).toBe(200);
    const [row] = await t.deps.db
      .select()
      .from(subscribers)
      .where(eq(subscribers.email, "nina@example.org"));
    expect(row?.status).toBe("unsubscribed");
  });

  it("answers the page at once; a refused email is recorded with the server's words", async () => {
    sink.setRecipientFault((address) =>
      address === "refused@example.org" ? { code: 550, message: "5.1.1 No such user" } : null,
    );
    const res = await signUp("refused@example.org", "192.0.2.2");
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("Periksa email Anda");
    await sendOwedEmails(t);
    sink.setRecipientFault(null);
    const row = await rowOf("refused@example.org");
    expect(row?.status).toBe("pending");
    expect(sink.to("refused@example.org")).toEqual([]);
    expect(await owedTo(row?.id)).toMatchObject([
      {
        kind: "confirm",
        status: "failed",
        attempts: 1,
        lastError: expect.stringContaining("5.1.1 No such user"),
      },
    ]);
  });

  it("loses no email while the mail server is throttling: it goes out on a later try", async () => {
    sink.setRecipientFault((address) =>
      address === "later@example.org" ? { code: 451, message: "4.7.1 Try again later" } : null,
    );
    expect((await signUp("later@example.org", "192.0.2.3")).status).toBe(200);
    await sendOwedEmails(t);
    const row = await rowOf("later@example.org");
    expect(await owedTo(row?.id)).toMatchObject([{ status: "pending", attempts: 1 }]);
    expect(sink.to("later@example.org")).toEqual([]);

    sink.setRecipientFault(null);
    await sendOwedEmails(t);
    expect(sink.to("later@example.org")).toEqual([]); // not before its backoff
    t.clock.advance(60 * 60_000);
    await sendOwedEmails(t);
    // Kept by the sink before its 250: sent means arrived.
    expect(sink.to("later@example.org")).toHaveLength(1);
    expect(await owedTo(row?.id)).toMatchObject([{ status: "sent", attempts: 2 }]);
  });

  it("keeps trying through a day-long outage, and gives up only after about two days", async () => {
    sink.setRecipientFault((address) =>
      address === "outage@example.org"
        ? { code: 421, message: "4.3.2 Service shutting down" }
        : null,
    );
    expect((await signUp("outage@example.org", "192.0.2.4")).status).toBe(200);
    const row = await rowOf("outage@example.org");
    const started = t.clock.now().getTime();
    const hoursGone = () => (t.clock.now().getTime() - started) / 3_600_000;
    for (let tries = 0; tries < 100; tries++) {
      await sendOwedEmails(t);
      const [owed] = await owedTo(row?.id);
      if (owed?.status !== "pending") break;
      if (hoursGone() < 24) expect(owed.attempts).toBeLessThan(PATRON_EMAIL_ATTEMPTS);
      t.clock.advance(2 * 60 * 60_000);
    }
    sink.setRecipientFault(null);
    expect(hoursGone()).toBeGreaterThan(36);
    expect(await owedTo(row?.id)).toMatchObject([
      {
        status: "failed",
        attempts: PATRON_EMAIL_ATTEMPTS,
        lastError: expect.stringContaining("421"),
      },
    ]);
  });
});
