import { route } from "@/lib/api/handler";
import { getApp } from "@/lib/data/apps";
import { appParams } from "@/lib/schemas/app";

export const dynamic = "force-dynamic";

export const GET = route({ allow: "read", params: appParams }, async ({ params, actor }) => getApp(params.f, params.guid, actor));
