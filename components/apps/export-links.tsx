import type { AppListQuery } from "@/lib/schemas/app";
import { secondaryButtonClass } from "../empty-state";
import { appsExportHref, runbookHref } from "../links";

/** Downloads of exactly what the table lists (every page), and the restage runbook of the verified apps. */
export function ExportLinks({ foundation, query }: { foundation: string; query: AppListQuery }) {
  return (
    <div className="flex flex-wrap items-center gap-2 text-sm" role="group" aria-label="Export">
      <a href={appsExportHref(foundation, query, "csv")} download className={secondaryButtonClass}>
        Export CSV
      </a>
      <a href={appsExportHref(foundation, query, "json")} download className={secondaryButtonClass}>
        Export JSON
      </a>
      <a
        href={runbookHref(foundation, query.org)}
        download
        className={secondaryButtonClass}
        title="A bash script that restages every verified app; run it with --dry-run first"
      >
        Restage runbook{query.org ? " (this org)" : ""}
      </a>
    </div>
  );
}
