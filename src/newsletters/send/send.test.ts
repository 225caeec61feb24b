import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { expectJson, type TestApp } from "../../../test/support/app.js";
import {
  addNewsletterContent,
  approvedIssue as approvedIssueFor,
  createMailingTestApp,
} from "../../../test/support/newsletter-app.js";
import { type SmtpSink, startSmtpSink } from "../../../test/support/smtp/sink.js";
import { newsletterRecipients, subscribers } from "../../db/schema/index.js";
import { claimRecipients } from "./claim.js";
import { startDueNewsletters } from "./ledger.js";
import { createNewsletterSender } from "./sender.js";

/**
 * The sending side of newsletters against a real SMTP server: the ledger fixes the audience, each
 * recipient gets their language and topics, server refusals and throttling end up where staff can
 * see them, and pause, resume, cancel and retry do what they say.
 */

let sink: SmtpSink;
beforeAll(async () => {
  sink = await startSmtpSink();
});
afterAll(() => sink.close());
beforeEach(() => {
  sink.received.length = 0;
  sink.setRecipientFault(null);
});

async function setUp() {
  const t = await createMailingTestApp(sink, {
    now: "2026-12-01T01:00:00Z",
    from: '"Perpustakaan" <warta@perpustakaan.example>',
    config: { mail: { ...testMail(), perSecond: 10_000 } },
  });
  await addNewsletterContent(t, { workshopDay: "2026-12-12", bookAcquiredOn: "2026-11-28" });
  return t;
}

function testMail() {
  return {
    smtpUrl: null,
    from: '"Perpustakaan" <warta@perpustakaan.example>',
    domain: "perpustakaan.example",
    perSecond: 10_000,
    perHour: null,
    connections: 4,
    linkSecret: undefined,
  };
}

async function subscriber(
  t: TestApp,
  email: string,
  locale: string,
  topics: string[],
  status = "active",
) {
  const [row] = await t.deps.db
    .insert(subscribers)
    .values({
      email,
      locale,
      topics,
      status,
      confirmedAt: status === "active" ? t.clock.now() : null,
    })
    .returning();
  if (!row) throw new Error("no subscriber");
  return row;
}

const approvedIssue = (t: TestApp) =>
  approvedIssueFor(t, { periodStart: "2026-12-01", periodEnd: "2026-12-31" });

/** Rounds until nothing is claimed, moving the clock past any retry waits. */
async function sendAll(sender: ReturnType<typeof createNewsletterSender>, t: TestApp, rounds = 50) {
  for (let i = 0; i < rounds; i++) {
    const report = await sender.round();
    if (report.claimed === 0) {
      const [waiting] = await t.deps.db
        .select({ n: sql<number>`count(*)::int` })
        .from(newsletterRecipients)
        .where(eq(newsletterRecipients.status, "pending"));
      if (!waiting?.n) return;
      t.clock.advance(3 * 60 * 60_000);
    }
  }
  throw new Error("sending did not finish");
}

const progress = (t: TestApp, id: string) =>
  expectJson(t.request("GET", `/api/newsletters/${id}/progress`, { as: "viewer" }), 200);

describe("the sender loop's other mail", () => {
  it("sends the subscription emails patrons are owed, first, once", async () => {
    const t = await setUp();
    const signUp = await t.request("POST", "/subscribe", {
      token: null,
      raw: "email=daftar%40example.org&topics=events",
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(signUp.status).toBe(200);
    // The page answered without SMTP: nothing has gone out yet.
    expect(sink.received).toEqual([]);

    const sender = createNewsletterSender(t.deps);
    expect(await sender.round()).toMatchObject({ patronEmails: 1, claimed: 0 });
    expect(sink.to("daftar@example.org").map((mail) => mail.parsed.subject)).toEqual([
      "Konfirmasi langganan kabar Perpustakaan Kota Manado",
    ]);
    expect(await sender.round()).toMatchObject({ patronEmails: 0 });
    expect(sink.received).toHaveLength(1);
  });
});

describe("sending a newsletter", () => {
  it("sends each subscriber their language and topics, with the list headers, exactly once", async () => {
    const t = await setUp();
    const aniRow = await subscriber(t, "ani@example.org", "id", ["events", "new_books"]);
    await subscriber(t, "john@example.org", "en", ["new_books"]);
    await subscriber(t, "literasi@example.org", "id", ["literacy_sessions"]);
    await subscriber(t, "left@example.org", "id", ["events"], "unsubscribed");
    const id = await approvedIssue(t);

    await sendAll(createNewsletterSender(t.deps, { idleMs: 1 }), t);
    await sink.waitFor(2);

    expect(sink.received.map((m) => m.to[0]).sort()).toEqual([
      "ani@example.org",
      "john@example.org",
    ]);
    const [ani] = sink.to("ani@example.org");
    const [john] = sink.to("john@example.org");
    if (!ani || !john) throw new Error("missing mail");
    expect(ani.parsed.messageId).toMatch(/^<[0-9a-f-]{36}@perpustakaan\.example>$/);
    expect(ani.parsed.date).toBeInstanceOf(Date);
    expect(ani.raw).toMatch(/^Content-Type: multipart\/alternative/im);
    expect(ani.raw).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r?$/im);
    const headers = ani.raw.split(/\r?\n\r?\n/)[0]?.replace(/\r?\n[ \t]+/g, " ") ?? "";
    const unsubscribe = /^List-Unsubscribe: <(https?:[^>]+)>, <(mailto:[^>]+)>/im.exec(headers);
    expect(unsubscribe?.[1]).toMatch(/\/unsubscribe\/[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{22}$/);
    expect(unsubscribe?.[2]).toMatch(
      /^mailto:unsubscribe@perpustakaan\.example\?subject=unsubscribe%20/,
    );
    expect(ani.parsed.text).toContain("Lokakarya Menulis Puisi");
    expect(ani.parsed.text).toContain("Bumi Manusia");
    expect(ani.parsed.html).toContain(unsubscribe?.[1]);
    // John chose only new books, in English: no workshop, and the English edition.
    expect(john.parsed.text).toContain("Bumi Manusia");
    expect(john.parsed.text).not.toContain("Lokakarya Menulis Puisi");
    expect(john.parsed.subject).not.toBe(ani.parsed.subject);

    expect(await progress(t, id)).toMatchObject({
      status: "sent",
      total: 2,
      sent: 2,
      failed: 0,
      remaining: 0,
    });
    // Another round sends nothing more.
    await createNewsletterSender(t.deps).round();
    expect(sink.received).toHaveLength(2);

    // What Ani downloads of her data names the issue she was sent.
    const token = t.deps.links.sign("manage", aniRow.id);
    const data = await expectJson(
      t.request("GET", `/preferences/${token}/data`, { token: null }),
      200,
    );
    expect(data.newsletters).toEqual([
      { newsletterId: id, subject: ani.parsed.subject, status: "sent", sentAt: expect.any(String) },
    ]);
  });

  it("fixes the audience when sending starts, and skips whoever unsubscribes meanwhile", async () => {
    const t = await setUp();
    const leaving = await subscriber(t, "pergi@example.org", "id", ["events"]);
    await subscriber(t, "tetap@example.org", "id", ["events"]);
    const id = await approvedIssue(t);
    const sender = createNewsletterSender(t.deps, { batchSize: 1 });
    // The first round writes the ledger and sends to one of the two (ledger order).
    await sender.round();
    await t.deps.db
      .update(subscribers)
      .set({ status: "unsubscribed" })
      .where(eq(subscribers.id, leaving.id));
    await subscriber(t, "baru@example.org", "id", ["events"]);
    await sendAll(sender, t);

    const got = sink.received.map((m) => m.to[0]);
    expect(got).not.toContain("baru@example.org");
    expect(got).toContain("tetap@example.org");
    const p = await progress(t, id);
    expect(p.total).toBe(2);
    expect(p.sent + p.cancelled).toBe(2);
    expect(p.status).toBe("sent");
  });

  it("sends nothing to someone who deleted themselves meanwhile, and keeps no link to them", async () => {
    const t = await setUp();
    const leaving = await subscriber(t, "hapus@example.org", "id", ["events"]);
    await subscriber(t, "tetap@example.org", "id", ["events"]);
    const id = await approvedIssue(t);
    expect(await startDueNewsletters(t.deps.db, t.clock.now())).toEqual([{ id, recipients: 2 }]);
    expect((await t.request("DELETE", `/api/subscribers/${leaving.id}`)).status).toBe(204);
    await sendAll(createNewsletterSender(t.deps), t);

    expect(sink.received.map((m) => m.to[0])).toEqual(["tetap@example.org"]);
    const ledger = await t.deps.db
      .select({ subscriberId: newsletterRecipients.subscriberId })
      .from(newsletterRecipients)
      .where(eq(newsletterRecipients.newsletterId, id));
    expect(ledger).toHaveLength(2);
    expect(ledger.map((row) => row.subscriberId)).not.toContain(leaving.id);
    expect(await progress(t, id)).toMatchObject({
      total: 2,
      sent: 1,
      cancelled: 1,
      status: "sent",
    });
  });

  it("lists what the server refused with its words, retries throttled mail, and can retry the failed", async () => {
    const t = await setUp();
    for (const name of ["ok1", "ok2", "gone", "slow", "drop"]) {
      await subscriber(t, `${name}@example.org`, "id", ["events"]);
    }
    sink.setRecipientFault((address, attempt) => {
      if (address === "gone@example.org")
        return { code: 550, message: "5.1.1 Mailbox unavailable" };
      if (address === "slow@example.org" && attempt <= 2)
        return { code: 451, message: "4.7.1 Slow down" };
      return null;
    });
    const id = await approvedIssue(t);
    const sender = createNewsletterSender(t.deps, { batchSize: 10 });
    await sender.round();
    expect(sender.throttleMs).toBeGreaterThan(0);
    await sendAll(sender, t);

    expect(sink.to("slow@example.org")).toHaveLength(1);
    expect(sink.to("gone@example.org")).toHaveLength(0);
    expect(await progress(t, id)).toMatchObject({
      status: "sent",
      total: 5,
      sent: 4,
      failed: 1,
      remaining: 0,
    });
    const failed = await expectJson(
      t.request("GET", `/api/newsletters/${id}/failed`, { as: "publisher" }),
      200,
    );
    expect(failed.items).toEqual([
      expect.objectContaining({
        email: "gone@example.org",
        attempts: 1,
        lastError: expect.stringContaining("550 5.1.1 Mailbox unavailable"),
      }),
    ]);

    // The address is fixed on the server's side; staff retry the failed ones.
    sink.setRecipientFault(null);
    expect(
      await expectJson(
        t.request("POST", `/api/newsletters/${id}/retry-failed`, { as: "publisher" }),
        200,
      ),
    ).toMatchObject({
      status: "sending",
      remaining: 1,
    });
    await sendAll(sender, t);
    expect(sink.to("gone@example.org")).toHaveLength(1);
    expect(await progress(t, id)).toMatchObject({ status: "sent", sent: 5, failed: 0 });
  });

  it("survives a dropped connection by sending that message again", async () => {
    const t = await setUp();
    await subscriber(t, "putus@example.org", "id", ["events"]);
    const id = await approvedIssue(t);
    sink.dropNextData(1);
    await sendAll(createNewsletterSender(t.deps), t);
    expect(await progress(t, id)).toMatchObject({ status: "sent", sent: 1 });
    expect(sink.to("putus@example.org")).toHaveLength(1);
  });

  it("pauses, resumes and cancels between batches", async () => {
    const t = await setUp();
    for (let i = 0; i < 6; i++) await subscriber(t, `p${i}@example.org`, "id", ["events"]);
    const id = await approvedIssue(t);
    const sender = createNewsletterSender(t.deps, { batchSize: 2 });
    await sender.round();
    expect(
      await expectJson(t.request("POST", `/api/newsletters/${id}/pause`, { as: "publisher" }), 200),
    ).toMatchObject({
      status: "paused",
      sent: 2,
      remaining: 4,
    });
    expect((await sender.round()).claimed).toBe(0);
    await expectJson(t.request("POST", `/api/newsletters/${id}/pause`, { as: "publisher" }), 409);
    await expectJson(t.request("POST", `/api/newsletters/${id}/pause`, { as: "editor" }), 403);

    await expectJson(t.request("POST", `/api/newsletters/${id}/resume`, { as: "publisher" }), 200);
    expect((await sender.round()).sent).toBe(2);
    expect(
      await expectJson(
        t.request("POST", `/api/newsletters/${id}/cancel`, { as: "publisher" }),
        200,
      ),
    ).toMatchObject({
      status: "cancelled",
      sent: 4,
      remaining: 0,
      cancelled: 2,
    });
    expect((await sender.round()).claimed).toBe(0);
    expect(sink.received).toHaveLength(4);
  });

  it("re-sends what a dead sender had claimed, with the same Message-ID", async () => {
    const t = await setUp();
    await subscriber(t, "crash@example.org", "id", ["events"]);
    await approvedIssue(t);
    const sender = createNewsletterSender(t.deps, { leaseMs: 60_000 });
    // A sender that claims and then dies: its rows are held until the lease runs out.
    const { startDueNewsletters } = await import("./ledger.js");
    await startDueNewsletters(t.deps.db, t.clock.now());
    const [claimed] = await claimRecipients(t.deps.db, {
      now: t.clock.now(),
      limit: 10,
      leaseMs: 60_000,
      domain: "perpustakaan.example",
    });
    expect((await sender.round()).claimed).toBe(0);
    t.clock.advance(61_000);
    expect((await sender.round()).sent).toBe(1);
    const [mail] = sink.to("crash@example.org");
    expect(mail?.parsed.messageId).toBe(claimed?.messageId);
  });

  it("answers 404 and 409 clearly and changes nothing", async () => {
    const t = await setUp();
    await expectJson(
      t.request("GET", "/api/newsletters/00000000-0000-4000-8000-000000000000/progress"),
      404,
    );
    const issue = await expectJson(
      t.request("POST", "/api/newsletters", {
        as: "editor",
        body: { periodStart: "2026-12-01", periodEnd: "2026-12-31" },
      }),
      201,
    );
    const refused = await expectJson(
      t.request("POST", `/api/newsletters/${issue.id}/resume`, { as: "publisher" }),
      409,
    );
    expect(refused.error.message).toContain("draft");
    await expectJson(
      t.request("POST", `/api/newsletters/${issue.id}/retry-failed`, { as: "publisher" }),
      409,
    );
    await expectJson(
      t.request("GET", `/api/newsletters/${issue.id}/failed?cursor=nonsense`, { as: "publisher" }),
      400,
    );
    expect(await progress(t, issue.id)).toMatchObject({ status: "draft", total: 0 });
  });
});
