import type { Actor } from "../auth/actor.js";
import type { Deps } from "../deps.js";
import type { Ctx } from "../shared/context.js";

/** Patrons act through signed links and public forms; staff audit does not apply to them. */
const patronActor: Actor = { tokenId: null, name: "patron", role: "viewer" };

export const patronCtx = (deps: Deps): Ctx => ({
  db: deps.db,
  clock: deps.clock,
  config: deps.config,
  templateFiles: deps.templateFiles,
  actor: patronActor,
});
