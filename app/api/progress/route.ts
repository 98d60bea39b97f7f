import { route } from "@/lib/api/handler";
import { getFleetProgress } from "@/lib/data/progress";
import { fleetProgressQuery } from "@/lib/schemas/fleet";

export const dynamic = "force-dynamic";

export const GET = route({ allow: "read", query: fleetProgressQuery }, async ({ actor, query }) => getFleetProgress(actor, query));
