import { createRoute } from "@hono/zod-openapi";
import { ctxOf } from "../http/context.js";
import { bearer, errors, IdParams, IfMatchHeaders, json, needs } from "../http/openapi.js";
import { resourceRoutes } from "../http/resource.js";
import { etagOf, parseIfMatch } from "../shared/concurrency.js";
import { CreatePostInput, ListPostsQuery, Post, PostPage, UpdatePostInput } from "./schemas.js";
import { approvePost, cancelPost, createPost, getPost, listPosts, updatePost } from "./service.js";

const approve = createRoute({
  method: "post",
  path: "/posts/{id}/approve",
  tags: ["Posts"],
  summary: "Approve a draft (publisher): one outbox row per channel, published when due",
  security: bearer,
  middleware: [needs("publisher")],
  request: { params: IdParams, headers: IfMatchHeaders },
  responses: {
    200: json(Post, "The approved post with its outbox rows"),
    ...errors(404, 409, 422),
  },
});

export const postRoutes = resourceRoutes({
  path: "/posts",
  tag: "Posts",
  noun: "post",
  schemas: {
    create: CreatePostInput,
    update: UpdatePostInput,
    query: ListPostsQuery,
    item: Post,
    page: PostPage,
  },
  service: {
    list: (ctx, query) => listPosts({ ctx, query }),
    create: (ctx, input) => createPost({ ctx, input }),
    get: (ctx, id) => getPost({ ctx, id }),
    update: (ctx, id, input, ifMatch) => updatePost({ ctx, id, input, ifMatch }),
    remove: (ctx, id, ifMatch) => cancelPost({ ctx, id, ifMatch }),
  },
  writeRole: "editor",
  deletes: "soft",
  createCanConflict: false,
  removeSummary:
    "Cancel a post and withdraw its unsent outbox rows (editor for drafts, publisher once approved)",
}).openapi(approve, async (c) => {
  const post = await approvePost({
    ctx: ctxOf(c),
    id: c.req.valid("param").id,
    ifMatch: parseIfMatch(c.req.valid("header")["if-match"]),
  });
  c.header("ETag", etagOf(post.version));
  return c.json(post, 200);
});
