import { route } from "@/lib/api/handler";
import { getFleetProgress } from "@/lib/data/progress";

export const dynamic = "force-dynamic";

export const GET = route({ allow: "read" }, async ({ actor }) => getFleetProgress(actor));
