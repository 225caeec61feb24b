import * as media from "./media.js";
import { type Answer, invalidRequest, resourceNotFound } from "./problems.js";
import { type CreatePostInput, FAKE_X_USER, type FakeXState, Refusal } from "./state.js";
import { fieldsOf, renderPost, timeline } from "./timeline.js";

/** Every endpoint the fake answers, named the way X's docs name them (and faults target them). */
export type RouteKey =
  | "POST /2/tweets"
  | "DELETE /2/tweets/:id"
  | "GET /2/tweets/:id"
  | "GET /2/users/me"
  | "GET /2/users/:id/tweets"
  | "POST /2/media/upload/initialize"
  | "POST /2/media/upload/:id/append"
  | "POST /2/media/upload/:id/finalize"
  | "GET /2/media/upload";

export interface RouteContext {
  state: FakeXState;
  params: string[];
  query: Record<string, string>;
  body: unknown;
  now: Date;
}

interface Route {
  key: RouteKey;
  pattern: RegExp;
  handle(ctx: RouteContext): Answer;
}

const ok = (body: unknown, status = 200): Answer => ({ status, body });
const param = (ctx: RouteContext, i: number) => ctx.params[i] ?? "";
const mediaKeyOf = (ctx: RouteContext) => (id: string) => media.mediaKeyOf(ctx.state, id);

const routes: Route[] = [
  {
    key: "POST /2/tweets",
    pattern: /^\/2\/tweets$/,
    handle(ctx) {
      if (typeof ctx.body !== "object" || ctx.body === null) {
        throw new Refusal(invalidRequest("The request body must be a JSON object."));
      }
      const post = ctx.state.createPost(ctx.body as CreatePostInput);
      // 201, and only these three fields: X does not echo created_at or reply data here.
      return ok({ data: { id: post.id, text: post.text, edit_history_tweet_ids: [post.id] } }, 201);
    },
  },
  {
    key: "DELETE /2/tweets/:id",
    pattern: /^\/2\/tweets\/(\d+)$/,
    // Unverified against X for unknown ids: the double answers deleted: false rather than guess.
    handle: (ctx) => ok({ data: { deleted: ctx.state.deletePost(param(ctx, 0)) } }),
  },
  {
    key: "GET /2/tweets/:id",
    pattern: /^\/2\/tweets\/(\d+)$/,
    handle(ctx) {
      const post = ctx.state.findPost(param(ctx, 0));
      return ok({ data: renderPost(post, fieldsOf(ctx.query), mediaKeyOf(ctx)) });
    },
  },
  {
    key: "GET /2/users/me",
    pattern: /^\/2\/users\/me$/,
    handle: () => ok({ data: { ...FAKE_X_USER } }),
  },
  {
    key: "GET /2/users/:id/tweets",
    pattern: /^\/2\/users\/(\d+)\/tweets$/,
    handle(ctx) {
      const id = param(ctx, 0);
      if (id !== FAKE_X_USER.id) return resourceNotFound("user", id);
      return timeline(ctx.state.postsNewestFirst(), ctx.query, mediaKeyOf(ctx));
    },
  },
  {
    key: "POST /2/media/upload/initialize",
    pattern: /^\/2\/media\/upload\/initialize$/,
    handle: (ctx) => media.initialize(ctx.state, ctx.body),
  },
  {
    key: "POST /2/media/upload/:id/append",
    pattern: /^\/2\/media\/upload\/(\d+)\/append$/,
    handle: (ctx) =>
      media.append(ctx.state, param(ctx, 0), ctx.body, Math.floor(ctx.now.getTime() / 1000)),
  },
  {
    key: "POST /2/media/upload/:id/finalize",
    pattern: /^\/2\/media\/upload\/(\d+)\/finalize$/,
    handle: (ctx) => media.finalize(ctx.state, param(ctx, 0)),
  },
  {
    key: "GET /2/media/upload",
    pattern: /^\/2\/media\/upload$/,
    handle: (ctx) => media.status(ctx.state, ctx.query),
  },
];

export interface RouteMatch {
  key: RouteKey;
  params: string[];
  handle(ctx: RouteContext): Answer;
}

export function matchRoute(method: string, path: string): RouteMatch | null {
  for (const route of routes) {
    if (!route.key.startsWith(`${method} `)) continue;
    const found = route.pattern.exec(path);
    if (found) return { key: route.key, params: found.slice(1), handle: route.handle };
  }
  return null;
}
