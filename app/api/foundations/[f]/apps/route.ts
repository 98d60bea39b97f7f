import { route } from "@/lib/api/handler";
import { listApps } from "@/lib/data/apps";
import { appListQuery } from "@/lib/schemas/app";
import { foundationRefParams } from "@/lib/schemas/foundation";

export const dynamic = "force-dynamic";

export const GET = route({ allow: "read", params: foundationRefParams, query: appListQuery }, async ({ params, query, actor }) =>
  listApps(actor, params.f, query),
);
