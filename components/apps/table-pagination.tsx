"use client";
import type { Table } from "@tanstack/react-table";
import { useId } from "react";
import type { AppItemDto } from "@/lib/schemas/app";
import { PAGE_SIZES } from "@/lib/schemas/app-list-url";
import { secondaryButtonClass } from "../empty-state";
import { formatCount } from "../format";

export function TablePagination({ table, page, pageSize, loaded }: { table: Table<AppItemDto>; page: number; pageSize: number; loaded: boolean }) {
  const id = useId();
  const pageCount = Math.max(1, table.getPageCount());
  return (
    <nav aria-label="Pagination" className="flex flex-wrap items-center justify-between gap-3 text-sm">
      <div className="flex items-center gap-2">
        <label htmlFor={id} className="text-slate-600">
          Rows per page
        </label>
        <select id={id} value={pageSize} onChange={(e) => table.setPageSize(Number(e.target.value))} className="rounded-md border border-slate-300 bg-white px-2 py-1 text-sm">
          {[...new Set([...PAGE_SIZES, pageSize])]
            .sort((a, b) => a - b)
            .map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
        </select>
      </div>
      <div className="flex items-center gap-3">
        <button type="button" className={secondaryButtonClass} onClick={() => table.previousPage()} disabled={page <= 1}>
          ← Previous
        </button>
        <span className="tabular-nums text-slate-700">
          Page {formatCount(page)} of {formatCount(pageCount)}
        </span>
        <button type="button" className={secondaryButtonClass} onClick={() => table.nextPage()} disabled={!loaded || page >= pageCount}>
          Next →
        </button>
      </div>
    </nav>
  );
}
