import nodemailer from "nodemailer";
import { type Clock, systemClock } from "../shared/clock.js";
import { type Mailer, outcomeOfError } from "./mailer.js";
import { addressOf, buildMime } from "./mime.js";

export interface SmtpMailerOptions {
  url: string;
  from: string;
  /** Parallel connections of the pool. */
  maxConnections?: number;
  /** Dates the messages (the Date header); the process's clock. */
  clock?: Clock;
}

/**
 * One pooled SMTP transport for the process. Pooled connections stay open across messages
 * (maxMessages: Infinity): reconnecting and waiting for each greeting halves throughput.
 */
export function createSmtpMailer(options: SmtpMailerOptions): Mailer {
  const transport = nodemailer.createTransport({
    url: options.url,
    pool: true,
    maxConnections: options.maxConnections ?? 4,
    maxMessages: Number.POSITIVE_INFINITY,
    connectionTimeout: 30_000,
    greetingTimeout: 30_000,
    socketTimeout: 60_000,
  });
  return {
    mode: "smtp",
    async send(message) {
      try {
        const raw = buildMime(message, options.from, (options.clock ?? systemClock).now());
        const info = await transport.sendMail({
          envelope: { from: addressOf(options.from), to: [message.to] },
          // The Message-ID the raw message carries; unset, nodemailer would make up one per send.
          messageId: message.messageId,
          // A Buffer goes to the socket in large chunks; a string would be written in small ones.
          raw: Buffer.from(raw, "utf8"),
        });
        return { kind: "sent", response: String(info.response ?? "") };
      } catch (err) {
        return outcomeOfError(err);
      }
    },
    async close() {
      transport.close();
    },
  };
}
