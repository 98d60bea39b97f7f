import Link from "next/link";
import type { AppListQuery } from "@/lib/schemas/app";
import { hasAppFilters } from "@/lib/schemas/app-list-url";
import { linkClass } from "../empty-state";

/** What an empty page of the list means, and the way out of it. */
export function EmptyList({ params, clearHref, firstPage }: { params: AppListQuery; clearHref: string; firstPage: () => void }) {
  if (hasAppFilters(params)) {
    return (
      <>
        <p className="font-medium text-slate-800">No apps match these filters</p>
        <p className="mt-1 text-slate-600">
          {params.org || params.space ? "Org and space names must match exactly (or use their guid). " : "Try fewer filters. "}
          <Link href={clearHref} className={linkClass} scroll={false}>
            Clear filters
          </Link>
        </p>
      </>
    );
  }
  if (params.page > 1) {
    return (
      <p className="text-slate-700">
        This page is past the end of the list.{" "}
        <button type="button" className={linkClass} onClick={firstPage}>
          Go to the first page
        </button>
      </p>
    );
  }
  return <p className="text-slate-700">No apps in the latest snapshot of this foundation.</p>;
}
