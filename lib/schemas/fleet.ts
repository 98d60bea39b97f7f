import { z } from "zod";

/** Rows of the fleet roll-up per page: the landing page stays small however many org names a fleet has. */
export const ROLLUP_PAGE_SIZE = 25;

/** `GET /api/progress/orgs` and the roll-up on `/`. */
export const rollupQuery = z.object({
  q: z.string().max(200).optional(),
  page: z.coerce.number().int().min(1).max(1_000_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(ROLLUP_PAGE_SIZE),
});
export type RollupQuery = z.infer<typeof rollupQuery>;

/** Orgs and owners listed by who is stuck on `/`. */
export const STUCK_LIMIT = 10;

/** `GET /api/progress/stuck`: the top `limit` orgs and owners, each with its `apps` longest-waiting apps. */
export const stuckQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(STUCK_LIMIT),
  apps: z.coerce.number().int().min(0).max(50).default(5),
});
export type StuckQuery = z.infer<typeof stuckQuery>;

/** The roll-up's URL state on `/`: which page and the org search. A bad value shows the default. */
export const fleetRollupPageQuery = z.object({
  orgPage: z.coerce.number().int().min(1).max(1_000_000).catch(1),
  orgSearch: z.string().trim().max(200).catch(""),
});
export type FleetRollupPageQuery = z.infer<typeof fleetRollupPageQuery>;

export const rollupQueryOf = (p: FleetRollupPageQuery): RollupQuery => ({ page: p.orgPage, pageSize: ROLLUP_PAGE_SIZE, q: p.orgSearch || undefined });
