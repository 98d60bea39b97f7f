import { z } from "zod";
import { burndownPage } from "./progress";
import { snapshotId } from "./snapshot";

export const SNAPSHOT_PAGE_SIZE = 10;

/**
 * The foundation page's own URL state: which page of orgs, of snapshots and of the burndown's data, the org search,
 * and the snapshot the org summary shows (time travel; absent: the latest). A bad value shows the default.
 */
export const foundationPageQuery = z.object({
  orgPage: z.coerce.number().int().min(1).max(1_000_000).catch(1),
  orgSearch: z.string().trim().max(200).catch(""),
  snapshotPage: z.coerce.number().int().min(1).max(1_000_000).catch(1),
  snapshot: snapshotId.optional().catch(undefined),
  burndownPage,
});
export type FoundationPageQuery = z.infer<typeof foundationPageQuery>;
