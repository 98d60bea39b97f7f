import "server-only";
import { runbookScript } from "@/lib/export/runbook";
import type { AppItemDto } from "@/lib/schemas/app";
import { APP_LIST_DEFAULTS } from "@/lib/schemas/app-list-url";
import { listAllApps } from "./apps";
import { authorize } from "@/lib/auth/authorize";
import type { Actor } from "@/lib/auth/permissions";

/** The restage runbook of a foundation's `verified` apps, optionally of one org. */
export async function foundationRunbook(actor: Actor, foundation: string, org: string | undefined, now: Date): Promise<string> {
  authorize(actor, "read");
  const listing = await listAllApps(actor, foundation, { ...APP_LIST_DEFAULTS, status: "verified", org });
  const apps: AppItemDto[] = [];
  for await (const batch of listing.batches()) apps.push(...batch);
  return runbookScript(foundation, apps, now, org);
}
