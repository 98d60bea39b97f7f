import { route } from "@/lib/api/handler";
import { adminRemoveOwner } from "@/lib/data/admin";
import { ownerParams } from "@/lib/schemas/admin";

export const dynamic = "force-dynamic";

export const DELETE = route({ allow: "manage_owners", params: ownerParams }, async ({ actor, address, params }) => ({
  deleted: await adminRemoveOwner(actor, address, params.id),
}));
