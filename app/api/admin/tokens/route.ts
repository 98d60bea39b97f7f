import { NextResponse } from "next/server";
import { route } from "@/lib/api/handler";
import { adminListTokens, adminMintToken } from "@/lib/data/admin";
import { mintTokenBody } from "@/lib/schemas/admin";

export const dynamic = "force-dynamic";

export const GET = route({ allow: "manage_tokens" }, async ({ actor }) => ({ tokens: adminListTokens(actor) }));

/** Mints a token for a user: the answer is the only place the token itself is ever shown. */
export const POST = route({ allow: "manage_tokens", body: mintTokenBody }, async ({ actor, address, body }) =>
  NextResponse.json({ token: await adminMintToken(actor, address, body) }, { status: 201, headers: { "Cache-Control": "no-store" } }),
);
