import { NextResponse } from "next/server";
import { route } from "@/lib/api/handler";
import { adminCreateUser, adminListUsers } from "@/lib/data/admin";
import { createUserBody } from "@/lib/schemas/admin";

export const dynamic = "force-dynamic";

export const GET = route({ allow: "manage_users" }, async ({ actor }) => ({ users: adminListUsers(actor) }));

/** Creates a user; without a password they sign in through Cloud Foundry UAA only. */
export const POST = route({ allow: "manage_users", body: createUserBody }, async ({ actor, address, body }) =>
  NextResponse.json({ user: await adminCreateUser(actor, address, body) }, { status: 201 }),
);
