import { z } from "zod";
import { snapshotId } from "./snapshot";

export const ORG_PAGE_SIZE = 25;

/** `GET /api/foundations/{f}/orgs`: every org (the contract), or one page when `page`, `pageSize` or `q` is given. */
export const orgListQuery = z.object({
  q: z.string().max(200).optional(),
  page: z.coerce.number().int().min(1).max(1_000_000).optional(),
  pageSize: z.coerce.number().int().min(1).max(500).optional(),
  /** the orgs as of this earlier snapshot (time travel); absent: the latest */
  snapshot: snapshotId.optional(),
});
export type OrgListQuery = z.infer<typeof orgListQuery>;

export const isPaged = (q: OrgListQuery): boolean => q.page !== undefined || q.pageSize !== undefined || q.q !== undefined;
