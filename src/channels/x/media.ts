/** Images for X posts: fetched from the post's media URLs, checked, then uploaded to X. */

export interface FetchedMedia {
  data: Buffer;
  mimeType: string;
}

export type FetchMedia = (url: string) => Promise<FetchedMedia>;

/** X's limit for images (GIFs may be larger on X; Warta keeps one limit for all). */
export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;

/** The image types X accepts for posts. */
export const X_IMAGE_TYPES: ReadonlySet<string> = new Set([
  "image/jpeg",
  "image/png",
  "image/gif",
  "image/webp",
]);

/**
 * A media URL that could not be used. `transient` when trying again later may work (the image
 * host was down or slow); otherwise the post's media must be fixed by a person.
 */
export class MediaFetchError extends Error {
  constructor(
    readonly url: string,
    readonly problem: string,
    readonly transient = false,
  ) {
    super(`Image ${url} ${problem}`);
    this.name = "MediaFetchError";
  }
}

/** The image type by its first bytes, whatever the server claimed. */
export function sniffImageType(data: Buffer): string | undefined {
  if (data.length >= 8 && data.subarray(0, 8).equals(PNG_MAGIC)) return "image/png";
  if (data.length >= 3 && data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) {
    return "image/jpeg";
  }
  if (data.length >= 6 && /^GIF8[79]a$/.test(data.subarray(0, 6).toString("latin1"))) {
    return "image/gif";
  }
  if (
    data.length >= 12 &&
    data.subarray(0, 4).toString("latin1") === "RIFF" &&
    data.subarray(8, 12).toString("latin1") === "WEBP"
  ) {
    return "image/webp";
  }
  return undefined;
}

const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/**
 * Checks what a fetcher returned (the default one or an injected one): a non-empty image X
 * accepts, at most 5 MB. The type is taken from the bytes when they name one.
 */
export function checkImage(url: string, media: FetchedMedia): FetchedMedia {
  const { data } = media;
  if (!Buffer.isBuffer(data) || data.length === 0) throw new MediaFetchError(url, "is empty");
  if (data.length > MAX_IMAGE_BYTES) {
    throw new MediaFetchError(url, `is too big (${data.length} bytes; X takes at most 5 MB)`);
  }
  const declared = media.mimeType.split(";")[0]?.trim().toLowerCase() ?? "";
  const mimeType = sniffImageType(data) ?? declared;
  if (!X_IMAGE_TYPES.has(mimeType)) {
    throw new MediaFetchError(
      url,
      `is not an image X accepts (${declared || "no content type"}; JPEG, PNG, GIF or WebP)`,
    );
  }
  return { data, mimeType };
}

export interface FetchImageOptions {
  timeoutMs: number;
  maxBytes?: number;
}

/** The default fetcher: global fetch with a timeout and a size limit, images only. */
export function createImageFetcher({
  timeoutMs,
  maxBytes = MAX_IMAGE_BYTES,
}: FetchImageOptions): FetchMedia {
  return async (url) => {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new MediaFetchError(url, "is not a valid URL");
    }
    if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
      throw new MediaFetchError(url, "is not an http(s) URL");
    }
    const signal = AbortSignal.timeout(timeoutMs);
    let response: Response;
    try {
      response = await fetch(parsed, { signal, redirect: "follow" });
    } catch (error) {
      throw new MediaFetchError(url, `could not be fetched (${describe(error)})`, true);
    }
    if (!response.ok) {
      await response.body?.cancel().catch(() => {});
      const retryable =
        response.status >= 500 || response.status === 408 || response.status === 429;
      throw new MediaFetchError(url, `answered HTTP ${response.status}`, retryable);
    }
    const type = (response.headers.get("content-type") ?? "").split(";")[0]?.trim().toLowerCase();
    if (!type?.startsWith("image/")) {
      await response.body?.cancel().catch(() => {});
      throw new MediaFetchError(url, `is not an image (content type ${type || "missing"})`);
    }
    const declared = Number(response.headers.get("content-length") ?? Number.NaN);
    if (Number.isFinite(declared) && declared > maxBytes) {
      await response.body?.cancel().catch(() => {});
      throw new MediaFetchError(url, `is too big (${declared} bytes; X takes at most 5 MB)`);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    try {
      for await (const chunk of response.body ?? []) {
        size += chunk.length;
        if (size > maxBytes) {
          // Leaving the loop by throwing cancels the stream.
          throw new MediaFetchError(
            url,
            `is too big (over ${maxBytes} bytes; X takes at most 5 MB)`,
          );
        }
        chunks.push(Buffer.from(chunk));
      }
    } catch (error) {
      if (error instanceof MediaFetchError) throw error;
      throw new MediaFetchError(url, `could not be read (${describe(error)})`, true);
    }
    return { data: Buffer.concat(chunks), mimeType: type };
  };
}

const describe = (error: unknown): string => {
  if (error instanceof Error) {
    if (error.name === "TimeoutError") return "timed out";
    const cause = (error as { cause?: unknown }).cause;
    return cause instanceof Error ? `${error.message}: ${cause.message}` : error.message;
  }
  return String(error);
};
