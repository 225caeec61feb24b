import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type SmtpSink, startSmtpSink } from "../../test/support/smtp/sink.js";
import type { MailMessage } from "./mailer.js";
import { createSmtpMailer } from "./smtp.js";

const message = (to: string, n = 1): MailMessage => ({
  to,
  subject: `Kabar perpustakaan ${n}`,
  html: "<p>Halo</p>",
  text: "Halo",
  messageId: `<test-${n}-${to}@perpustakaan.example>`,
  headers: { "List-Id": "Perpustakaan <newsletter.perpustakaan.example>" },
});

describe("the pooled SMTP mailer against a real SMTP server", () => {
  let sink: SmtpSink;
  beforeAll(async () => {
    sink = await startSmtpSink();
  });
  afterAll(() => sink.close());

  it("delivers both parts with the Message-ID and headers it was given", async () => {
    const mailer = createSmtpMailer({
      url: sink.url,
      from: '"Perpustakaan" <warta@perpustakaan.example>',
    });
    const outcome = await mailer.send(message("ani@example.org"));
    await mailer.close();
    expect(outcome.kind).toBe("sent");
    await sink.waitFor(1);
    const [mail] = sink.to("ani@example.org");
    expect(mail?.parsed.messageId).toBe("<test-1-ani@example.org@perpustakaan.example>");
    expect(mail?.parsed.text?.trim()).toBe("Halo");
    expect(mail?.parsed.html).toContain("<p>Halo</p>");
    expect(mail?.raw).toMatch(/^List-Id: Perpustakaan <newsletter.perpustakaan.example>\r?$/im);
  });

  it("tells a permanent refusal (5xx) from throttling (4xx) and from a dropped connection", async () => {
    sink.setRecipientFault((address) => {
      if (address.startsWith("gone")) return { code: 550, message: "5.1.1 No such user" };
      if (address.startsWith("slow")) return { code: 451, message: "4.7.1 Try again later" };
      return null;
    });
    const mailer = createSmtpMailer({ url: sink.url, from: "warta@perpustakaan.example" });
    const gone = await mailer.send(message("gone@example.org", 2));
    const slow = await mailer.send(message("slow@example.org", 3));
    sink.setRecipientFault(null);
    sink.dropNextData(1);
    const dropped = await mailer.send(message("budi@example.org", 4));
    const after = await mailer.send(message("budi@example.org", 5));
    await mailer.close();

    expect(gone).toMatchObject({ kind: "permanent", code: 550 });
    expect(gone.kind === "permanent" && gone.reason).toContain("No such user");
    expect(slow).toMatchObject({ kind: "temporary", code: 451 });
    expect(dropped).toMatchObject({ kind: "temporary", code: null });
    expect(after.kind).toBe("sent");
  });
});
