import { NextResponse } from "next/server";
import { route } from "@/lib/api/handler";
import { adminAddOwner, adminListOwners } from "@/lib/data/admin";
import { addOwnerBody } from "@/lib/schemas/admin";

export const dynamic = "force-dynamic";

export const GET = route({ allow: "manage_owners" }, async ({ actor }) => ({ owners: adminListOwners(actor) }));

/** Assigns an org (or a space of it) by guid or exact name; 201 when new, 200 when it existed. */
export const POST = route({ allow: "manage_owners", body: addOwnerBody }, async ({ actor, address, body }) => {
  const owner = await adminAddOwner(actor, address, body);
  return NextResponse.json({ owner }, { status: owner.created ? 201 : 200 });
});
