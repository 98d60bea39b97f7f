import { route } from "@/lib/api/handler";
import { snapshotDiff } from "@/lib/data/snapshot-diff";
import { snapshotParams } from "@/lib/schemas/snapshot";

export const dynamic = "force-dynamic";

export const GET = route({ allow: "read", params: snapshotParams }, async ({ params, actor }) => snapshotDiff(actor, params.f, Number(params.id)));
