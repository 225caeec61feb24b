import type { Config } from "../config.js";
import { rootCause } from "../shared/errors.js";
import { FeedError } from "./errors.js";
import type { SafeFetch } from "./syncer.js";

export interface SafeFetchOptions {
  userAgent: string;
  /** For the whole exchange: connecting, the headers and the last byte of the body. */
  timeoutMs?: number;
  maxBytes?: number;
  maxRedirects?: number;
}

export const DEFAULT_TIMEOUT_MS = 15_000;
export const MAX_FEED_BYTES = 10 * 1024 * 1024;
const MAX_REDIRECTS = 5;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
/** Statuses whose Response may not carry a body. */
const NO_BODY = new Set([204, 205, 304]);

/** Tells the other server who is asking, as polite clients do. */
export function userAgentFor(config: Config): string {
  const ascii = (text: string) => text.replace(/[^\x20-\x7e]/g, "");
  return `Warta/0.1 (+${ascii(config.publicBaseUrl)}; ${ascii(config.libraryName)})`;
}

/**
 * fetch for outside sources: http and https only (redirects included), a deadline, and a size cap
 * checked while the body streams in, so a 50 MB answer is cut off at the cap, never held whole.
 * The Response it returns carries the body already read.
 */
export function createSafeFetch(options: SafeFetchOptions): SafeFetch {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxBytes = options.maxBytes ?? MAX_FEED_BYTES;
  const maxRedirects = options.maxRedirects ?? MAX_REDIRECTS;
  return async (url, init = {}) => {
    let target = httpOnly(url);
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    const get = (at: URL) =>
      fetch(at, {
        headers: { ...init.headers, "user-agent": options.userAgent },
        redirect: "manual",
        signal: controller.signal,
      });
    try {
      for (let hops = 0; ; hops++) {
        // A kept-alive connection the server closed while idle fails at once: one retry covers it.
        const res = await get(target).catch((err: unknown) => {
          if (controller.signal.aborted) throw err;
          return get(target);
        });
        const location = res.headers.get("location");
        if (!REDIRECTS.has(res.status) || !location) {
          const body = await readCapped(res, maxBytes, target);
          return new Response(NO_BODY.has(res.status) ? null : body, {
            status: res.status,
            statusText: res.statusText,
            headers: res.headers,
          });
        }
        await res.body?.cancel();
        if (hops >= maxRedirects) {
          throw new FeedError(
            "unreachable",
            `${target.host} redirected more than ${maxRedirects} times`,
          );
        }
        target = httpOnly(new URL(location, target).href, "the redirect target");
      }
    } catch (err) {
      if (err instanceof FeedError) throw err;
      if (controller.signal.aborted) {
        throw new FeedError(
          "unreachable",
          `${target.host} did not answer in full within ${timeoutMs / 1000} s`,
        );
      }
      throw new FeedError("unreachable", `Could not fetch from ${target.host}: ${rootCause(err)}`);
    } finally {
      clearTimeout(timer);
    }
  };
}

function httpOnly(url: string, what = "this URL"): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new FeedError("unusable", `Not a URL: ${JSON.stringify(url.slice(0, 200))}`);
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    throw new FeedError(
      "unusable",
      `Only http and https can be fetched; ${what} uses "${parsed.protocol}"`,
    );
  }
  return parsed;
}

async function readCapped(res: Response, maxBytes: number, url: URL): Promise<Uint8Array> {
  const tooLarge = () =>
    new FeedError(
      "unusable",
      `The answer from ${url.host} is larger than ${maxBytes / 1024 / 1024} MB; Warta stops reading there`,
    );
  const declared = Number(res.headers.get("content-length"));
  if (declared > maxBytes) {
    await res.body?.cancel();
    throw tooLarge();
  }
  if (!res.body) return new Uint8Array();
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      // Closes the connection: the rest is never transferred.
      await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

export interface FeedText {
  notModified: false;
  text: string;
  validators: { etag: string | null; lastModified: string | null };
}

/**
 * GETs a feed as text, conditionally: with the validators from last time, an unchanged feed
 * answers 304 and costs nothing. Any other status than 2xx is the other server's failure.
 */
export async function fetchFeedText(
  fetch: SafeFetch,
  url: string,
  validators: { etag: string | null; lastModified: string | null },
): Promise<FeedText | { notModified: true }> {
  const headers: Record<string, string> = {};
  if (validators.etag) headers["if-none-match"] = validators.etag;
  if (validators.lastModified) headers["if-modified-since"] = validators.lastModified;
  const res = await fetch(url, { headers });
  if (res.status === 304) return { notModified: true };
  if (!res.ok) {
    throw new FeedError(
      "unreachable",
      `${new URL(url).host} answered HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ""}`,
    );
  }
  return {
    notModified: false,
    text: await res.text(),
    validators: { etag: res.headers.get("etag"), lastModified: res.headers.get("last-modified") },
  };
}
