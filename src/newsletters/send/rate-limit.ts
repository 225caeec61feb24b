/**
 * Keeps sending under the mail server's limits: a token bucket per second (bursts of at most one
 * second's worth) and, if set, one per hour. Wall-clock time, not the injected clock: it paces
 * real traffic. Limits are per sender process.
 */
export interface RateLimiter {
  /** Resolves when one more message may go. */
  take(): Promise<void>;
}

interface Bucket {
  capacity: number;
  perMs: number;
  tokens: number;
  at: number;
}

export function createRateLimiter(
  limits: { perSecond: number; perHour: number | null },
  now: () => number = () => performance.now(),
): RateLimiter {
  const bucket = (capacity: number, perMs: number): Bucket => ({
    capacity,
    perMs,
    tokens: capacity,
    at: now(),
  });
  const buckets = [bucket(limits.perSecond, limits.perSecond / 1000)];
  if (limits.perHour !== null) buckets.push(bucket(limits.perHour, limits.perHour / 3_600_000));
  let queue: Promise<void> = Promise.resolve();

  const waitMs = () => {
    const t = now();
    let wait = 0;
    for (const b of buckets) {
      b.tokens = Math.min(b.capacity, b.tokens + (t - b.at) * b.perMs);
      b.at = t;
      if (b.tokens < 1) wait = Math.max(wait, (1 - b.tokens) / b.perMs);
    }
    return wait;
  };
  const takeNow = async () => {
    for (let wait = waitMs(); wait > 0; wait = waitMs()) {
      await new Promise((resolve) => setTimeout(resolve, Math.ceil(wait)));
    }
    for (const b of buckets) b.tokens -= 1;
  };
  return {
    take() {
      // In order: a waiting message is not overtaken by a later one.
      queue = queue.then(takeNow);
      return queue;
    },
  };
}
