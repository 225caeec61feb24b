import { ApiPartialResponseError, ApiRequestError, ApiResponseError } from "twitter-api-v2";
import type { PublishResult } from "../channel.js";

/** Every way an attempt can end other than "sent". */
export type XFailure = Exclude<PublishResult, { kind: "sent" }>;

/** X's 403 detail when the same account already has a post with this exact text. */
export const X_DUPLICATE_DETAIL = "You are not allowed to create a Tweet with duplicate content.";

/** How long to wait after a 429 that names no reset time (X's windows are 15 minutes). */
const FALLBACK_RATE_LIMIT_WAIT_MS = 15 * 60_000;

/**
 * 403 details that refuse this content or this reply rather than the app or the account: the
 * content is never going to be accepted as it is, so the delivery is rejected, not held.
 */
const CONTENT_REFUSALS: readonly RegExp[] = [
  /duplicate content/i,
  /reply to a Tweet that is deleted or not visible/i,
  /Tweet text is too long/i,
  /Tweet needs to be a bit shorter/i,
  /not allowed to (?:create|post) a Tweet with/i,
  /media IDs? (?:is|are) invalid/i,
];

interface ProblemBody {
  title?: unknown;
  detail?: unknown;
  type?: unknown;
  errors?: { message?: unknown; detail?: unknown }[];
}

const text = (value: unknown): string | undefined =>
  typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;

/**
 * X's own words for a refused request. 400s carry a generic detail ("One or more parameters ...")
 * and the specifics in `errors[].message`, so those come first; otherwise `detail`, then `title`.
 */
export function xMessage(error: ApiResponseError): string {
  const data = (error.data ?? {}) as ProblemBody;
  const specifics = Array.isArray(data.errors)
    ? data.errors.map((e) => text(e?.message) ?? text(e?.detail)).filter((m) => m !== undefined)
    : [];
  if (error.code === 400 && specifics.length > 0) return specifics.join("; ");
  return (
    text(data.detail) ??
    text(data.title) ??
    specifics[0] ??
    `X answered HTTP ${error.code} with no explanation`
  );
}

/** True for X's duplicate-content 403. */
export function isDuplicateError(error: unknown): error is ApiResponseError {
  return (
    error instanceof ApiResponseError &&
    error.code === 403 &&
    /duplicate content/i.test(xMessage(error))
  );
}

/**
 * The network cause of an ApiRequestError. In twitter-api-v2 1.29 the `requestError` getter
 * reads the wrong key and is always undefined; the cause is stored as `_options.error`.
 */
export function requestCause(error: ApiRequestError | ApiPartialResponseError): string {
  const options = (error as unknown as { _options?: { error?: unknown; responseError?: unknown } })
    ._options;
  const cause =
    (error instanceof ApiRequestError ? error.requestError : undefined) ??
    options?.error ??
    options?.responseError;
  return cause instanceof Error ? cause.message : error.message;
}

/** `Unix seconds` as a Date, or undefined when absent or not a number. */
const fromUnixSeconds = (seconds: unknown): Date | undefined =>
  typeof seconds === "number" && Number.isFinite(seconds) && seconds > 0
    ? new Date(seconds * 1000)
    : undefined;

function rateLimited(error: ApiResponseError, now: Date): XFailure {
  const limit = error.rateLimit;
  const windowReset = fromUnixSeconds(limit?.reset);
  // The 24-hour caps (user and app) can run out while the 15-minute window still has room;
  // then the window's reset is too early and only the cap's reset is worth waiting for.
  const caps = [
    { name: "24-hour user", cap: limit?.userDay },
    { name: "24-hour app", cap: limit?.day },
  ].filter(({ cap }) => cap?.remaining === 0);
  let until = windowReset;
  let which = "15-minute";
  for (const { name, cap } of caps) {
    const reset = fromUnixSeconds(cap?.reset);
    if (reset && (!until || reset > until)) {
      until = reset;
      which = name;
    }
  }
  if (!until || until <= now) {
    return {
      kind: "rate_limited",
      until: new Date(now.getTime() + FALLBACK_RATE_LIMIT_WAIT_MS),
      reason: `X rate limit reached (${xMessage(error)}); no future reset time given, waiting 15 minutes`,
    };
  }
  return {
    kind: "rate_limited",
    until,
    reason: `X ${which} rate limit reached; it resets at ${until.toISOString()}`,
  };
}

/**
 * Sorts any error from a call to X into what the dispatcher should do next (invariant 5).
 * Errors that are not X's or the network's (a bug, a database failure) are returned as
 * undefined: the caller rethrows them rather than guess.
 */
export function classifyXError(error: unknown, now: Date): XFailure | undefined {
  if (error instanceof ApiResponseError) {
    const status = error.code;
    const message = xMessage(error);
    if (status === 429 || error.rateLimitError) return rateLimited(error, now);
    if (status === 401) {
      return {
        kind: "needs_attention",
        reason: `X refused the credentials (401 ${message}); check the X keys and tokens`,
      };
    }
    if (status === 403) {
      if (CONTENT_REFUSALS.some((pattern) => pattern.test(message))) {
        return { kind: "rejected", reason: message };
      }
      return {
        kind: "needs_attention",
        reason: `X refused the account or app (403 ${message})`,
      };
    }
    if (status === 408 || status >= 500) {
      return { kind: "transient", reason: `X is unavailable (${status} ${message})` };
    }
    return { kind: "rejected", reason: message };
  }
  if (error instanceof ApiRequestError) {
    return { kind: "transient", reason: `Network error talking to X: ${requestCause(error)}` };
  }
  if (error instanceof ApiPartialResponseError) {
    return {
      kind: "transient",
      reason: `X's answer was cut off or unreadable: ${requestCause(error)}`,
    };
  }
  return undefined;
}
