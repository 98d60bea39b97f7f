import Link from "next/link";
import { secondaryButtonClass } from "./empty-state";
import { formatCount } from "./format";

/** A pager's link where there is nowhere to go: shown, dimmed, not a link. */
export const disabledClass = `${secondaryButtonClass} pointer-events-none opacity-50`;

/**
 * Previous / next links of a server-side paged list, with "26–50 of 400" beside them. Plain links: they
 * work without JavaScript, from the keyboard, and the URL says which page is shown.
 */
export function Pager({
  label,
  noun,
  page,
  pageSize,
  total,
  href,
}: {
  /** names the navigation landmark, e.g. "Org pages" */
  label: string;
  /** plural noun of the rows, e.g. "orgs" */
  noun: string;
  page: number;
  pageSize: number;
  total: number;
  href: (page: number) => string;
}) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  if (pages === 1 && page === 1) return null;
  const first = Math.min(total, (page - 1) * pageSize + 1);
  const last = Math.min(total, page * pageSize);
  return (
    <nav aria-label={label} className="mt-3 flex flex-wrap items-center justify-between gap-2 text-sm text-slate-600">
      <p className="tabular-nums">
        {page > pages ? `Past the end: ${formatCount(total)} ${noun} in all` : `${formatCount(first)}–${formatCount(last)} of ${formatCount(total)} ${noun}`}
      </p>
      <div className="flex items-center gap-2">
        {page > 1 ? (
          <Link href={href(Math.min(page - 1, pages))} rel="prev" className={secondaryButtonClass}>
            ← Previous
          </Link>
        ) : (
          <span aria-disabled="true" className={disabledClass}>
            ← Previous
          </span>
        )}
        <span className="tabular-nums">
          Page {formatCount(page)} of {formatCount(pages)}
        </span>
        {page < pages ? (
          <Link href={href(page + 1)} rel="next" className={secondaryButtonClass}>
            Next →
          </Link>
        ) : (
          <span aria-disabled="true" className={disabledClass}>
            Next →
          </span>
        )}
      </div>
    </nav>
  );
}
