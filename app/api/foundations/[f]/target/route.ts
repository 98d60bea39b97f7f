import { route } from "@/lib/api/handler";
import { setTargetDate } from "@/lib/data/progress";
import { foundationRefParams } from "@/lib/schemas/foundation";
import { targetBody } from "@/lib/schemas/progress";

export const dynamic = "force-dynamic";

/** An admin's target date for the foundation's migration; admin-only like uploads. */
export const PUT = route({ allow: "upload", params: foundationRefParams, body: targetBody }, async ({ params, actor, body, address }) =>
  setTargetDate(actor, params.f, body.targetDate, address),
);
