import { mkdir, readdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import type { DeliveryJob } from "../channel.js";
import type { LinkPolicy, PostPlan } from "./plan.js";

/** One request the channel would have made, as written to a preview file. */
export interface PreviewRequest {
  method: "POST";
  url: string;
  /** The JSON body of a post. */
  body?: {
    text: string;
    media?: { media_ids: string[] };
    reply?: { in_reply_to_tweet_id: string };
  };
  /** For a media upload (initialize, then append and finalize with the image's bytes). */
  upload?: { source: string; mediaId: string; media_category: "tweet_image" };
}

/** What a preview file holds: everything the delivery would have sent to X. */
export interface PreviewRecord {
  channel: "x";
  mode: "preview";
  delivery: { id: string; postId: string; idempotencyKey: string; attempt: number };
  writtenAt: string;
  linkPolicy: LinkPolicy;
  requests: PreviewRequest[];
  /** The ids reported as sent, one per post: "preview-<delivery id>-<n>". */
  externalIds: string[];
}

/** A delivery id made safe for a file name. */
const fileId = (id: string) => id.replace(/[^A-Za-z0-9._-]/g, "_");

/** ISO 8601 basic format (20261206T010000Z): sortable, and no colons in file names. */
export const isoBasic = (at: Date) =>
  at
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}Z$/, "Z");

export function previewRecord(
  job: DeliveryJob,
  plan: PostPlan,
  linkPolicy: LinkPolicy,
  apiBaseUrl: string,
  now: Date,
): PreviewRecord {
  const base = apiBaseUrl.replace(/\/+$/, "");
  const ids = plan.parts.map((_, i) => `preview-${job.id}-${i + 1}`);
  const mediaIds = job.mediaUrls.map((_, i) => `preview-${job.id}-media-${i + 1}`);
  const uploads: PreviewRequest[] = job.mediaUrls.map((source, i) => ({
    method: "POST",
    url: `${base}/2/media/upload/initialize`,
    upload: { source, mediaId: mediaIds[i] ?? "", media_category: "tweet_image" },
  }));
  const posts: PreviewRequest[] = plan.parts.map((text, i) => {
    const body: NonNullable<PreviewRequest["body"]> = { text };
    if (i === 0 && mediaIds.length > 0) body.media = { media_ids: mediaIds };
    const previous = ids[i - 1];
    if (previous !== undefined) body.reply = { in_reply_to_tweet_id: previous };
    return { method: "POST", url: `${base}/2/tweets`, body };
  });
  return {
    channel: "x",
    mode: "preview",
    delivery: {
      id: job.id,
      postId: job.postId,
      idempotencyKey: job.idempotencyKey,
      attempt: job.attempt,
    },
    writtenAt: now.toISOString(),
    linkPolicy,
    requests: [...uploads, ...posts],
    externalIds: ids,
  };
}

/** The preview file already written for this delivery, if any. */
export async function findPreview(
  dir: string,
  deliveryId: string,
): Promise<{ file: string; record: PreviewRecord } | undefined> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  const suffix = `-${fileId(deliveryId)}.json`;
  const name = names.filter((n) => n.endsWith(suffix)).sort()[0];
  if (name === undefined) return undefined;
  const file = path.join(dir, name);
  return { file, record: JSON.parse(await readFile(file, "utf8")) as PreviewRecord };
}

/** Writes `<ISO time>-<delivery id>.json` whole (temporary file, then rename); returns its path. */
export async function writePreview(dir: string, record: PreviewRecord, now: Date): Promise<string> {
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, `${isoBasic(now)}-${fileId(record.delivery.id)}.json`);
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(record, null, 2)}\n`, { flag: "wx" });
  await rename(temporary, file);
  return file;
}
