import "server-only";

export type Role = "admin" | "owner" | "viewer";

export interface Actor {
  /** shown in event timelines */
  name: string;
  role: Role;
}

const RANK: Record<Role, number> = { viewer: 0, owner: 1, admin: 2 };

/**
 * Who is calling. There are no accounts yet: every caller acts as the local administrator. The accounts
 * issue replaces this with the session cookie and `Authorization: Bearer` token checks; the route-handler
 * wrapper is the only caller, so nothing else changes then.
 */
export async function authenticate(_req: Request): Promise<Actor> {
  return { name: "local-admin", role: "admin" };
}

export function hasRole(actor: Actor, needed: Role): boolean {
  return RANK[actor.role] >= RANK[needed];
}
