import { attachment } from "@/lib/api/download";
import { route } from "@/lib/api/handler";
import { listAllApps } from "@/lib/data/apps";
import { appsJsonStream } from "@/lib/export/apps";
import { downloadName } from "@/lib/export/download";
import { appListQuery } from "@/lib/schemas/app";
import { foundationRefParams } from "@/lib/schemas/foundation";

export const dynamic = "force-dynamic";

/** The app list's filtered view, every page, as one JSON document `{ items, total }` (`page` and `pageSize` are ignored). */
export const GET = route({ allow: "export", params: foundationRefParams, query: appListQuery }, async ({ params, query, actor }) =>
  attachment(appsJsonStream(await listAllApps(actor, params.f, query)), "application/json", downloadName(params.f, "apps", "json", new Date())),
);
