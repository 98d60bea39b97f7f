import { NextResponse } from "next/server";
import { route } from "@/lib/api/handler";
import { uploadManifest } from "@/lib/data/manifests";
import { foundationParams } from "@/lib/schemas/foundation";

export const dynamic = "force-dynamic";

export const POST = route({ allow: "upload", params: foundationParams }, async ({ req, params, actor, address }) => {
  const { manifest, created } = await uploadManifest(req, params.f, actor.name, address);
  return NextResponse.json({ manifest }, { status: created ? 201 : 200 });
});
