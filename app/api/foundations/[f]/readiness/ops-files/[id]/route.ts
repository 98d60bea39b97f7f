import { route } from "@/lib/api/handler";
import { getOpsFile, getOpsFilePreview } from "@/lib/data/readiness";
import { opsFileParams, opsFileQuery } from "@/lib/schemas/readiness";

export const dynamic = "force-dynamic";

export const GET = route({ allow: "read", params: opsFileParams, query: opsFileQuery }, async ({ params, query, actor }) => {
  if (query.preview === "1") return new Response(await getOpsFilePreview(actor, params.f, params.id), { headers: { "content-type": "application/yaml; charset=utf-8" } });
  const { fileName, yaml } = await getOpsFile(actor, params.f, params.id);
  return new Response(yaml, { headers: { "content-type": "application/yaml; charset=utf-8", "content-disposition": `attachment; filename="${fileName}"` } });
});
