import type { Deps } from "../deps.js";
import { type Cacheable, cacheable } from "./http-cache.js";

interface Entry {
  fingerprint: string;
  rendered: Promise<Cacheable>;
}

/** Enough for every format and the few filters people subscribe to; the least used go first. */
const CAPACITY = 64;

/**
 * Rendered feeds kept in memory, each with the fingerprint of the rows it was made from: while the
 * fingerprint holds, a request costs one aggregate query and no rendering. Requests arriving
 * while a feed's fingerprint is being checked, or the feed rendered, wait for that one check or
 * rendering: under load, one query answers many requests.
 */
class RenderCache {
  private readonly entries = new Map<string, Entry>();
  private readonly checks = new Map<string, Promise<string>>();

  async get(
    key: string,
    fingerprintOf: () => Promise<string>,
    render: () => Promise<string>,
  ): Promise<Cacheable> {
    const fingerprint = await this.check(key, fingerprintOf);
    const found = this.entries.get(key);
    this.entries.delete(key);
    if (found && found.fingerprint === fingerprint) {
      this.entries.set(key, found);
      return found.rendered;
    }
    const entry: Entry = {
      fingerprint,
      rendered: render().then((text) => cacheable(text, { compress: true })),
    };
    this.entries.set(key, entry);
    entry.rendered.catch(() => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    });
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= CAPACITY) break;
      this.entries.delete(oldest);
    }
    return entry.rendered;
  }

  private check(key: string, fingerprintOf: () => Promise<string>): Promise<string> {
    let running = this.checks.get(key);
    if (!running) {
      running = fingerprintOf().finally(() => this.checks.delete(key));
      this.checks.set(key, running);
    }
    return running;
  }
}

const caches = new WeakMap<Deps, RenderCache>();

/** One cache per app instance (its database, clock and configuration). */
export function renderCacheFor(deps: Deps): RenderCache {
  let cache = caches.get(deps);
  if (!cache) {
    cache = new RenderCache();
    caches.set(deps, cache);
  }
  return cache;
}
