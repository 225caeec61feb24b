import type { RouteKey } from "./routes.js";

/**
 * X's rate limits, counted per endpoint for the one user: a 15-minute window reported in
 * `x-rate-limit-*`, and for posting also a 24-hour user cap in `x-user-limit-24hour-*`. The
 * 24-hour cap can run out while the 15-minute window still has room, so a 429 may carry
 * `x-rate-limit-remaining` > 0: clients must read the reset of the limit that ran out.
 * Defaults are generous so ordinary tests never meet them; tests that want a limit set one.
 */
export interface LimitConfig {
  limit: number;
  windowSeconds?: number;
  /** The 24-hour user cap, for endpoints that have one. */
  userDay?: number;
}

export type LimitsConfig = Partial<Record<RouteKey, LimitConfig>>;

const DEFAULT: LimitConfig = { limit: 900, windowSeconds: 900 };
const DEFAULTS: LimitsConfig = {
  "POST /2/tweets": { limit: 900, windowSeconds: 900, userDay: 10_000 },
};

interface Window {
  used: number;
  resetAt: number;
}

export interface Consumed {
  headers: Record<string, string>;
  exceeded: boolean;
}

export class RateLimiter {
  private readonly windows = new Map<string, Window>();

  constructor(private readonly config: LimitsConfig = {}) {}

  configFor(route: RouteKey): LimitConfig {
    return this.config[route] ?? DEFAULTS[route] ?? DEFAULT;
  }

  /** Counts one request unless a limit is already spent; returns the headers X would send. */
  consume(route: RouteKey, nowSeconds: number): Consumed {
    const config = this.configFor(route);
    const window = this.window(`${route}`, config.windowSeconds ?? 900, nowSeconds);
    const day = config.userDay ? this.window(`${route} day`, 86_400, nowSeconds) : null;
    const exceeded =
      window.used >= config.limit || (day !== null && day.used >= (config.userDay ?? 0));
    if (!exceeded) {
      window.used += 1;
      if (day) day.used += 1;
    }
    const headers: Record<string, string> = {
      "x-rate-limit-limit": String(config.limit),
      "x-rate-limit-remaining": String(config.limit - window.used),
      "x-rate-limit-reset": String(window.resetAt),
    };
    if (day && config.userDay) {
      headers["x-user-limit-24hour-limit"] = String(config.userDay);
      headers["x-user-limit-24hour-remaining"] = String(config.userDay - day.used);
      headers["x-user-limit-24hour-reset"] = String(day.resetAt);
    }
    return { headers, exceeded };
  }

  private window(key: string, seconds: number, nowSeconds: number): Window {
    let window = this.windows.get(key);
    if (!window || nowSeconds >= window.resetAt) {
      window = { used: 0, resetAt: nowSeconds + seconds };
      this.windows.set(key, window);
    }
    return window;
  }
}
