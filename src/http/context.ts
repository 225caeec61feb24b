import type { Context } from "hono";
import type { Ctx } from "../shared/context.js";
import type { AppEnv } from "./env.js";

export function ctxOf(c: Context<AppEnv>): Ctx {
  const { db, clock, config, templateFiles } = c.get("deps");
  return { db, clock, config, templateFiles, actor: c.get("actor") };
}
