import http from "node:http";
import { type ITwitterApiClientPlugin, TwitterApi } from "twitter-api-v2";

/** OAuth 1.0a user-context keys of the library's X account. */
export interface XCredentials {
  appKey: string;
  appSecret: string;
  accessToken: string;
  accessSecret: string;
}

export const X_API_BASE_URL = "https://api.x.com";

/** Socket idle timeout per request when none is given: a hung request must not wait forever. */
export const DEFAULT_X_TIMEOUT_MS = 20_000;

export interface XClientSettings {
  /** Where requests go (protocol and host only); default https://api.x.com. */
  apiBaseUrl?: string;
  timeoutMs?: number;
}

/** The protocol and host of a base URL; anything else in it is a configuration mistake. */
export function parseBaseUrl(apiBaseUrl: string): URL {
  let url: URL;
  try {
    url = new URL(apiBaseUrl);
  } catch {
    throw new Error(`X apiBaseUrl is not a URL: ${JSON.stringify(apiBaseUrl)}`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new Error(`X apiBaseUrl must be http(s), got ${url.protocol}`);
  }
  if ((url.pathname !== "/" && url.pathname !== "") || url.search || url.hash) {
    throw new Error(`X apiBaseUrl must be a protocol and host only, got ${apiBaseUrl}`);
  }
  return url;
}

/**
 * twitter-api-v2 has no base-URL option (its prefixes are constants), so this plugin rewrites
 * each computed request URL just before it is sent, and sets the per-request timeout. It runs
 * after OAuth signing: the signature covers https://api.x.com/..., as in production.
 */
export function baseUrlPlugin(target: URL, timeoutMs: number): ITwitterApiClientPlugin {
  const rewrite = target.host !== new URL(X_API_BASE_URL).host || target.protocol !== "https:";
  return {
    onBeforeRequest({ computedParams, requestOptions }) {
      if (rewrite) {
        computedParams.url.protocol = target.protocol;
        computedParams.url.host = target.host;
      }
      requestOptions.timeout = timeoutMs;
    },
  };
}

/** A real TwitterApi client (OAuth 1.0a user context) for the configured API base. */
export function createXClient(credentials: XCredentials, settings: XClientSettings = {}) {
  const target = parseBaseUrl(settings.apiBaseUrl ?? X_API_BASE_URL);
  const timeoutMs = settings.timeoutMs ?? DEFAULT_X_TIMEOUT_MS;
  return new TwitterApi(
    {
      appKey: credentials.appKey,
      appSecret: credentials.appSecret,
      accessToken: credentials.accessToken,
      accessSecret: credentials.accessSecret,
    },
    {
      // The library always calls https.request; an http.Agent makes that speak plain http.
      ...(target.protocol === "http:" ? { httpAgent: new http.Agent({ keepAlive: true }) } : {}),
      plugins: [baseUrlPlugin(target, timeoutMs)],
    },
  );
}
