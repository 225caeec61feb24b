import twitterText from "twitter-text";

export const X_MAX_WEIGHTED_LENGTH = 280;
export const X_MAX_MEDIA = 4;

/** X's own counting (twitter-text): URLs weigh 23, emoji and CJK weigh 2. */
export const xWeightedLength = (text: string) => twitterText.parseTweet(text).weightedLength;
