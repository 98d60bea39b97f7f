import { route } from "@/lib/api/handler";
import { adminRevokeToken } from "@/lib/data/admin";
import { tokenParams } from "@/lib/schemas/admin";

export const dynamic = "force-dynamic";

/** Revokes the token: the very next request that carries it gets 401. */
export const DELETE = route({ allow: "manage_tokens", params: tokenParams }, async ({ actor, address, params }) => ({
  revoked: await adminRevokeToken(actor, address, params.id),
}));
