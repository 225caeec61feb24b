import type { Deps } from "../deps.js";
import { readInboundMessage } from "./inbound-message.js";
import { unsubscribe } from "./patron.js";
import { patronCtx } from "./patron-ctx.js";

export type MailUnsubscribeResult =
  | { outcome: "unsubscribed" | "already_unsubscribed"; subscriberId: string }
  /** The token is genuine but its subscriber was deleted: nothing left to do. */
  | { outcome: "gone" }
  /** No genuine manage token in the Subject or the first body line. */
  | { outcome: "no_token" };

const TOKEN = /[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{22}/g;

/** Whatever looks like a manage token in the Subject, then in the body's first line. */
export function unsubscribeTokens(rawMessage: string): string[] {
  const { subject, firstLine } = readInboundMessage(rawMessage);
  return [...subject.matchAll(TOKEN), ...firstLine.matchAll(TOKEN)].map((match) => match[0]);
}

/**
 * RFC 2369 mailto unsubscribe: List-Unsubscribe offers
 * `mailto:unsubscribe@<domain>?subject=unsubscribe%20<manage token>`, and the mail program sends
 * that message. The signed token says who; the sender's address does not matter (forwarding and
 * aliases change it). A mail program that drops the subject may leave the token in the body.
 */
export async function handleUnsubscribeMail(
  deps: Deps,
  rawMessage: string,
): Promise<MailUnsubscribeResult> {
  for (const token of unsubscribeTokens(rawMessage)) {
    const id = deps.links.verify("manage", token);
    if (!id) continue;
    const result = await unsubscribe(patronCtx(deps), id, { method: "mailto", wording: null });
    if (!result) return { outcome: "gone" };
    return {
      outcome: result.changed ? "unsubscribed" : "already_unsubscribed",
      subscriberId: id,
    };
  }
  return { outcome: "no_token" };
}
