import type { SendTweetV2Params, TwitterApi } from "twitter-api-v2";
import type { DeliveryJob, PublishContext, PublishResult } from "../channel.js";
import { classifyXError, isDuplicateError, type XFailure } from "./classify.js";
import { X_MAX_MEDIA } from "./length.js";
import { findPostedParts, type TimelinePost } from "./match.js";
import { checkImage, type FetchMedia, MediaFetchError } from "./media.js";
import { type LinkPolicy, type PostPlan, planPosts } from "./plan.js";

/** Posts looked at when reconciling: X's largest timeline page, newest first. */
const TIMELINE_PAGE = 100;

type MediaIds = NonNullable<NonNullable<SendTweetV2Params["media"]>["media_ids"]>;
type UploadMimeType = Parameters<TwitterApi["v2"]["uploadMedia"]>[1]["media_type"];

/** The plan for a delivery, or why there is nothing X could take. Shared with preview mode. */
export function planDelivery(job: DeliveryJob, linkPolicy: LinkPolicy): PostPlan | XFailure {
  if (job.mediaUrls.length > X_MAX_MEDIA) {
    return {
      kind: "rejected",
      reason: `An X post carries at most ${X_MAX_MEDIA} images; this one has ${job.mediaUrls.length}`,
    };
  }
  const plan = planPosts(job.body, job.mediaUrls.length, linkPolicy);
  if (plan.parts.length === 0) {
    const reason =
      linkPolicy === "drop" && plan.links.length > 0
        ? "Nothing is left to post on X once the links are dropped"
        : "The X post is empty: it needs text or an image";
    return { kind: "rejected", reason };
  }
  return plan;
}

const isFailure = (value: PostPlan | XFailure): value is XFailure => "kind" in value;

/** Says which part failed when the delivery is a thread. */
function forPart(failure: XFailure, index: number, total: number): XFailure {
  if (total <= 1) return failure;
  return { ...failure, reason: `${failure.reason} (part ${index + 1} of ${total})` };
}

export interface XPublisherOptions {
  client: TwitterApi;
  fetchMedia: FetchMedia;
  linkPolicy: LinkPolicy;
}

export function createXPublisher({ client, fetchMedia, linkPolicy }: XPublisherOptions) {
  let userId: Promise<string> | undefined;

  /** The authenticated account's id, asked once (a failed ask is not cached). */
  function accountId(): Promise<string> {
    if (!userId) {
      const asked = client.v2.me().then(({ data }) => data.id);
      userId = asked;
      asked.catch(() => {
        if (userId === asked) userId = undefined;
      });
    }
    return userId;
  }

  /** Parts after `known` already on the account; X's and network errors are thrown. */
  async function findOnAccount(parts: readonly string[], known: readonly string[]) {
    const id = await accountId();
    const last = known.at(-1);
    const page = await client.v2.userTimeline(id, {
      max_results: TIMELINE_PAGE,
      "tweet.fields": ["referenced_tweets", "created_at"],
      // Later parts are newer than the last one saved: read only those.
      ...(last !== undefined ? { since_id: last } : {}),
    });
    const posts: TimelinePost[] = page.tweets.map((tweet) => ({
      id: tweet.id,
      text: tweet.text,
      repliedTo: tweet.referenced_tweets?.find((ref) => ref.type === "replied_to")?.id,
    }));
    return findPostedParts(posts, parts, known);
  }

  /** Fetches every image first (a bad one fails before anything is posted), then uploads. */
  async function uploadMedia(urls: string[], ctx: PublishContext): Promise<string[] | XFailure> {
    const images = [];
    for (const url of urls) {
      try {
        images.push(checkImage(url, await fetchMedia(url)));
      } catch (error) {
        if (error instanceof MediaFetchError) {
          return error.transient
            ? { kind: "transient", reason: error.message }
            : { kind: "rejected", reason: error.message };
        }
        const why = error instanceof Error ? error.message : String(error);
        return { kind: "rejected", reason: `Image ${url} could not be fetched (${why})` };
      }
    }
    const mediaIds: string[] = [];
    for (const [i, image] of images.entries()) {
      try {
        mediaIds.push(
          await client.v2.uploadMedia(image.data, {
            // One of X_IMAGE_TYPES, all of which the library knows.
            media_type: image.mimeType as UploadMimeType,
          }),
        );
      } catch (error) {
        const failure = classifyXError(error, ctx.clock.now());
        const url = urls[i] ?? "";
        if (failure) return { ...failure, reason: `Uploading ${url}: ${failure.reason}` };
        // waitForMediaProcessing throws a plain Error when X could not process the image.
        if (error instanceof Error && /^Media processing failed/.test(error.message)) {
          return { kind: "rejected", reason: `Uploading ${url}: ${error.message}` };
        }
        throw error;
      }
    }
    return mediaIds;
  }

  /**
   * After a duplicate 403 that may be our own post from an attempt whose outcome was unknown,
   * looks for it: a later part replying to our saved part is certainly ours; a first part is
   * looked for only on a retry (on a first attempt the duplicate is someone's earlier post).
   * Found parts are saved one by one and "adopted" is returned; undefined means "not ours,
   * classify the duplicate"; a failure means the look-up itself failed.
   */
  async function adoptDuplicate(
    error: unknown,
    job: DeliveryJob,
    parts: readonly string[],
    ids: string[],
    ctx: PublishContext,
  ): Promise<"adopted" | XFailure | undefined> {
    if (!isDuplicateError(error) || (ids.length === 0 && job.attempt <= 1)) return undefined;
    let found: string[];
    try {
      found = await findOnAccount(parts, ids);
    } catch (lookupError) {
      const failure = classifyXError(lookupError, ctx.clock.now());
      if (!failure) throw lookupError;
      const reason = `X called the post a duplicate; looking for it on the account failed: ${failure.reason}`;
      return { ...failure, reason };
    }
    if (found.length === 0) return undefined;
    for (const id of found) {
      ids.push(id);
      await ctx.savePart([...ids]);
    }
    ctx.logger.warn("x: the duplicate was our own earlier post; adopted it", {
      deliveryId: job.id,
      adopted: found,
    });
    return "adopted";
  }

  async function publish(job: DeliveryJob, ctx: PublishContext): Promise<PublishResult> {
    const plan = planDelivery(job, linkPolicy);
    if (isFailure(plan)) return plan;
    const { parts } = plan;
    const ids = [...job.externalIds];
    const log = { deliveryId: job.id, attempt: job.attempt, parts: parts.length };
    if (ids.length > 0)
      ctx.logger.info("x: resuming thread", { ...log, alreadyPosted: ids.length });

    let mediaIds: string[] = [];
    if (ids.length === 0 && job.mediaUrls.length > 0) {
      const uploaded = await uploadMedia(job.mediaUrls, ctx);
      if (!Array.isArray(uploaded)) return uploaded;
      mediaIds = uploaded;
    }

    while (ids.length < parts.length) {
      const index = ids.length;
      const previous = ids.at(-1);
      const text = parts[index] ?? "";
      let posted: string;
      try {
        // Media go on the first part only (at most 4: planDelivery checked).
        const { data } = await client.v2.tweet(text, {
          ...(index === 0 && mediaIds.length > 0
            ? { media: { media_ids: mediaIds as MediaIds } }
            : {}),
          ...(previous !== undefined ? { reply: { in_reply_to_tweet_id: previous } } : {}),
        });
        posted = data.id;
      } catch (error) {
        const adopted = await adoptDuplicate(error, job, parts, ids, ctx);
        if (adopted === "adopted") continue;
        const failure = adopted ?? classifyXError(error, ctx.clock.now());
        if (!failure) throw error;
        ctx.logger.warn("x: part not posted", { ...log, part: index + 1, ...failure });
        return forPart(failure, index, parts.length);
      }
      ids.push(posted);
      await ctx.savePart([...ids]);
      ctx.logger.info("x: posted part", { ...log, part: index + 1, id: posted });
    }
    return { kind: "sent", externalIds: ids };
  }

  async function reconcile(job: DeliveryJob): Promise<string[]> {
    const plan = planDelivery(job, linkPolicy);
    if (isFailure(plan)) return [...job.externalIds];
    const found = await findOnAccount(plan.parts, job.externalIds);
    return [...job.externalIds, ...found];
  }

  return { publish, reconcile };
}
