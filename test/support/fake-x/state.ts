import twitterText from "twitter-text";
import {
  type Answer,
  duplicate,
  invalidRequest,
  replyTargetGone,
  resourceNotFound,
} from "./problems.js";

/** The one account the fake serves: the library's. The id is fixed so tests can name it. */
export const FAKE_X_USER = {
  id: "1580000000000000001",
  name: "Perpustakaan Kota Manado",
  username: "perpuskotamanado",
} as const;

/** Deterministic, snowflake-sized ids: big enough that a Number would lose digits. */
const FIRST_ID = 1_870_000_000_000_000_000n;

export interface FakePost {
  id: string;
  text: string;
  created_at: string;
  in_reply_to: string | null;
  conversation_id: string;
  media_ids: string[];
}

export interface FakeMedia {
  id: string;
  media_key: string;
  media_type: string;
  media_category: string | undefined;
  total_bytes: number;
  segments: Map<number, Buffer>;
  state: "uploading" | "processing" | "succeeded";
}

/** A refusal X would answer with; routes turn it into the HTTP answer. */
export class Refusal extends Error {
  constructor(readonly answer: Answer) {
    super(`refused with ${answer.status}`);
  }
}

const MAX_WEIGHTED_LENGTH = 280;
const MAX_MEDIA = 4;

export interface CreatePostInput {
  text?: unknown;
  reply?: { in_reply_to_tweet_id?: unknown };
  media?: { media_ids?: unknown };
}

export class FakeXState {
  readonly posts: FakePost[] = [];
  readonly deletedPosts: FakePost[] = [];
  readonly media = new Map<string, FakeMedia>();
  private lastId = FIRST_ID;

  constructor(private readonly now: () => Date) {}

  nextId(): string {
    this.lastId += 1n;
    return this.lastId.toString();
  }

  findPost(id: string): FakePost {
    const post = this.posts.find((p) => p.id === id);
    if (!post) throw new Refusal(resourceNotFound("tweet", id));
    return post;
  }

  /** Checks in X's order as far as we know it: shape, length, reply target, media, duplicate. */
  createPost(input: CreatePostInput): FakePost {
    const text = input.text ?? "";
    if (typeof text !== "string") throw new Refusal(invalidRequest("`text` must be a string."));
    const mediaIds = input.media?.media_ids ?? [];
    if (!Array.isArray(mediaIds) || !mediaIds.every((id) => typeof id === "string")) {
      throw new Refusal(invalidRequest("`media.media_ids` must be an array of strings."));
    }
    if (text.trim() === "" && mediaIds.length === 0) {
      throw new Refusal(invalidRequest("A post needs text or media."));
    }
    if (twitterText.parseTweet(text).weightedLength > MAX_WEIGHTED_LENGTH) {
      throw new Refusal(
        invalidRequest(
          "Your Tweet text is too long. For more information on how Twitter determines text length see https://github.com/twitter/twitter-text.",
        ),
      );
    }
    const replyTo = input.reply?.in_reply_to_tweet_id;
    const parent = typeof replyTo === "string" ? this.posts.find((p) => p.id === replyTo) : null;
    if (replyTo !== undefined && !parent) throw new Refusal(replyTargetGone());
    const ready = (id: string) => this.media.get(id)?.state === "succeeded";
    if (mediaIds.length > MAX_MEDIA || !mediaIds.every(ready)) {
      throw new Refusal(
        invalidRequest("Your media IDs are invalid.", { "media.media_ids": mediaIds }),
      );
    }
    // X refuses the same text from the same account; it does not say which post it matched.
    if (text !== "" && this.posts.some((p) => p.text === text)) throw new Refusal(duplicate());
    const id = this.nextId();
    const post: FakePost = {
      id,
      text,
      created_at: this.now().toISOString(),
      in_reply_to: parent?.id ?? null,
      conversation_id: parent?.conversation_id ?? id,
      media_ids: mediaIds as string[],
    };
    this.posts.push(post);
    return post;
  }

  /** Returns whether a live post was removed. */
  deletePost(id: string): boolean {
    const index = this.posts.findIndex((p) => p.id === id);
    if (index === -1) return false;
    const [post] = this.posts.splice(index, 1);
    if (post) this.deletedPosts.push(post);
    return true;
  }

  /** Newest first, as X's timelines are; ids grow with time so they order posts. */
  postsNewestFirst(): FakePost[] {
    return [...this.posts].sort((a, b) => compareIds(b.id, a.id));
  }
}

export const compareIds = (a: string, b: string) => {
  const diff = BigInt(a) - BigInt(b);
  return diff < 0n ? -1 : diff > 0n ? 1 : 0;
};
