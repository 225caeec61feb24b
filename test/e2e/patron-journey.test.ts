import { afterAll, beforeAll, expect, it } from "vitest";
import { createNewsletterSender } from "../../src/newsletters/send/sender.js";
import { tick } from "../../src/scheduler/tick.js";
import { expectJson, type TestApp } from "../support/app.js";
import {
  addNewsletterContent,
  approvedIssue,
  approveIssue,
  createMailingTestApp,
} from "../support/newsletter-app.js";
import { browser } from "../support/patron.js";
import { type ReceivedMail, type SmtpSink, startSmtpSink } from "../support/smtp/sink.js";

/**
 * A patron's whole journey over real SMTP: sign up, confirm from the email that arrives, choose
 * fewer topics, receive the monthly digest drafted by the digest rule with only those topics,
 * unsubscribe in one click from the mail program's button, and receive nothing more.
 */

let sink: SmtpSink;
let t: TestApp;
beforeAll(async () => {
  sink = await startSmtpSink();
  t = await createMailingTestApp(sink, {
    now: "2026-12-18T01:00:00Z",
    from: '"Perpustakaan Kota Manado" <warta@perpustakaan.example>',
  });
});
afterAll(() => sink.close());

const EMAIL = "maria.wenas@example.org";
const patron = () => browser(t, "198.51.100.7");
const mailsFor = () => sink.to(EMAIL);
const link = (mail: ReceivedMail | undefined, prefix: string) => {
  const found = (mail?.parsed.text ?? "")
    .match(/https?:\/\/\S+/g)
    ?.find((l) => l.startsWith(prefix));
  if (!found) throw new Error(`no ${prefix} link in:\n${mail?.parsed.text}`);
  const url = new URL(found);
  return `${url.pathname}${url.search}`;
};

async function sendEverything() {
  const sender = createNewsletterSender(t.deps);
  for (let i = 0; i < 10 && (await sender.round()).claimed > 0; i++);
}

it("subscribes, confirms, narrows topics, gets the digest with only them, unsubscribes in one click", async () => {
  const base = t.deps.config.publicBaseUrl;
  // January's programme, and a book bought in December.
  await addNewsletterContent(t, { workshopDay: "2027-01-09", bookAcquiredOn: "2026-12-15" });

  // 1. Sign up for events and new books; confirm from the email.
  expect(
    (
      await patron().post("/subscribe", {
        email: EMAIL,
        name: "Maria",
        locale: "id",
        topics: ["events", "new_books"],
      })
    ).status,
  ).toBe(200);
  await sink.waitFor(1);
  const confirmPath = link(mailsFor()[0], `${base}/confirm/`);
  expect((await patron().get(confirmPath)).status).toBe(200);
  expect((await patron().post(confirmPath)).status).toBe(200);
  await sink.waitFor(2);
  const welcome = mailsFor()[1];
  expect(welcome?.parsed.subject).toMatch(/selamat datang|terima kasih|berlangganan/i);

  // 2. New books only, from the preferences link in the welcome email.
  const preferences = link(welcome, `${base}/preferences/`);
  // Saved, then the browser is sent back to the page (POST, redirect, GET).
  const saved = await patron().post(preferences, { locale: "id", topics: ["new_books"] });
  expect(saved.status).toBe(303);
  expect(await (await patron().get(saved.headers.get("location") ?? "")).text()).toMatch(
    /tersimpan|disimpan/i,
  );

  // 3. On the 20th the digest rule drafts January's issue; staff approve it; it goes out.
  await expectJson(
    t.request("POST", "/api/rules", {
      as: "publisher",
      body: {
        name: "Kabar bulanan",
        trigger: "schedule",
        subject: "newsletters",
        cron: "0 9 20 * *",
        template: "newsletter",
        locale: "id",
        options: { cadence: "monthly" },
      },
    }),
    201,
  );
  t.clock.set("2026-12-20T01:05:00Z");
  const report = await tick(t.deps, { workerId: "journey" });
  expect(report.digests).toHaveLength(1);
  const issue = await expectJson(
    t.request("GET", `/api/newsletters/${report.digests[0]}`, { as: "viewer" }),
    200,
  );
  expect(issue.status).toBe("draft");
  await approveIssue(t, issue);
  await sendEverything();
  const digest = mailsFor()[2];
  expect(digest?.parsed.text).toContain("Bumi Manusia");
  expect(digest?.parsed.text).not.toContain("Lokakarya Menulis Puisi");
  expect(digest?.parsed.html).toContain("Bumi Manusia");

  // 4. The mail program's unsubscribe button: RFC 8058 one-click POST to the List-Unsubscribe URL.
  const header = (digest?.raw.split(/\r?\n\r?\n/)[0] ?? "").replace(/\r?\n[ \t]+/g, " ");
  const oneClick = /^List-Unsubscribe: <(https?:[^>]+)>/im.exec(header)?.[1];
  if (!oneClick) throw new Error("no List-Unsubscribe https URL");
  const res = await t.app.request(new URL(oneClick).pathname, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: "List-Unsubscribe=One-Click",
  });
  expect(res.status).toBe(200);

  // 5. The next issue goes to nobody: not to Maria.
  const next = await approvedIssue(t, { periodStart: "2027-01-01", periodEnd: "2027-01-31" });
  await sendEverything();
  expect(mailsFor()).toHaveLength(3);
  expect(
    await expectJson(t.request("GET", `/api/newsletters/${next}/progress`), 200),
  ).toMatchObject({ status: "sent", total: 0 });
});
