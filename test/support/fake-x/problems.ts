/**
 * What X answers, as bodies. X API v2 errors are RFC 7807 problem objects; the shapes and
 * wording below are copied from real responses quoted in public bug reports (see README.md in
 * this folder), so code under test meets the strings it will meet in production.
 */

export interface Answer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export const DUPLICATE_DETAIL = "You are not allowed to create a Tweet with duplicate content.";

const problem = (status: number, title: string, detail: string, type = "about:blank"): Answer => ({
  status,
  body: { title, detail, type, status },
});

export const tooManyRequests = () => problem(429, "Too Many Requests", "Too Many Requests");
export const serviceUnavailable = () => problem(503, "Service Unavailable", "Service Unavailable");
export const unauthorized = () => problem(401, "Unauthorized", "Unauthorized");
export const forbidden = () =>
  problem(403, "Forbidden", "You are not permitted to perform this action.");
/** X names no existing post here: a caller must look for it on the account itself. */
export const duplicate = () => problem(403, "Forbidden", DUPLICATE_DETAIL);
export const replyTargetGone = () =>
  problem(
    403,
    "Forbidden",
    "You attempted to reply to a Tweet that is deleted or not visible to you.",
  );
/** Not from X (its unknown paths are not documented); a double-only answer that names the route. */
export const noSuchRoute = (method: string, path: string) =>
  problem(404, "Not Found Error", `The fake X API has no route for ${method} ${path}.`);

/** X's 400: a generic title and detail, the specifics in `errors[].message`. */
export const invalidRequest = (message: string, parameters: Record<string, unknown[]> = {}) => ({
  status: 400,
  body: {
    errors: [{ parameters, message }],
    title: "Invalid Request",
    detail: "One or more parameters to your request was invalid.",
    type: "https://api.twitter.com/2/problems/invalid-request",
  },
});

/** Lookups answer 200 with `errors` instead of `data` when the resource is missing. */
export const resourceNotFound = (resourceType: "tweet" | "user", id: string): Answer => ({
  status: 200,
  body: {
    errors: [
      {
        value: id,
        detail: `Could not find ${resourceType} with id: [${id}].`,
        title: "Not Found Error",
        resource_type: resourceType,
        parameter: "id",
        resource_id: id,
        type: "https://api.twitter.com/2/problems/resource-not-found",
      },
    ],
  },
});
