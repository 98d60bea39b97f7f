/** ISO-8601 UTC, without a zero millisecond part (2026-11-29T08:00:00Z). */
export function iso(ms: number | bigint): string {
  return new Date(Number(ms)).toISOString().replace(".000Z", "Z");
}
