import { NextResponse } from "next/server";
import { route } from "@/lib/api/handler";
import { ccApps, uploadCcExport } from "@/lib/data/cc-apps";
import { foundationParams, foundationRefParams } from "@/lib/schemas/foundation";

export const dynamic = "force-dynamic";

export const POST = route({ allow: "upload", params: foundationParams }, async ({ req, params, actor, address }) =>
  NextResponse.json(await uploadCcExport(req, params.f, actor, address), { status: 201 }),
);

export const GET = route({ allow: "read", params: foundationRefParams }, async ({ params, actor }) => ccApps(actor, params.f));
