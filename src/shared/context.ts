import type { Actor } from "../auth/actor.js";
import type { Config } from "../config.js";
import type { Database } from "../db/database.js";
import type { TemplateFiles } from "../templates/files.js";
import type { Clock } from "./clock.js";

/** What a service verb gets: where to read and write, what time it is, and who is asking. */
export interface Ctx {
  db: Database;
  clock: Clock;
  config: Config;
  actor: Actor;
  /** The shipped templates (overrides live in the database). */
  templateFiles: TemplateFiles;
}

/** Runs `work` in a transaction, or inside the caller's if it already opened one. */
export function withTransaction<T>(ctx: Ctx, work: (tx: Ctx) => Promise<T>): Promise<T> {
  return ctx.db.transaction((db) => work({ ...ctx, db }));
}
