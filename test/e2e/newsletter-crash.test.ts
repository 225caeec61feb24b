import { sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { createTestApp, expectJson, type TestApp } from "../support/app.js";
import { eventInput } from "../support/factories.js";
import { runningSenders } from "../support/newsletter.js";
import { approvedIssue } from "../support/newsletter-app.js";
import { type SmtpSink, startSmtpSink } from "../support/smtp/sink.js";

/**
 * Crash safety of newsletter sending, end to end: a sender process (`npm run send`) is SIGKILLed
 * at random moments of a 5,000-recipient issue and started again each time. At the end everyone
 * has the issue, and the only duplicates are messages that were in flight (claimed, not yet
 * recorded) at a kill, re-sent with the same Message-ID. Needs the Postgres server: the sender is
 * another process sharing the database.
 */

const RECIPIENTS = 5000;
const KILLS = 4;

describe.skipIf(!process.env.TEST_DATABASE_URL)(
  "a newsletter sender killed at random points",
  () => {
    let sink: SmtpSink;
    afterAll(() => sink?.close());

    it("delivers to everyone, duplicating at most what was in flight at each kill", async () => {
      sink = await startSmtpSink({ parse: false });
      // The child process runs on the real clock, so the test's clock starts at the real now.
      const now = new Date();
      const t = await createTestApp({ now: now.toISOString() });
      const id = await issueWithAnEvent(t, now);
      await t.deps.db.execute(sql`
      insert into subscribers (email, locale, topics, status, confirmed_at)
      select 'patron' || n || '@example.org', case when n % 3 = 0 then 'en' else 'id' end,
        '{events}', 'active', now()
      from generate_series(1, ${RECIPIENTS}) as n`);
      const senders = runningSenders({ DATABASE_URL: t.database.url ?? "", SMTP_URL: sink.url });

      const inFlightAtKills: number[] = [];
      for (let kill = 0; kill < KILLS; kill++) {
        const before = sink.received.length;
        const sender = await senders.start();
        // Somewhere in the middle of a batch, at a different point each time.
        const target = before + 150 + Math.floor(Math.random() * 700);
        await until(() => sink.received.length >= target, 60_000, sender.output);
        await sender.kill();
        const [row] = await rows<{ n: number }>(
          t,
          sql`select count(*)::int as n from newsletter_recipients where status = 'sending'`,
        );
        inFlightAtKills.push(row?.n ?? 0);
      }
      const last = await senders.start();
      await until(async () => (await status(t, id)) === "sent", 120_000, last.output);
      await last.stop();

      const byAddress = new Map<string, string[]>();
      for (const mail of sink.received) {
        const messageId = /^Message-ID:\s*(<[^>]+>)/im.exec(mail.raw)?.[1] ?? "";
        for (const to of mail.to) byAddress.set(to, [...(byAddress.get(to) ?? []), messageId]);
      }
      expect(byAddress.size).toBe(RECIPIENTS);
      const duplicates = sink.received.length - RECIPIENTS;
      const inFlight = inFlightAtKills.reduce((a, b) => a + b, 0);
      expect(duplicates).toBeLessThanOrEqual(inFlight);
      // A re-sent message is the same message: one Message-ID per recipient.
      for (const ids of byAddress.values()) expect(new Set(ids).size).toBe(1);
      const progress = await expectJson(t.request("GET", `/api/newsletters/${id}/progress`), 200);
      expect(progress).toMatchObject({
        status: "sent",
        total: RECIPIENTS,
        sent: RECIPIENTS,
        failed: 0,
      });
    }, 300_000);
  },
);

/** An approved issue for the coming month, with one event in it. */
async function issueWithAnEvent(t: TestApp, now: Date) {
  const day = (offset: number) =>
    new Date(now.getTime() + offset * 86_400_000).toISOString().slice(0, 10);
  await expectJson(
    t.request("POST", "/api/events", {
      as: "editor",
      body: eventInput({
        startsAt: `${day(10)}T10:00:00+08:00`,
        endsAt: `${day(10)}T12:00:00+08:00`,
      }),
    }),
    201,
  );
  return approvedIssue(t, { periodStart: day(1), periodEnd: day(30) });
}

async function status(t: TestApp, id: string) {
  const [row] = await rows<{ status: string }>(
    t,
    sql`select status from newsletters where id = ${id}`,
  );
  return row?.status;
}

async function rows<T>(t: TestApp, query: ReturnType<typeof sql>): Promise<T[]> {
  const result = await t.deps.db.execute(query);
  return Array.isArray(result) ? (result as T[]) : ((result as { rows: T[] }).rows ?? []);
}

async function until(
  check: () => boolean | Promise<boolean>,
  timeoutMs: number,
  output: () => string,
) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out; sender output:\n${output()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
