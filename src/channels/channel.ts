import type { PostChannel } from "../db/schema/enums.js";
import type { Clock } from "../shared/clock.js";
import type { Logger } from "../shared/logger.js";

/** Something staff should know before scheduling: errors block approval, warnings do not. */
export interface Problem {
  /** null: a problem of the post itself (its schedule), not of one channel. */
  channel: PostChannel | null;
  code: string;
  severity: "error" | "warning";
  message: string;
}

export interface PostContent {
  body: string;
  mediaUrls: string[];
}

/** What every channel can say about content before anything is sent. */
export interface ContentValidator {
  kind: PostChannel;
  validate(content: PostContent): Problem[];
}

/** One outbox row, as a channel sees it when publishing. */
export interface DeliveryJob {
  id: string;
  postId: string;
  idempotencyKey: string;
  body: string;
  mediaUrls: string[];
  /** Ids of the parts already posted, in order: a thread resumes after them, never reposts them. */
  externalIds: string[];
  /** This attempt's number, from 1. */
  attempt: number;
}

export interface PublishContext {
  clock: Clock;
  logger: Logger;
  /**
   * Saves the parts posted so far the moment each one is posted (before the next is tried).
   * Throws if this worker has lost the delivery to another: stop, post nothing more.
   */
  savePart(externalIds: string[]): Promise<void>;
}

/**
 * How an attempt ended. The dispatcher, not the channel, decides what happens next: when to retry,
 * when to give up, when to hold the channel's queue.
 */
export type PublishResult =
  /** Published; `preview` names where a preview-mode channel wrote what it would have sent. */
  | { kind: "sent"; externalIds: string[]; preview?: string }
  /** The provider's rate limit: try again at `until` (its reset time), not before. */
  | { kind: "rate_limited"; until: Date; reason: string }
  /** Network trouble or a provider outage: back off and retry, a bounded number of times. */
  | { kind: "transient"; reason: string }
  /** The content was refused (duplicate, too long, …): never retried; `reason` is the provider's. */
  | { kind: "rejected"; reason: string }
  /** Credentials refused (401/403): the channel needs a person; hold its queue. */
  | { kind: "needs_attention"; reason: string };

export interface Channel extends ContentValidator {
  /** True when no credentials are configured and publishing only writes previews. */
  preview: boolean;
  /** The posts this content becomes on the channel, in order (a thread, a reply with links). */
  parts(content: PostContent): string[];
  publish(job: DeliveryJob, ctx: PublishContext): Promise<PublishResult>;
  /**
   * After a crash mid-send (outcome unknown): look on the account for the parts after
   * `job.externalIds`. Returns every part id found so far, in order (at least `job.externalIds`).
   */
  reconcile(job: DeliveryJob, ctx: PublishContext): Promise<string[]>;
}
