import { route } from "@/lib/api/handler";
import { getOpsFile } from "@/lib/data/readiness";
import { opsFileParams } from "@/lib/schemas/readiness";

export const dynamic = "force-dynamic";

export const GET = route({ allow: "read", params: opsFileParams }, async ({ params }) => {
  const { fileName, yaml } = await getOpsFile(params.f, params.id);
  return new Response(yaml, { headers: { "content-type": "application/yaml; charset=utf-8", "content-disposition": `attachment; filename="${fileName}"` } });
});
