import twitterText from "twitter-text";
import { splitIntoThread } from "./thread.js";

/**
 * What to do with links. X charges about 13 times more for a post with a URL, so:
 * - "keep": post the text as written;
 * - "reply": take the URLs out of the text and post them together in one reply after the thread
 *   (one costly post instead of one per part that had a link; for a single post it costs more);
 * - "drop": take the URLs out and post no links at all.
 */
export type LinkPolicy = "keep" | "reply" | "drop";

export interface PostPlan {
  /** Every post in order; each after the first replies to the one before it. */
  parts: string[];
  /** How many leading `parts` are the body's thread (the first carries the media). */
  threadLength: number;
  /** The URLs taken out of the body ("reply" and "drop"), in order, without repeats. */
  links: string[];
}

const OPENERS = /[([{"'“‘]$/u;
const CLOSERS_OR_PUNCTUATION = /^[)\]}"'”’.,;:!?…]/u;
const HORIZONTAL_SPACE_END = /[ \t\u00A0]+$/u;
const HORIZONTAL_SPACE_START = /^[ \t\u00A0]+/u;

/**
 * The text with every URL (as X recognises them, bare domains included) taken out, tidied only
 * where something was removed: no double spaces, no space before punctuation, no empty "()".
 */
export function removeUrls(text: string): { text: string; urls: string[] } {
  const found = twitterText.extractUrlsWithIndices(text);
  if (found.length === 0) return { text, urls: [] };
  let out = "";
  let last = 0;
  /** Appends the text after a removed URL, tidying the seam. */
  const join = (right: string) => {
    let left = out.replace(HORIZONTAL_SPACE_END, "");
    let rest = right.replace(HORIZONTAL_SPACE_START, "");
    // "(https://...)" leaves "()": drop the pair.
    const pair = `${left.slice(-1)}${rest.slice(0, 1)}`;
    if (pair === "()" || pair === "[]" || pair === "<>") {
      left = left.slice(0, -1).replace(HORIZONTAL_SPACE_END, "");
      rest = rest.slice(1).replace(HORIZONTAL_SPACE_START, "");
    }
    const tight =
      left === "" ||
      left.endsWith("\n") ||
      rest === "" ||
      rest.startsWith("\n") ||
      rest.startsWith("\r") ||
      OPENERS.test(left) ||
      CLOSERS_OR_PUNCTUATION.test(rest);
    out = left + (tight ? "" : " ") + rest;
  };
  for (const [i, { indices }] of found.entries()) {
    const [start, end] = indices;
    if (i === 0) out = text.slice(0, start);
    else join(text.slice(last, start));
    last = end;
  }
  join(text.slice(last));
  const tidied = out
    .split("\n")
    .map((line) => line.replace(HORIZONTAL_SPACE_END, ""))
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
  return { text: tidied, urls: [...new Set(found.map((u) => u.url))] };
}

/**
 * The posts one delivery becomes, in order: the body split into a numbered thread (with the
 * media on its first part; an empty text when the post is only media), then for "reply" the
 * links, as few posts as hold them. Pure: the same input always gives the same parts, which
 * is what lets a crashed delivery resume and be reconciled by counting parts.
 */
export function planPosts(body: string, mediaCount: number, policy: LinkPolicy = "keep"): PostPlan {
  const removed = policy === "keep" ? { text: body, urls: [] } : removeUrls(body);
  const thread = splitIntoThread(removed.text);
  if (thread.length === 0 && mediaCount > 0) thread.push("");
  const linkParts =
    policy === "reply" && removed.urls.length > 0
      ? splitIntoThread(removed.urls.join("\n"), { numbering: false })
      : [];
  return { parts: [...thread, ...linkParts], threadLength: thread.length, links: removed.urls };
}
