import type { PostChannel } from "../db/schema/enums.js";

/** Something staff should know before scheduling: errors block approval, warnings do not. */
export interface Problem {
  channel: PostChannel;
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
