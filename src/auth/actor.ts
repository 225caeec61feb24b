import type { Role } from "../db/schema/enums.js";

/** Who is acting: a token's holder, or Warta itself (seeding, the scheduler, the CLI). */
export interface Actor {
  tokenId: string | null;
  name: string;
  role: Role;
}

export const systemActor: Actor = { tokenId: null, name: "system", role: "admin" };

const rank: Record<Role, number> = { viewer: 0, editor: 1, publisher: 2, admin: 3 };

export const hasRole = (actor: Actor, needed: Role) => rank[actor.role] >= rank[needed];
