import { route } from "@/lib/api/handler";
import { listOrgs, pageOrgs } from "@/lib/data/orgs";
import { foundationRefParams } from "@/lib/schemas/foundation";
import { isPaged, orgListQuery } from "@/lib/schemas/org";

export const dynamic = "force-dynamic";

export const GET = route({ allow: "read", params: foundationRefParams, query: orgListQuery }, async ({ params, query, actor }) =>
  isPaged(query) ? pageOrgs(actor, params.f, query) : { orgs: await listOrgs(actor, params.f, query) },
);
