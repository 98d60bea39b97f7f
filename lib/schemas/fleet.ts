import { z } from "zod";

/** Rows of the fleet roll-up per page: the landing page stays small however many org names a fleet has. */
export const ROLLUP_PAGE_SIZE = 25;

/** `GET /api/progress/orgs` and the roll-up on `/`. */
export const rollupQuery = z.object({
  q: z.string().max(200).optional(),
  /** true: only the orgs overdue on some foundation */
  overdue: z.enum(["true", "false"]).transform((v) => v === "true").optional(),
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

/** The roll-up's URL state on `/`: which page, the org search and the overdue filter. A bad value shows the default. */
export const fleetRollupPageQuery = z.object({
  orgPage: z.coerce.number().int().min(1).max(1_000_000).catch(1),
  orgSearch: z.string().trim().max(200).catch(""),
  orgOverdue: z.literal("1").transform(() => true).catch(false),
});
export type FleetRollupPageQuery = z.infer<typeof fleetRollupPageQuery>;

export const rollupQueryOf = (p: FleetRollupPageQuery): RollupQuery => ({
  page: p.orgPage,
  pageSize: ROLLUP_PAGE_SIZE,
  q: p.orgSearch || undefined,
  overdue: p.orgOverdue || undefined,
});

/** Org series sent by default on `GET /api/progress`: the orgs with the most privileged apps now. */
export const DEFAULT_ORG_SERIES = 10;
/** At most this many `org` parameters: each is a year of points. */
export const MAX_ORG_SERIES = 50;

/** `GET /api/progress`: `org` (repeatable) names the orgs whose series to send. */
export const fleetProgressQuery = z.object({
  org: z
    .union([z.string(), z.array(z.string())])
    .transform((v) => [...new Set([v].flat())])
    .pipe(z.array(z.string().min(1).max(200)).max(MAX_ORG_SERIES, `at most ${MAX_ORG_SERIES} orgs`))
    .optional(),
});
export type FleetProgressQuery = z.infer<typeof fleetProgressQuery>;

/** `/orgs/{name}`: an org name, or the guid of an org known by no name. */
export const orgParams = z.object({ name: z.string().min(1).max(200) });
