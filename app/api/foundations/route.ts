import { route } from "@/lib/api/handler";
import { listFoundationsWithReadiness } from "@/lib/data/readiness";

export const dynamic = "force-dynamic";

export const GET = route({ allow: "read" }, async ({ actor }) => ({ foundations: await listFoundationsWithReadiness(actor) }));
