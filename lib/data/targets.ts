import "server-only";
import { readDb } from "@/lib/db/sqlite";

/** Foundation.targetDate is stored as the day's midnight UTC; a target is that day (YYYY-MM-DD). */
const day = (stored: string | null): string | null => (stored === null ? null : stored.slice(0, 10));

/** A foundation's target date, null while none is set. */
export function targetOf(foundationId: number): string | null {
  return day(readDb().prepare(`SELECT targetDate FROM Foundation WHERE id = ?`).pluck().get(foundationId) as string | null);
}

/** Every foundation's target date by foundation name. */
export function targetDates(): Map<string, string | null> {
  const rows = readDb().prepare(`SELECT name, targetDate FROM Foundation`).raw().all() as [string, string | null][];
  return new Map(rows.map(([name, t]) => [name, day(t)]));
}
