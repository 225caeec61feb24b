import type { PostChannel } from "../db/schema/enums.js";
import type { PostContent, Problem } from "./channel.js";
import { xValidator } from "./x/validate.js";

const validators = { x: xValidator } as const;

/** Every problem of the content on each target channel, in channel order. */
export function contentProblems(content: PostContent, channels: readonly PostChannel[]): Problem[] {
  return channels.flatMap((channel) => validators[channel].validate(content));
}
