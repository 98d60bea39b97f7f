import type { Actor, OwnerScope } from "@/lib/auth/permissions";

/** Actors as lib/auth would hand them to the data layer, for tests. */
export const ADMIN: Actor = { userId: "u-admin", name: "admin@example.com", role: "admin", scopes: [], via: "session" };
export const OTHER_ADMIN: Actor = { userId: "u-admin-2", name: "admin2@example.com", role: "admin", scopes: [], via: "session" };
export const VIEWER: Actor = { userId: "u-viewer", name: "viewer@example.com", role: "viewer", scopes: [], via: "session" };
export const owner = (scopes: OwnerScope[], userId = "u-owner"): Actor => ({ userId, name: `${userId}@example.com`, role: "owner", scopes, via: "session" });
