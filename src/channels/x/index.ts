import type {
  Channel,
  DeliveryJob,
  PostContent,
  PublishContext,
  PublishResult,
} from "../channel.js";
import {
  createXClient,
  DEFAULT_X_TIMEOUT_MS,
  parseBaseUrl,
  X_API_BASE_URL,
  type XCredentials,
} from "./client.js";
import { createImageFetcher, type FetchMedia } from "./media.js";
import { type LinkPolicy, planPosts } from "./plan.js";
import { findPreview, previewRecord, writePreview } from "./preview.js";
import { createXPublisher, planDelivery } from "./publish.js";
import { xValidator } from "./validate.js";

export type { XCredentials } from "./client.js";
export { type FetchedMedia, type FetchMedia, MediaFetchError } from "./media.js";
export type { LinkPolicy } from "./plan.js";
export type { PreviewRecord } from "./preview.js";

export interface XChannelOptions {
  /** Without them the channel runs in preview mode: it writes files and posts nothing. */
  credentials?: XCredentials;
  /** Protocol and host of the X API; default https://api.x.com (tests: the fake's http URL). */
  apiBaseUrl?: string;
  /** Where preview mode writes one JSON file per delivery, e.g. data/outbox/x. */
  previewDir: string;
  /** What to do with URLs in the body (X charges ~13x for a post with a link); default keep. */
  linkPolicy?: LinkPolicy;
  /** Per-request socket timeout for X and for fetching images; default 20 s. */
  timeoutMs?: number;
  /** How images are fetched; default: global fetch, the timeout above, 5 MB, images only. */
  fetchMedia?: FetchMedia;
}

const CREDENTIAL_KEYS = ["appKey", "appSecret", "accessToken", "accessSecret"] as const;

/** The X channel: real posting with credentials, preview files without. */
export function createXChannel(options: XChannelOptions): Channel {
  const apiBaseUrl = parseBaseUrl(options.apiBaseUrl ?? X_API_BASE_URL).origin;
  const linkPolicy = options.linkPolicy ?? "keep";
  const timeoutMs = options.timeoutMs ?? DEFAULT_X_TIMEOUT_MS;
  const credentials = options.credentials;
  if (credentials) {
    const missing = CREDENTIAL_KEYS.filter((key) => !credentials[key]);
    if (missing.length > 0) {
      throw new Error(`X credentials are incomplete: ${missing.join(", ")} missing`);
    }
  }

  const parts = (content: PostContent) =>
    planPosts(content.body, content.mediaUrls.length, linkPolicy).parts;

  if (!credentials) {
    return {
      kind: "x",
      preview: true,
      validate: xValidator.validate,
      parts,
      async publish(job: DeliveryJob, ctx: PublishContext): Promise<PublishResult> {
        const plan = planDelivery(job, linkPolicy);
        if ("kind" in plan) return plan;
        const existing = await findPreview(options.previewDir, job.id);
        if (existing) {
          return { kind: "sent", externalIds: existing.record.externalIds, preview: existing.file };
        }
        const now = ctx.clock.now();
        const record = previewRecord(job, plan, linkPolicy, apiBaseUrl, now);
        const file = await writePreview(options.previewDir, record, now);
        ctx.logger.info("x: preview written", { deliveryId: job.id, file });
        return { kind: "sent", externalIds: record.externalIds, preview: file };
      },
      async reconcile(job: DeliveryJob): Promise<string[]> {
        const existing = await findPreview(options.previewDir, job.id);
        return existing ? existing.record.externalIds : [...job.externalIds];
      },
    };
  }

  const client = createXClient(credentials, { apiBaseUrl, timeoutMs });
  const publisher = createXPublisher({
    client,
    fetchMedia: options.fetchMedia ?? createImageFetcher({ timeoutMs }),
    linkPolicy,
  });
  return {
    kind: "x",
    preview: false,
    validate: xValidator.validate,
    parts,
    publish: publisher.publish,
    reconcile: (job) => publisher.reconcile(job),
  };
}
