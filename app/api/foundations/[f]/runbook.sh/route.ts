import { attachment } from "@/lib/api/download";
import { route } from "@/lib/api/handler";
import { foundationRunbook } from "@/lib/data/runbook";
import { downloadName } from "@/lib/export/download";
import { foundationRefParams } from "@/lib/schemas/foundation";
import { runbookQuery } from "@/lib/schemas/runbook";

export const dynamic = "force-dynamic";

/** A bash script that restages every verified app of the foundation (or of `org`); see lib/export/runbook.ts. */
export const GET = route({ allow: "export", params: foundationRefParams, query: runbookQuery }, async ({ params, query, actor }) => {
  const now = new Date();
  return attachment(await foundationRunbook(actor, params.f, query.org, now), "text/x-shellscript; charset=utf-8", downloadName(params.f, "runbook", "sh", now));
});
