import type { Context } from "hono";
import type { Locale } from "../config.js";
import { locales } from "../db/schema/enums.js";
import type { AppEnv } from "../http/env.js";

const isLocale = (value: unknown): value is Locale =>
  typeof value === "string" && (locales as readonly string[]).includes(value);

/**
 * The language of a public page: `?lang=` first (the switch link and every form carry it), then
 * the subscriber's own choice, then the browser's, then the library's default.
 */
export function pageLocale(c: Context<AppEnv>, subscriberLocale?: string): Locale {
  const asked = c.req.query("lang");
  if (isLocale(asked)) return asked;
  if (isLocale(subscriberLocale)) return subscriberLocale;
  return browserLocale(c.req.header("accept-language")) ?? c.get("deps").config.defaultLocale;
}

/** The first of our languages in Accept-Language order ("in" is the old code for Indonesian). */
export function browserLocale(header: string | undefined): Locale | undefined {
  if (!header) return undefined;
  const ranked = header
    .split(",")
    .map((part, index) => {
      const [tag = "", ...params] = part.trim().toLowerCase().split(";");
      const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find(Boolean);
      return { language: tag.split("-")[0], q: q === undefined ? 1 : Number(q), index };
    })
    .filter((entry) => entry.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { language } of ranked) {
    const locale = language === "in" ? "id" : language;
    if (isLocale(locale)) return locale;
  }
  return undefined;
}

/**
 * Who is asking, for rate limiting only (never stored). Behind `trustedProxies` proxies, the
 * X-Forwarded-For entry the outermost one wrote, counted from the right: entries left of it are
 * whatever the client sent, and trusting them would let anyone slip past the limit with a made-up
 * address. Without proxies, the socket's address (@hono/node-server puts Node's request at
 * `c.env.incoming`; read without importing anything Node-only).
 */
export function clientAddress(c: Context<AppEnv>, trustedProxies: number): string {
  if (trustedProxies > 0) {
    const hops = c.req.header("x-forwarded-for")?.split(",") ?? [];
    const client = hops[hops.length - trustedProxies]?.trim();
    if (client) return client;
  }
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.incoming?.socket?.remoteAddress ?? "unknown";
}
