import { route } from "@/lib/api/handler";
import { getFoundationProgress } from "@/lib/data/progress";
import { foundationRefParams } from "@/lib/schemas/foundation";

export const dynamic = "force-dynamic";

export const GET = route({ allow: "read", params: foundationRefParams }, async ({ params, actor }) => getFoundationProgress(actor, params.f));
