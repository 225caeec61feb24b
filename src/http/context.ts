import type { Context } from "hono";
import type { Ctx } from "../shared/context.js";
import type { AppEnv } from "./env.js";

export function ctxOf(c: Context<AppEnv>): Ctx {
  const { db, clock, config } = c.get("deps");
  return { db, clock, config, actor: c.get("actor") };
}
