import type { AddressInfo } from "node:net";
import { type ParsedMail, simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

/**
 * A real SMTP server for tests (smtp-server), keeping every message it accepts, parsed by
 * mailparser. Faults are set per test: a reply for some recipients (550 for a bad address, 451 or
 * 421 for throttling), or a dropped connection at the DATA stage.
 */
export interface ReceivedMail {
  /** Envelope recipients. */
  to: string[];
  raw: string;
  parsed: ParsedMail;
}

/** What the sink answers to one RCPT TO, or null to accept. */
export type RecipientFault = (
  address: string,
  attempt: number,
) => { code: number; message: string } | null;

export interface SmtpSink {
  url: string;
  port: number;
  received: ReceivedMail[];
  /** Messages to this address (envelope), oldest first. */
  to(address: string): ReceivedMail[];
  /** Faults for RCPT TO; `attempt` counts the address's RCPT TOs so far, from 1. */
  setRecipientFault(fault: RecipientFault | null): void;
  /** Drops the connection instead of answering the next `count` DATA commands. */
  dropNextData(count: number): void;
  /** Resolves once `count` messages have arrived in total. */
  waitFor(count: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export async function startSmtpSink(options: { parse?: boolean } = {}): Promise<SmtpSink> {
  const parse = options.parse ?? true;
  const received: ReceivedMail[] = [];
  const rcptAttempts = new Map<string, number>();
  let fault: RecipientFault | null = null;
  let drops = 0;
  const waiters: { count: number; resolve: () => void }[] = [];
  const notify = () => {
    for (const waiter of [...waiters]) {
      if (received.length >= waiter.count) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
  };

  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    // No greeting delay: the sink should never be what a benchmark measures.
    closeTimeout: 100,
    onRcptTo(address, _session, callback) {
      const email = address.address.toLowerCase();
      const attempt = (rcptAttempts.get(email) ?? 0) + 1;
      rcptAttempts.set(email, attempt);
      const answer = fault?.(email, attempt);
      if (!answer) return callback();
      const err = new Error(answer.message) as Error & { responseCode: number };
      err.responseCode = answer.code;
      callback(err);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        if (drops > 0) {
          drops--;
          // The server vanishes mid-conversation: the client never hears whether it was taken.
          (session as unknown as { _socket?: { destroy(): void } })._socket?.destroy();
          for (const connection of server.connections) {
            if (connection.id === session.id) connection._socket.destroy();
          }
          return;
        }
        const raw = Buffer.concat(chunks).toString("utf8");
        const to = session.envelope.rcptTo.map((a) => a.address.toLowerCase());
        // Kept before the 250 goes out: once a client hears "queued", the test can see the mail.
        const done = (parsed: ParsedMail) => {
          received.push({ to, raw, parsed });
          notify();
          callback(null, "250 OK: queued");
        };
        if (parse) simpleParser(raw).then(done, (err: Error) => callback(err));
        else done({} as ParsedMail);
      });
    },
  });
  // A client killed mid-conversation resets its socket: expected in crash tests, not an error.
  server.on("error", () => {});
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.server.address() as AddressInfo).port;

  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    received,
    to: (address) => received.filter((mail) => mail.to.includes(address.toLowerCase())),
    setRecipientFault(next) {
      fault = next;
    },
    dropNextData(count) {
      drops = count;
    },
    waitFor(count, timeoutMs = 10_000) {
      if (received.length >= count) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`SMTP sink: ${received.length} of ${count} messages arrived`)),
          timeoutMs,
        );
        waiters.push({
          count,
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
        });
      });
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
