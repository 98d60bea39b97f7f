import { NextResponse } from "next/server";
import { route } from "@/lib/api/handler";
import { setupFirstAdmin } from "@/lib/data/users";
import { setupBody } from "@/lib/schemas/auth";

export const dynamic = "force-dynamic";

/** Creates the first administrator while there is no user at all; 409 once anyone exists. */
export const POST = route({ allow: "public", body: setupBody }, async ({ body, address }) => {
  const user = await setupFirstAdmin(body, address);
  return NextResponse.json({ user }, { status: 201 });
});
