import type { Body } from "./quoted-printable.js";

/** One email as Warta sends it: always both parts, always its own Message-ID. */
export interface MailMessage {
  to: string;
  subject: string;
  html: Body;
  text: Body;
  /** With angle brackets: "<uuid@domain>". Chosen before sending, so a retry reuses it. */
  messageId: string;
  /** Extra headers, e.g. List-Id, List-Unsubscribe, List-Unsubscribe-Post. */
  headers?: Record<string, string>;
}

/**
 * How a send ended. The sender decides what follows: a temporary failure (4xx, a dropped
 * connection, a timeout) is retried with backoff; a permanent one (5xx) fails that recipient with
 * the server's words.
 */
export type SendOutcome =
  /** `preview` names the .eml file a preview-mode mailer wrote. */
  | { kind: "sent"; response: string; preview?: string }
  | { kind: "temporary"; code: number | null; reason: string }
  | { kind: "permanent"; code: number | null; reason: string };

export interface Mailer {
  mode: "smtp" | "preview";
  send(message: MailMessage): Promise<SendOutcome>;
  /** Ends pooled connections; waits for messages being sent. */
  close(): Promise<void>;
}

/** Reads an SMTP reply code from a nodemailer error; anything without one is a connection fault. */
export function outcomeOfError(err: unknown): SendOutcome {
  const e = (err ?? {}) as { responseCode?: unknown; response?: unknown; message?: unknown };
  const code = typeof e.responseCode === "number" ? e.responseCode : null;
  const reason = String(e.response ?? e.message ?? err).trim();
  if (code !== null && code >= 500) return { kind: "permanent", code, reason };
  return { kind: "temporary", code, reason };
}
