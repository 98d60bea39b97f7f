import { route } from "@/lib/api/handler";
import { listOrgs } from "@/lib/data/orgs";
import { foundationRefParams } from "@/lib/schemas/foundation";

export const dynamic = "force-dynamic";

export const GET = route({ role: "viewer", params: foundationRefParams }, async ({ params }) => ({ orgs: await listOrgs(params.f) }));
