import { NextResponse } from "next/server";
import { route } from "@/lib/api/handler";
import { listSnapshots } from "@/lib/data/snapshots";
import { uploadSnapshot } from "@/lib/ingest/upload";
import { foundationParams, foundationRefParams } from "@/lib/schemas/foundation";
import { snapshotUploadQuery } from "@/lib/schemas/snapshot";

export const dynamic = "force-dynamic";

export const POST = route({ allow: "upload", params: foundationParams, query: snapshotUploadQuery }, async ({ req, params, query, actor, address }) => {
  const capturedAt = query.capturedAt ? new Date(query.capturedAt) : new Date();
  const { snapshot, created } = await uploadSnapshot(req, params.f, capturedAt, actor.name, address);
  return NextResponse.json({ snapshot }, { status: created ? 201 : 200 });
});

export const GET = route({ allow: "read", params: foundationRefParams }, async ({ params, actor }) => ({
  snapshots: await listSnapshots(actor, params.f),
}));
