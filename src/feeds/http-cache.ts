import type { Context } from "hono";

/**
 * A finished answer, encoded once: its bytes, a gzipped copy for clients that take one (calendar
 * apps and feed readers do; a 1,000-event calendar goes from 1 MB to 55 KB), and a strong ETag
 * hashed from the bytes, so it is the same on every server.
 */
export interface Cacheable {
  body: Uint8Array;
  etag: string;
  gzipped?: { body: Uint8Array; etag: string };
}

const encoder = new TextEncoder();

async function hashTag(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", bytes);
  const hash = btoa(String.fromCharCode(...new Uint8Array(digest).slice(0, 18)))
    .replace(/\+/g, "-")
    .replace(/\//g, "_");
  return `"${hash}"`;
}

async function gzip(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes]).stream().pipeThrough(new CompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

export async function cacheable(text: string, { compress = false } = {}): Promise<Cacheable> {
  const body = encoder.encode(text);
  const etag = await hashTag(body);
  if (!compress) return { body, etag };
  // Another content coding is another representation: it gets its own strong ETag.
  return { body, etag, gzipped: { body: await gzip(body), etag: etag.replace(/"$/, '-gz"') } };
}

/** If-None-Match compares weakly (RFC 9110): `*`, a list, W/ prefixes all count. */
export function matchesIfNoneMatch(header: string | undefined, etags: string[]): boolean {
  if (!header) return false;
  if (header.trim() === "*") return true;
  return header.split(",").some((tag) => etags.includes(tag.trim().replace(/^W\//, "")));
}

/** Accept-Encoding names gzip without q=0. */
function acceptsGzip(header: string | undefined): boolean {
  return (header ?? "").split(",").some((part) => {
    const [coding = "", ...params] = part.split(";").map((piece) => piece.trim().toLowerCase());
    const q = params.find((param) => param.startsWith("q="));
    return coding === "gzip" && (q === undefined || Number(q.slice(2)) > 0);
  });
}

/**
 * 304 with no body when the client holds this version (in either coding), else the body; both
 * say how long to cache.
 */
export function answerCacheable(
  c: Context,
  answer: Cacheable,
  contentType: string,
  maxAgeSeconds: number,
): Response {
  const variant =
    answer.gzipped && acceptsGzip(c.req.header("accept-encoding")) ? answer.gzipped : undefined;
  const headers: Record<string, string> = {
    ETag: variant?.etag ?? answer.etag,
    "Cache-Control": `public, max-age=${maxAgeSeconds}`,
  };
  if (answer.gzipped) headers.Vary = "Accept-Encoding";
  const known = [answer.etag, ...(answer.gzipped ? [answer.gzipped.etag] : [])];
  if (matchesIfNoneMatch(c.req.header("if-none-match"), known)) return c.body(null, 304, headers);
  if (variant) headers["Content-Encoding"] = "gzip";
  return c.body((variant ?? answer).body as Uint8Array<ArrayBuffer>, 200, {
    ...headers,
    "Content-Type": contentType,
  });
}
