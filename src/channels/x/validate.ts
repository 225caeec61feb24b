import type { ContentValidator, Problem } from "../channel.js";
import { X_MAX_MEDIA, X_MAX_WEIGHTED_LENGTH, xWeightedLength } from "./length.js";
import { splitIntoThread } from "./thread.js";

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
    // Reported, never cut: a long post goes out as a numbered thread, and staff should know.
    if (length > X_MAX_WEIGHTED_LENGTH) {
      const parts = splitIntoThread(body).length;
      problems.push({
        channel: "x",
        code: "too_long",
        severity: "warning",
        message: `The X post is ${length} weighted characters; X allows ${X_MAX_WEIGHTED_LENGTH}, so it will go out as a thread of ${parts} posts.`,
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
