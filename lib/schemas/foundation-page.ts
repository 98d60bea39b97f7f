import { z } from "zod";

export const SNAPSHOT_PAGE_SIZE = 10;

/** The foundation page's own URL state: which page of orgs and of snapshots, and the org search. A bad value shows the default. */
export const foundationPageQuery = z.object({
  orgPage: z.coerce.number().int().min(1).max(1_000_000).catch(1),
  orgSearch: z.string().trim().max(200).catch(""),
  snapshotPage: z.coerce.number().int().min(1).max(1_000_000).catch(1),
});
export type FoundationPageQuery = z.infer<typeof foundationPageQuery>;
