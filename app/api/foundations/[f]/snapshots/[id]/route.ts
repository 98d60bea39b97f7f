import { route } from "@/lib/api/handler";
import { snapshotDto } from "@/lib/data/snapshots";
import { removeSnapshot } from "@/lib/ingest/ingest";
import { snapshotParams } from "@/lib/schemas/snapshot";

export const dynamic = "force-dynamic";

/** Deletes a snapshot: history, counts and statuses then read as if it had never been uploaded. */
export const DELETE = route({ allow: "delete", params: snapshotParams }, async ({ params, actor, address }) => ({
  deleted: snapshotDto(await removeSnapshot(params.f, Number(params.id), actor.name, address), false),
}));
