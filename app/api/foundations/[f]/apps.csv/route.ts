import { attachment } from "@/lib/api/download";
import { route } from "@/lib/api/handler";
import { listAllApps } from "@/lib/data/apps";
import { appsCsvStream } from "@/lib/export/apps";
import { downloadName } from "@/lib/export/download";
import { appListQuery } from "@/lib/schemas/app";
import { foundationRefParams } from "@/lib/schemas/foundation";

export const dynamic = "force-dynamic";

/** The app list's filtered view, every page, as CSV (`page` and `pageSize` are ignored). */
export const GET = route({ allow: "export", params: foundationRefParams, query: appListQuery }, async ({ params, query, actor }) =>
  attachment(appsCsvStream(await listAllApps(actor, params.f, query)), "text/csv; charset=utf-8", downloadName(params.f, "apps", "csv", new Date())),
);
