import type { sources } from "../db/schema/index.js";
import type { Ctx } from "../shared/context.js";

export type SourceRow = typeof sources.$inferSelect;

/**
 * fetch with Warta's limits for outside sources: http and https only, a timeout, a size cap.
 * Same shape as fetch, so a syncer is tested against local HTTP doubles exactly as in production.
 */
export type SafeFetch = (
  url: string,
  init?: { headers?: Record<string, string> },
) => Promise<Response>;

/** What one sync did, shown on the source and in the API. */
export interface SyncSummary {
  created: number;
  updated: number;
  unchanged: number;
  /** Records gone from the source, cancelled in Warta (never deleted). */
  cancelled: number;
  /** Records refused, each with where and why. */
  rejected: { record?: string; line?: number; reason: string }[];
  /** The server said nothing changed (HTTP 304). */
  notModified?: boolean;
  /** Conditional-fetch validators to send next time. */
  validators?: { etag: string | null; lastModified: string | null };
  /** Where to resume next time (an OAI-PMH `from` date, a Koha watermark), kept on the source. */
  state?: Record<string, unknown>;
}

/** Pulls one source into the content store. Throws (changing nothing) when the feed is unusable. */
export type SourceSyncer = (ctx: Ctx, source: SourceRow, fetch: SafeFetch) => Promise<SyncSummary>;
