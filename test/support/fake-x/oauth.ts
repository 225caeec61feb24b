import { createHmac, timingSafeEqual } from "node:crypto";

/** OAuth 1.0a user-context credentials, as twitter-api-v2 takes them. */
export interface XCredentials {
  appKey: string;
  appSecret: string;
  accessToken: string;
  accessSecret: string;
}

/** The `oauth_*` parameters of an `Authorization: OAuth ...` header, decoded. */
export type OAuthParams = Record<string, string>;

export function parseOAuthHeader(header: string | undefined): OAuthParams | null {
  if (!header?.startsWith("OAuth ")) return null;
  const params: OAuthParams = {};
  for (const match of header.slice(6).matchAll(/([\w-]+)="([^"]*)"/g)) {
    const [, key = "", value = ""] = match;
    params[decodeURIComponent(key)] = decodeURIComponent(value);
  }
  return params;
}

const REQUIRED = [
  "oauth_consumer_key",
  "oauth_nonce",
  "oauth_signature",
  "oauth_signature_method",
  "oauth_timestamp",
  "oauth_token",
  "oauth_version",
];

/** A header that X would even look at: every user-context parameter, HMAC-SHA1, version 1.0. */
export function isWellFormed(params: OAuthParams): boolean {
  return (
    REQUIRED.every((key) => params[key]) &&
    params.oauth_signature_method === "HMAC-SHA1" &&
    params.oauth_version === "1.0"
  );
}

/** RFC 3986 encoding, as OAuth 1.0a (RFC 5849 §3.6) requires. */
const encode = (value: string) =>
  encodeURIComponent(value).replace(
    /[!*'()]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );

/**
 * Recomputes the HMAC-SHA1 signature (RFC 5849 §3.4) and compares. `baseUrls` are the URLs the
 * client may have signed: twitter-api-v2 signs before plugins rewrite the host, so a redirected
 * client signed `https://api.x.com/...`, not the fake's own address. JSON and multipart bodies are
 * not part of the signature; form-encoded bodies are.
 */
export function verifySignature(options: {
  params: OAuthParams;
  credentials: XCredentials;
  method: string;
  baseUrls: string[];
  query: Record<string, string>;
  formBody?: Record<string, string>;
}): boolean {
  const { params, credentials, method } = options;
  if (params.oauth_consumer_key !== credentials.appKey) return false;
  if (params.oauth_token !== credentials.accessToken) return false;
  const signed: [string, string][] = [];
  for (const source of [options.query, options.formBody ?? {}]) {
    for (const [key, value] of Object.entries(source)) signed.push([encode(key), encode(value)]);
  }
  for (const [key, value] of Object.entries(params)) {
    if (key.startsWith("oauth_") && key !== "oauth_signature") {
      signed.push([encode(key), encode(value)]);
    }
  }
  signed.sort(([a, av], [b, bv]) => (a === b ? compare(av, bv) : compare(a, b)));
  const parameterString = signed.map(([key, value]) => `${key}=${value}`).join("&");
  const key = `${encode(credentials.appSecret)}&${encode(credentials.accessSecret)}`;
  const given = Buffer.from(params.oauth_signature ?? "");
  return options.baseUrls.some((baseUrl) => {
    const base = [method.toUpperCase(), encode(baseUrl), encode(parameterString)].join("&");
    const expected = Buffer.from(createHmac("sha1", key).update(base).digest("base64"));
    return expected.length === given.length && timingSafeEqual(expected, given);
  });
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
