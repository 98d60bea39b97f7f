import { route } from "@/lib/api/handler";
import { adminDeleteUser, adminSetRole } from "@/lib/data/admin";
import { setRoleBody, userParams } from "@/lib/schemas/admin";

export const dynamic = "force-dynamic";

export const PATCH = route({ allow: "manage_users", params: userParams, body: setRoleBody }, async ({ actor, address, params, body }) => ({
  user: await adminSetRole(actor, address, params.id, body.role),
}));

/** Deletes the user with their sessions, tokens and owner assignments. */
export const DELETE = route({ allow: "manage_users", params: userParams }, async ({ actor, address, params }) => ({
  deleted: await adminDeleteUser(actor, address, params.id),
}));
