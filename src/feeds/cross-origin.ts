import type { MiddlewareHandler } from "hono";

/**
 * Lets the library's website read feeds and public JSON from a browser on another origin.
 * Headers are added after the handler: hono's cors middleware touches the response before it,
 * which makes Hono rebuild every answer as a stream (a 1 MB feed then costs ten times more).
 */
export const anyOrigin: MiddlewareHandler = async (c, next) => {
  if (c.req.method === "OPTIONS") {
    return c.body(null, 204, {
      "Access-Control-Allow-Origin": "*",
      "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
      "Access-Control-Allow-Headers": "If-None-Match",
      "Access-Control-Max-Age": "86400",
    });
  }
  await next();
  c.res.headers.set("Access-Control-Allow-Origin", "*");
  c.res.headers.set("Access-Control-Expose-Headers", "ETag");
};
