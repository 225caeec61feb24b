import type { Ctx } from "../shared/context.js";

/** What a public read needs: no actor, since nobody signs in. */
export type PublicCtx = Pick<Ctx, "db" | "clock" | "config">;
