import { route } from "@/lib/api/handler";

export const GET = route({ role: "public" }, async () => ({ status: "ok" }));
