const DAY_MS = 86_400_000;

/** A target date (YYYY-MM-DD, a day in UTC) is overdue once that day is over with privileged apps remaining. Pure. */
export function isOverdue(targetDate: string | null, remaining: number | null, nowMs: number): boolean {
  return targetDate !== null && remaining !== null && remaining > 0 && Date.parse(`${targetDate}T00:00:00Z`) + DAY_MS <= nowMs;
}
