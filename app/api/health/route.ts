import { route } from "@/lib/api/handler";

export const GET = route({ allow: "public" }, async () => ({ status: "ok" }));
