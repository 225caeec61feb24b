import type { PostChannel } from "../db/schema/enums.js";

/** Something staff should know before scheduling: errors block approval, warnings do not. */
export interface Problem {
  /** null: a problem of the post itself (its schedule), not of one channel. */
  channel: PostChannel | null;
  code: string;
  severity: "error" | "warning";
  message: string;
}

export interface PostContent {
  body: string;
  mediaUrls: string[];
}

/** What every channel can say about content before anything is sent. */
export interface ContentValidator {
  kind: PostChannel;
  validate(content: PostContent): Problem[];
}
