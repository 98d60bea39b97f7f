import "server-only";
import type { BetterAuthPlugin } from "better-auth";

/** Cloud Foundry UAA single sign-on, when configured (#7; filled in with the UAA provider). */
export function uaaPlugins(): BetterAuthPlugin[] {
  return [];
}

export function uaaEnabled(): boolean {
  return false;
}
