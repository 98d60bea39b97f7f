import "server-only";
import type { Actor } from "./permissions";

export type { Actor, Role } from "./permissions";

/**
 * Who is calling. There are no accounts yet: every caller acts as the local administrator. The accounts
 * issue (#7) replaces this with the session cookie and `Authorization: Bearer` token checks; the route-handler
 * wrapper is the only caller, so nothing else changes then.
 */
export async function authenticate(_req: Request): Promise<Actor> {
  return { userId: null, name: "local-admin", role: "admin", scopes: [], via: "system" };
}
