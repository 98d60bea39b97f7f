import { formatAge, formatUtc, STALE_AFTER_MS } from "./format";
import { requestTime } from "./request-time";

/**
 * "3 h ago" with the exact ISO time as a tooltip. A server component: the age is computed when the page is
 * rendered (pages are dynamic), so there is no clock to disagree with during hydration.
 */
export function RelativeTime({ iso, warnStale = false }: { iso: string; warnStale?: boolean }) {
  const now = requestTime();
  const stale = warnStale && now - Date.parse(iso) > STALE_AFTER_MS;
  return (
    <time dateTime={iso} title={`${iso} (${formatUtc(iso)})`} className={stale ? "text-amber-700" : undefined}>
      {formatAge(iso, now)}
      {stale && <span className="ml-1 text-xs font-medium">(stale)</span>}
    </time>
  );
}
