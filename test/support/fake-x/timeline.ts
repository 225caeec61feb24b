import { type Answer, invalidRequest } from "./problems.js";
import { FAKE_X_USER, type FakePost, Refusal } from "./state.js";

export type MediaKeyOf = (mediaId: string) => string;

/**
 * A post as X v2 renders it: `id`, `text` and `edit_history_tweet_ids` always, other fields only
 * when `tweet.fields` asks, which is why code that needs `created_at` must request it.
 */
export function renderPost(
  post: FakePost,
  fields: Set<string>,
  mediaKeyOf: MediaKeyOf,
): Record<string, unknown> {
  const rendered: Record<string, unknown> = {
    id: post.id,
    text: post.text,
    edit_history_tweet_ids: [post.id],
  };
  if (fields.has("created_at")) rendered.created_at = post.created_at;
  if (fields.has("author_id")) rendered.author_id = FAKE_X_USER.id;
  if (fields.has("conversation_id")) rendered.conversation_id = post.conversation_id;
  if (fields.has("in_reply_to_user_id") && post.in_reply_to) {
    rendered.in_reply_to_user_id = FAKE_X_USER.id;
  }
  if (fields.has("referenced_tweets") && post.in_reply_to) {
    rendered.referenced_tweets = [{ type: "replied_to", id: post.in_reply_to }];
  }
  if (fields.has("attachments") && post.media_ids.length > 0) {
    rendered.attachments = { media_keys: post.media_ids.map(mediaKeyOf) };
  }
  return rendered;
}

export const fieldsOf = (query: Record<string, string>) =>
  new Set((query["tweet.fields"] ?? "").split(",").filter(Boolean));

const tokenFor = (id: string) => Buffer.from(`before:${id}`).toString("base64url");
const idFromToken = (token: string) => {
  const decoded = Buffer.from(token, "base64url").toString("utf8");
  if (!decoded.startsWith("before:")) {
    throw new Refusal(invalidRequest("The `pagination_token` query parameter value is invalid."));
  }
  return BigInt(decoded.slice("before:".length));
};

/** GET /2/users/:id/tweets over the account's posts, newest first, paginated with next_token. */
export function timeline(
  newestFirst: FakePost[],
  query: Record<string, string>,
  mediaKeyOf: MediaKeyOf,
): Answer {
  const maxResults = Number(query.max_results ?? 10);
  if (!Number.isInteger(maxResults) || maxResults < 5 || maxResults > 100) {
    throw new Refusal(
      invalidRequest(
        `The \`max_results\` query parameter value [${query.max_results}] is not between 5 and 100`,
        { max_results: [query.max_results] },
      ),
    );
  }
  const excluded = new Set((query.exclude ?? "").split(","));
  const before = query.pagination_token ? idFromToken(query.pagination_token) : null;
  const matching = newestFirst.filter((post) => {
    const id = BigInt(post.id);
    if (query.since_id && id <= BigInt(query.since_id)) return false;
    if (query.until_id && id >= BigInt(query.until_id)) return false;
    if (query.start_time && post.created_at < new Date(query.start_time).toISOString())
      return false;
    if (query.end_time && post.created_at >= new Date(query.end_time).toISOString()) return false;
    if (excluded.has("replies") && post.in_reply_to) return false;
    return before === null || id < before;
  });
  const page = matching.slice(0, maxResults);
  const first = page[0];
  const last = page[page.length - 1];
  if (!first || !last) return { status: 200, body: { meta: { result_count: 0 } } };
  const fields = fieldsOf(query);
  const meta: Record<string, unknown> = {
    result_count: page.length,
    newest_id: first.id,
    oldest_id: last.id,
  };
  if (matching.length > page.length) meta.next_token = tokenFor(last.id);
  return {
    status: 200,
    body: { data: page.map((post) => renderPost(post, fields, mediaKeyOf)), meta },
  };
}
