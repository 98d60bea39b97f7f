import { route } from "@/lib/api/handler";
import { pageOrgRollup } from "@/lib/data/fleet";
import { rollupQuery } from "@/lib/schemas/fleet";

export const dynamic = "force-dynamic";

export const GET = route({ allow: "read", query: rollupQuery }, async ({ query, actor }) => pageOrgRollup(actor, query));
