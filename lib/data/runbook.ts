import "server-only";
import { runbookScript } from "@/lib/export/runbook";
import type { AppItemDto } from "@/lib/schemas/app";
import { APP_LIST_DEFAULTS } from "@/lib/schemas/app-list-url";
import { listAllApps } from "./apps";

/** The restage runbook of a foundation's `verified` apps, optionally of one org. */
export async function foundationRunbook(foundation: string, org: string | undefined, now: Date): Promise<string> {
  const listing = await listAllApps(foundation, { ...APP_LIST_DEFAULTS, status: "verified", org });
  const apps: AppItemDto[] = [];
  for await (const batch of listing.batches()) apps.push(...batch);
  return runbookScript(foundation, apps, now, org);
}
