import { load } from "cheerio";
import { count } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, expectJson, type TestApp, testConfig } from "../../test/support/app.js";
import { type SmtpSink, startSmtpSink } from "../../test/support/smtp/sink.js";
import { newsletterRecipients } from "../db/schema/index.js";
import { createSmtpMailer } from "../mail/smtp.js";
import { createDecemberIssue, seedDecember } from "./test-fixtures.js";

let t: TestApp;
let sink: SmtpSink;
let issue: { id: string; subject: { id: string; en: string } };
beforeAll(async () => {
  sink = await startSmtpSink();
  const mail = {
    ...testConfig().mail,
    from: '"Perpustakaan Kota Manado" <warta@perpustakaan.example>',
    domain: "perpustakaan.example",
  };
  t = await createTestApp({
    config: { mail },
    mailer: createSmtpMailer({ url: sink.url, from: mail.from }),
  });
  await seedDecember(t);
  issue = await createDecemberIssue(t);
});
afterAll(async () => {
  await t.deps.mailer.close();
  await sink.close();
});

const testSend = (body: unknown, as: "editor" | "viewer" = "editor") =>
  t.request("POST", `/api/newsletters/${issue.id}/test-send`, { as, body });

describe("test send", () => {
  it("mails the whole issue, marked as a test, as multipart/alternative with both parts", async () => {
    const answer = await expectJson(
      testSend({ addresses: ["Humas@Perpustakaan.example", "kepala@perpustakaan.example"] }),
      200,
    );
    expect(answer.results).toEqual([
      { address: "humas@perpustakaan.example", outcome: "sent", message: expect.any(String) },
      { address: "kepala@perpustakaan.example", outcome: "sent", message: expect.any(String) },
    ]);
    await sink.waitFor(2);
    const [mail] = sink.to("humas@perpustakaan.example");
    if (!mail) throw new Error("no mail arrived");
    expect(mail.parsed.subject).toBe(`[UJI] ${issue.subject.id}`);
    expect(mail.raw).toMatch(/^Content-Type: multipart\/alternative;/im);
    expect(mail.parsed.messageId).toMatch(/^<[0-9a-f-]{36}@perpustakaan\.example>$/);
    expect(mail.parsed.from?.text).toBe('"Perpustakaan Kota Manado" <warta@perpustakaan.example>');

    const $ = load(mail.parsed.html || "");
    expect($("h2.section-title")).toHaveLength(4);
    expect(
      $("h3")
        .map((_, h) => $(h).text())
        .get(),
    ).toContain("Laut Bercerita");
    // Links lead to a page that explains them, never to a real subscription.
    expect(
      $(".footer a")
        .map((_, a) => $(a).attr("href"))
        .get(),
    ).toEqual([
      `${t.deps.config.publicBaseUrl}/newsletters/sample-link?lang=id&link=preferences`,
      `${t.deps.config.publicBaseUrl}/newsletters/sample-link?lang=id&link=unsubscribe`,
    ]);
    expect(mail.parsed.text).toContain("BUKU BARU DI RAK KAMI");
    expect(mail.parsed.text).toContain("* Kelas Literasi Digital Lansia");

    const [ledger] = await t.deps.db.select({ n: count() }).from(newsletterRecipients);
    expect(ledger?.n).toBe(0);
    const sampleLink = await t.app.request("/newsletters/sample-link?lang=id&link=unsubscribe");
    expect(sampleLink.status).toBe(200);
    expect(await sampleLink.text()).toContain("tautan contoh");
  });

  it("sends the English edition when asked, and tells which addresses the server refused", async () => {
    sink.setRecipientFault((address) =>
      address.startsWith("gone") ? { code: 550, message: "5.1.1 No such user here" } : null,
    );
    const answer = await expectJson(
      testSend({
        addresses: ["gone@perpustakaan.example", "staff@perpustakaan.example"],
        locale: "en",
      }),
      200,
    );
    sink.setRecipientFault(null);
    expect(answer.results[0]).toMatchObject({ outcome: "permanent" });
    expect(answer.results[0].message).toContain("No such user here");
    expect(answer.results[1]).toMatchObject({ outcome: "sent" });
    await sink.waitFor(3);
    const [mail] = sink.to("staff@perpustakaan.example");
    expect(mail?.parsed.subject).toBe(`[TEST] ${issue.subject.en}`);
    expect(mail?.parsed.text).toContain("NEW ON OUR SHELVES");
  });

  it("refuses more than 10 addresses, bad addresses and viewers, sending nothing", async () => {
    const before = sink.received.length;
    const eleven = Array.from({ length: 11 }, (_, i) => `staf${i}@perpustakaan.example`);
    const bad: [unknown, string][] = [
      [{ addresses: eleven }, "body.addresses"],
      [{ addresses: [] }, "body.addresses"],
      [{ addresses: ["bukan alamat"] }, "body.addresses.0"],
      [{ addresses: ["a@perpustakaan.example"], locale: "fr" }, "body.locale"],
    ];
    for (const [body, path] of bad) {
      const answer = await expectJson(testSend(body), 400);
      expect(answer.error.details.issues[0].path).toBe(path);
    }
    await expectJson(testSend({ addresses: ["a@perpustakaan.example"] }, "viewer"), 403);
    expect(sink.received.length).toBe(before);
  });
});
