import type { Config } from "../../src/config.js";
import { createSmtpMailer } from "../../src/mail/smtp.js";
import { createTestApp, expectJson, type TestApp } from "./app.js";
import { acquisitionInput, eventInput } from "./factories.js";
import type { SmtpSink } from "./smtp/sink.js";

/** The real app mailing over SMTP into `sink`, so a test reads what a patron's server receives. */
export function createMailingTestApp(
  sink: SmtpSink,
  { from, ...options }: { now: string; from: string; config?: Partial<Config> },
): Promise<TestApp> {
  return createTestApp({ ...options, mailer: createSmtpMailer({ url: sink.url, from }) });
}

/**
 * Something for each newsletter topic: a poetry workshop (events) on `workshopDay`, WITA, and a
 * novel (new books) acquired on `bookAcquiredOn`. Tests tell the topics apart by these titles.
 */
export async function addNewsletterContent(
  t: TestApp,
  { workshopDay, bookAcquiredOn }: { workshopDay: string; bookAcquiredOn: string },
): Promise<void> {
  await expectJson(
    t.request("POST", "/api/events", {
      as: "editor",
      body: eventInput({
        title: "Lokakarya Menulis Puisi",
        startsAt: `${workshopDay}T10:00:00+08:00`,
        endsAt: `${workshopDay}T12:00:00+08:00`,
      }),
    }),
    201,
  );
  await expectJson(
    t.request("POST", "/api/acquisitions", {
      as: "editor",
      body: acquisitionInput({
        title: "Bumi Manusia",
        authors: ["Pramoedya Ananta Toer"],
        acquiredOn: bookAcquiredOn,
      }),
    }),
    201,
  );
}

/** Approves a newsletter at the version given (a publisher's click). */
export async function approveIssue(t: TestApp, issue: { id: string; version: number }) {
  await expectJson(
    t.request("POST", `/api/newsletters/${issue.id}/approve`, {
      as: "publisher",
      headers: { "if-match": `"${issue.version}"` },
      body: {},
    }),
    200,
  );
}

/** Composes the issue for a period and approves it; its id. */
export async function approvedIssue(
  t: TestApp,
  period: { periodStart: string; periodEnd: string },
): Promise<string> {
  const issue = await expectJson(
    t.request("POST", "/api/newsletters", { as: "editor", body: period }),
    201,
  );
  await approveIssue(t, issue);
  return issue.id as string;
}
