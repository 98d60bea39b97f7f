import { route } from "@/lib/api/handler";
import { getReadiness } from "@/lib/data/readiness";
import { foundationRefParams } from "@/lib/schemas/foundation";

export const dynamic = "force-dynamic";

export const GET = route({ allow: "read", params: foundationRefParams }, async ({ params, actor }) => getReadiness(actor, params.f));
