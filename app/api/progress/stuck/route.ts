import { route } from "@/lib/api/handler";
import { listStuck } from "@/lib/data/fleet";
import { stuckQuery } from "@/lib/schemas/fleet";

export const dynamic = "force-dynamic";

export const GET = route({ allow: "read", query: stuckQuery }, async ({ query, actor }) => listStuck(actor, query));
