import { eq } from "drizzle-orm";
import { eventPost } from "../automation/planner.js";
import { postRenderer } from "../automation/render-post.js";
import type { PostContent } from "../channels/channel.js";
import { contentProblems } from "../channels/validators.js";
import type { PostChannel } from "../db/schema/enums.js";
import { automationRules, events, posts } from "../db/schema/index.js";
import type { Deps } from "../deps.js";
import type { Ctx } from "../shared/context.js";
import { AppError, notFound, rootCause } from "../shared/errors.js";
import type { PreviewInput } from "./schemas.js";

/** What each channel would publish, part by part, with its problems; nothing is saved. */
function perChannel(
  deps: Pick<Deps, "channels">,
  content: PostContent,
  channels: readonly PostChannel[],
) {
  return channels.map((channel) => ({
    channel,
    parts: deps.channels[channel].parts(content),
    problems: contentProblems(content, [channel]),
  }));
}

export async function preview(
  ctx: Ctx,
  deps: Pick<Deps, "channels" | "renderer">,
  input: PreviewInput,
) {
  if ("post" in input) {
    const content = { body: input.post.body, mediaUrls: input.post.mediaUrls };
    return {
      body: content.body,
      scheduledAt: null,
      channels: perChannel(deps, content, input.post.channels),
    };
  }
  if ("postId" in input) {
    const [post] = await ctx.db.select().from(posts).where(eq(posts.id, input.postId));
    if (!post) throw notFound("Post", input.postId);
    return {
      body: post.body,
      scheduledAt: post.scheduledAt?.toISOString() ?? null,
      channels: perChannel(deps, post, post.channels),
    };
  }
  const [rule] = await ctx.db
    .select()
    .from(automationRules)
    .where(eq(automationRules.id, input.ruleId));
  if (!rule) throw notFound("Rule", input.ruleId);
  if (rule.subject !== "events") {
    throw new AppError(
      "validation_failed",
      "Previewing a rule works for event rules; send an eventId",
      {
        issues: [{ path: "body.ruleId", message: "is not an event rule" }],
      },
    );
  }
  const [event] = await ctx.db.select().from(events).where(eq(events.id, input.eventId));
  if (!event) throw notFound("Event", input.eventId);
  let planned: Awaited<ReturnType<typeof eventPost>>;
  try {
    planned = await eventPost(ctx, rule, event, postRenderer(ctx, deps.renderer));
  } catch (err) {
    // The template that would fail the scheduler fails here first, with the reason.
    throw new AppError(
      "content_problems",
      `The template ${rule.template} fails: ${rootCause(err)}`,
    );
  }
  if (!planned) {
    throw new AppError(
      "conflict",
      "This rule makes no post for this event (it would come after the event begins)",
    );
  }
  return {
    body: planned.body,
    scheduledAt: planned.at.toISOString(),
    channels: perChannel(deps, planned, rule.channels as PostChannel[]),
  };
}
