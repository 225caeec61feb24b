import { type Answer, invalidRequest } from "./problems.js";
import { type FakeMedia, type FakeXState, Refusal } from "./state.js";

/**
 * The v2 chunked upload as twitter-api-v2 1.29 drives it: POST /2/media/upload/initialize (JSON),
 * POST /2/media/upload/:id/append (multipart: segment_index, media), POST
 * /2/media/upload/:id/finalize (no body), then GET /2/media/upload?command=STATUS&media_id=...
 * only while finalize reported processing_info. Images finish at finalize; video and GIFs
 * go through one "pending" poll, as X processes them asynchronously.
 */

const EXPIRES_AFTER_SECS = 86_400;

const keyPrefix = (mediaType: string, category: string | undefined) =>
  category === "tweet_gif" || mediaType === "image/gif"
    ? "16_"
    : mediaType.startsWith("video/")
      ? "7_"
      : "3_";

export function mediaKeyOf(state: FakeXState, id: string): string {
  return state.media.get(id)?.media_key ?? `3_${id}`;
}

export function initialize(state: FakeXState, body: unknown): Answer {
  const { media_type, total_bytes, media_category } = (body ?? {}) as Record<string, unknown>;
  if (typeof media_type !== "string" || !/^(image|video)\//.test(media_type)) {
    throw new Refusal(invalidRequest("`media_type` must be an image or video MIME type."));
  }
  if (typeof total_bytes !== "number" || !Number.isInteger(total_bytes) || total_bytes <= 0) {
    throw new Refusal(invalidRequest("`total_bytes` must be a positive integer."));
  }
  const id = state.nextId();
  const category = typeof media_category === "string" ? media_category : undefined;
  const media: FakeMedia = {
    id,
    media_key: `${keyPrefix(media_type, category)}${id}`,
    media_type,
    media_category: category,
    total_bytes,
    segments: new Map(),
    state: "uploading",
  };
  state.media.set(id, media);
  return {
    status: 200,
    body: { data: { id, media_key: media.media_key, expires_after_secs: EXPIRES_AFTER_SECS } },
  };
}

function uploading(state: FakeXState, id: string): FakeMedia {
  const media = state.media.get(id);
  if (media?.state !== "uploading") {
    throw new Refusal(invalidRequest(`No upload in progress for media id [${id}].`));
  }
  return media;
}

export function append(state: FakeXState, id: string, body: unknown, nowSeconds: number): Answer {
  const media = uploading(state, id);
  const { segment_index, media: chunk } = (body ?? {}) as Record<string, unknown>;
  const index = Number(segment_index);
  if (!Number.isInteger(index) || index < 0 || index > 999) {
    throw new Refusal(invalidRequest("`segment_index` must be an integer from 0 to 999."));
  }
  if (!Buffer.isBuffer(chunk)) throw new Refusal(invalidRequest("`media` must be a file part."));
  media.segments.set(index, chunk);
  return { status: 200, body: { data: { expires_at: nowSeconds + EXPIRES_AFTER_SECS } } };
}

export function uploadedBytes(media: FakeMedia): Buffer {
  const ordered = [...media.segments.entries()].sort(([a], [b]) => a - b);
  return Buffer.concat(ordered.map(([, chunk]) => chunk));
}

export function finalize(state: FakeXState, id: string): Answer {
  const media = uploading(state, id);
  const size = uploadedBytes(media).length;
  if (size !== media.total_bytes) {
    throw new Refusal(invalidRequest("Segments do not add up to provided total file size."));
  }
  const processed = media.media_type.startsWith("image/") && media.media_category !== "tweet_gif";
  media.state = processed ? "succeeded" : "processing";
  const data: Record<string, unknown> = {
    id,
    media_key: media.media_key,
    size,
    expires_after_secs: EXPIRES_AFTER_SECS,
  };
  if (!processed) data.processing_info = { state: "pending", check_after_secs: 1 };
  return { status: 200, body: { data } };
}

/** One poll moves processing media to succeeded: enough to exercise the client's wait loop. */
export function status(state: FakeXState, query: Record<string, string>): Answer {
  const id = query.media_id ?? "";
  const media = state.media.get(id);
  if (query.command !== "STATUS" || !media || media.state === "uploading") {
    throw new Refusal(invalidRequest(`No finalized upload for media id [${id}].`));
  }
  media.state = "succeeded";
  return {
    status: 200,
    body: {
      data: {
        id,
        media_key: media.media_key,
        processing_info: { state: "succeeded", progress_percent: 100 },
      },
    },
  };
}
