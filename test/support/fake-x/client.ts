import http from "node:http";
import { type ITwitterApiClientPlugin, TwitterApi } from "twitter-api-v2";
import type { XCredentials } from "./oauth.js";

/** Dummy OAuth 1.0a user-context keys; pass them to createFakeX({ credentials }) to verify. */
export const FAKE_X_CREDENTIALS: XCredentials = {
  appKey: "fake-x-app-key",
  appSecret: "fake-x-app-secret",
  accessToken: "1580000000000000001-fakeaccesstoken",
  accessSecret: "fake-x-access-secret",
};

export interface XClientOptions {
  credentials?: XCredentials;
  /** Socket idle timeout per request; without it a hung request waits forever. */
  timeoutMs?: number;
}

/**
 * twitter-api-v2 has no base-URL option, so this plugin rewrites each computed request URL to
 * the fake's host just before sending. It runs after OAuth signing, so the signature still
 * covers https://api.x.com/..., exactly as it would in production. The library always calls
 * `https.request`; a plain `http.Agent` makes that speak http to the fake.
 */
export function redirectPlugin(baseUrl: string, timeoutMs?: number): ITwitterApiClientPlugin {
  const target = new URL(baseUrl);
  return {
    onBeforeRequest({ computedParams, requestOptions }) {
      computedParams.url.protocol = target.protocol;
      computedParams.url.host = target.host;
      if (timeoutMs !== undefined) requestOptions.timeout = timeoutMs;
    },
  };
}

/** A real TwitterApi client, OAuth 1.0a user context, talking to the fake over real HTTP. */
export function xClientFor(fake: { url: string }, options: XClientOptions = {}): TwitterApi {
  return new TwitterApi(
    { ...(options.credentials ?? FAKE_X_CREDENTIALS) },
    {
      httpAgent: new http.Agent(),
      plugins: [redirectPlugin(fake.url, options.timeoutMs)],
    },
  );
}
