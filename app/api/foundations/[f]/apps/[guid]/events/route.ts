import { route } from "@/lib/api/handler";
import { actOnApp } from "@/lib/data/workflow";
import { appParams } from "@/lib/schemas/app";
import { appEventBody } from "@/lib/schemas/app-event";

export const dynamic = "force-dynamic";

export const POST = route({ allow: "act", params: appParams, body: appEventBody }, async ({ params, actor, body }) =>
  actOnApp(params.f, params.guid, actor, body),
);
