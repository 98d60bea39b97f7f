import { route } from "@/lib/api/handler";
import { listFoundations } from "@/lib/data/foundations";

export const dynamic = "force-dynamic";

export const GET = route({ role: "viewer" }, async () => ({ foundations: await listFoundations() }));
