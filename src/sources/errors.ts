/**
 * Why a source could not be synced. `unusable`: what we got (or were asked to fetch) cannot be
 * used, answered 422; `unreachable`: the other server failed us, answered 502. Either way the
 * sync changed nothing and the source shows the message as its lastError.
 */
export class FeedError extends Error {
  constructor(
    readonly kind: "unusable" | "unreachable",
    message: string,
  ) {
    super(message);
  }

  get status(): 422 | 502 {
    return this.kind === "unusable" ? 422 : 502;
  }

  get code(): "feed_unusable" | "feed_unreachable" {
    return this.kind === "unusable" ? "feed_unusable" : "feed_unreachable";
  }
}
