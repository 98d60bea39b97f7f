import { z } from "zod";

/** A day, YYYY-MM-DD, that exists in the calendar. */
const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "a target date is a day: YYYY-MM-DD")
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), "not a day of the calendar");

/** `PUT /api/foundations/{f}/target`: null clears the target. */
export const targetBody = z.object({ targetDate: day.nullable() }).strict();
export type TargetBody = z.infer<typeof targetBody>;
