import { z } from "zod";

/** A day, YYYY-MM-DD, that exists in the calendar. */
const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "a target date is a day: YYYY-MM-DD")
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), "not a day of the calendar");

/** `PUT /api/foundations/{f}/target`: null clears the target. */
export const targetBody = z.object({ targetDate: day.nullable() }).strict();
export type TargetBody = z.infer<typeof targetBody>;

/** Points per page of a burndown's data table: a month of daily snapshots. */
export const BURNDOWN_TABLE_PAGE_SIZE = 30;

/**
 * Which page of a burndown's data table a page shows (lib/progress/point-page.ts): 1, the default, is the latest
 * points. A bad value shows the latest.
 */
export const burndownPage = z.coerce.number().int().min(1).max(1_000_000).catch(1);

/** The URL state of a page with one burndown, the fleet page (whose roll-up reads its own: lib/schemas/fleet.ts) and an org page. */
export const burndownPageQuery = z.object({ burndownPage });
