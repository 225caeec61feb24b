import type { Clock } from "../shared/clock.js";

export interface RateLimiter {
  /** Counts one attempt for `key`; false (and not counted) when the key is over its limit. */
  take(key: string): boolean;
}

/**
 * A sliding window kept in memory: enough for one process guarding a sign-up form (a restart
 * forgets, which only ever lets someone through early). The number of keys is capped so a flood
 * of addresses cannot grow it without bound; the oldest keys go first.
 */
export function slidingWindowLimiter(options: {
  limit: number;
  windowMs: number;
  clock: Clock;
  maxKeys?: number;
}): RateLimiter {
  const { limit, windowMs, clock } = options;
  const maxKeys = options.maxKeys ?? 50_000;
  const hits = new Map<string, number[]>();
  return {
    take(key) {
      const now = clock.now().getTime();
      const recent = (hits.get(key) ?? []).filter((at) => at > now - windowMs);
      hits.delete(key);
      if (recent.length >= limit) {
        hits.set(key, recent);
        return false;
      }
      recent.push(now);
      hits.set(key, recent);
      if (hits.size > maxKeys) {
        const oldest = hits.keys().next().value;
        if (oldest !== undefined) hits.delete(oldest);
      }
      return true;
    },
  };
}
