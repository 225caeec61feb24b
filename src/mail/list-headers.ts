import { sql } from "drizzle-orm";
import type { Config } from "../config.js";

/** Where a patron's signed "manage" token leads: their preferences, and one-click unsubscribe. */
export function patronUrls(config: Pick<Config, "publicBaseUrl">, manageToken: string) {
  return {
    preferences: `${config.publicBaseUrl}/preferences/${manageToken}`,
    unsubscribe: `${config.publicBaseUrl}/unsubscribe/${manageToken}`,
  };
}

/** The mailbox that takes "unsubscribe" emails (RFC 2369 mailto), e.g. unsubscribe@library.example. */
export const unsubscribeMailbox = (config: Pick<Config, "mail">) =>
  `unsubscribe@${config.mail.domain}`;

/** A fresh Message-ID in the library's domain. */
export const newMessageId = (config: Pick<Config, "mail">) =>
  `<${crypto.randomUUID()}@${config.mail.domain}>`;

/** The same, made by the database: a fresh one for each row a claim updates. */
export const newMessageIdSql = (domain: string) =>
  sql`'<' || gen_random_uuid() || ${`@${domain}>`}`;

/**
 * The headers every list message carries (RFC 2369, RFC 2919, RFC 8058): mail programs show an
 * unsubscribe button that works in one click, by https or by mail.
 */
export function listHeaders(
  config: Pick<Config, "publicBaseUrl" | "libraryName" | "mail">,
  manageToken: string,
): Record<string, string> {
  const { unsubscribe } = patronUrls(config, manageToken);
  const mailto = `mailto:${unsubscribeMailbox(config)}?subject=unsubscribe%20${manageToken}`;
  return {
    "List-Id": `${config.libraryName.replace(/[<>"]/g, "")} <newsletter.${config.mail.domain}>`,
    "List-Unsubscribe": `<${unsubscribe}>, <${mailto}>`,
    "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
  };
}
