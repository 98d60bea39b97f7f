import { route } from "@/lib/api/handler";
import { removeFoundation } from "@/lib/ingest/ingest";
import { foundationRefParams } from "@/lib/schemas/foundation";

export const dynamic = "force-dynamic";

/** Deletes a foundation with every snapshot, its history and its workflow. */
export const DELETE = route({ allow: "delete", params: foundationRefParams }, async ({ params, actor, address }) => removeFoundation(params.f, actor.name, address));
