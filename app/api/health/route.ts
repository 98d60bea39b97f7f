import { route } from "@/lib/api/handler";
import { warmUpOnce } from "@/lib/data/warm";

export const GET = route({ allow: "public" }, async () => {
  void warmUpOnce();
  return { status: "ok" };
});
