import twitterText from "twitter-text";
import type { ContentValidator, Problem } from "../channel.js";

export const X_MAX_WEIGHTED_LENGTH = 280;
export const X_MAX_MEDIA = 4;

/** X's own counting (twitter-text): URLs weigh 23, emoji and CJK weigh 2. */
export const xWeightedLength = (text: string) => twitterText.parseTweet(text).weightedLength;

export const xValidator: ContentValidator = {
  kind: "x",
  validate({ body, mediaUrls }) {
    const problems: Problem[] = [];
    const length = xWeightedLength(body);
    if (body.trim() === "" && mediaUrls.length === 0) {
      problems.push({
        channel: "x",
        code: "empty",
        severity: "error",
        message: "An X post needs text or an image",
      });
    }
    if (length > X_MAX_WEIGHTED_LENGTH) {
      problems.push({
        channel: "x",
        code: "too_long",
        severity: "error",
        message: `The X post is ${length} weighted characters; X allows ${X_MAX_WEIGHTED_LENGTH}. Shorten it by ${length - X_MAX_WEIGHTED_LENGTH}.`,
      });
    }
    if (mediaUrls.length > X_MAX_MEDIA) {
      problems.push({
        channel: "x",
        code: "too_many_media",
        severity: "error",
        message: `An X post carries at most ${X_MAX_MEDIA} images; this one has ${mediaUrls.length}`,
      });
    }
    return problems;
  },
};
