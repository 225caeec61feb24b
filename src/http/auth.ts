import type { MiddlewareHandler } from "hono";
import { type Actor, hasRole } from "../auth/actor.js";
import { authenticate } from "../auth/authenticate.js";
import type { Role } from "../db/schema/enums.js";
import { AppError } from "../shared/errors.js";
import type { AppEnv } from "./env.js";

/** Bearer token → actor. Every /api route needs one; roles are checked per route. */
export const authenticateRequest: MiddlewareHandler<AppEnv> = async (c, next) => {
  const header = c.req.header("authorization") ?? "";
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match?.[1]) {
    c.header("WWW-Authenticate", 'Bearer realm="warta"');
    throw new AppError("unauthorized", "Send an API token: Authorization: Bearer <token>");
  }
  const deps = c.get("deps");
  const actor = await authenticate(deps.db, deps.clock.now(), match[1]);
  if (!actor) {
    c.header("WWW-Authenticate", 'Bearer realm="warta", error="invalid_token"');
    throw new AppError("unauthorized", "That API token is unknown or revoked");
  }
  c.set("actor", actor);
  await next();
};

export function requireRole(actor: Actor, role: Role): void {
  if (!hasRole(actor, role)) {
    throw new AppError("forbidden", `This needs the ${role} role; your token has ${actor.role}`);
  }
}
