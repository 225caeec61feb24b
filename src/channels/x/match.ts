import twitterText from "twitter-text";

/** A post on the account's timeline, as reconciliation needs it. */
export interface TimelinePost {
  id: string;
  text: string;
  /** The post it replies to, when X says (`referenced_tweets` of type `replied_to`). */
  repliedTo: string | undefined;
}

const ENTITIES: Record<string, string> = { "&amp;": "&", "&lt;": "<", "&gt;": ">" };

/** X's v2 answers escape &, < and > in `text`. */
const decode = (text: string) => text.replace(/&(?:amp|lt|gt);/g, (e) => ENTITIES[e] ?? e);

const exact = (text: string) => decode(text).normalize("NFC").trim();

/** Without URLs: X answers links as t.co and may append a media link, so those cannot match. */
function withoutUrls(text: string): string {
  const decoded = exact(text);
  let out = "";
  let last = 0;
  for (const { indices } of twitterText.extractUrlsWithIndices(decoded)) {
    out += `${decoded.slice(last, indices[0])} `;
    last = indices[1];
  }
  return (out + decoded.slice(last)).replace(/\s+/gu, " ").trim();
}

/**
 * Whether a post on X carries this part's text: equal as written, or, when X rewrote the links,
 * equal once the links are set aside (a part that is nothing but links must match exactly).
 */
export function sameText(posted: string, part: string): boolean {
  if (exact(posted) === exact(part)) return true;
  const bare = withoutUrls(part);
  return bare !== "" && withoutUrls(posted) === bare;
}

/** The chain of parts from `index` on, each replying to `previous`, found among `posts`. */
function chainFrom(
  posts: readonly TimelinePost[],
  parts: readonly string[],
  index: number,
  previous: string,
): string[] {
  const found: string[] = [];
  let prev = previous;
  for (let k = index; k < parts.length; k++) {
    const part = parts[k] ?? "";
    const post = posts.find((p) => p.repliedTo === prev && sameText(p.text, part));
    if (!post) break;
    found.push(post.id);
    prev = post.id;
  }
  return found;
}

/**
 * The ids of the parts after `known` that are already on the account, in order, stopping at the
 * first part not found. The first part must not be a reply; every later part must reply to the
 * part before it. When several posts carry the first part's text, the one with the longest
 * thread behind it wins, then the newest (`posts` come newest first).
 */
export function findPostedParts(
  posts: readonly TimelinePost[],
  parts: readonly string[],
  known: readonly string[],
): string[] {
  const start = known.length;
  if (start >= parts.length) return [];
  const last = known.at(-1);
  if (last !== undefined) return chainFrom(posts, parts, start, last);
  const first = parts[0] ?? "";
  let best: string[] = [];
  for (const post of posts) {
    if (post.repliedTo !== undefined || !sameText(post.text, first)) continue;
    const chain = [post.id, ...chainFrom(posts, parts, 1, post.id)];
    if (chain.length > best.length) best = chain;
  }
  return best;
}
