"use client";
import { flexRender, type Table } from "@tanstack/react-table";
import type { ReactNode } from "react";
import type { AppItemDto } from "@/lib/schemas/app";
import { CELL_CLASS } from "./columns";

/** Loading rows of uneven widths, as classes: the Content-Security-Policy allows no inline style. */
const SKELETON_WIDTHS = ["w-1/2", "w-3/5", "w-2/3", "w-3/4", "w-4/5", "w-11/12"];

function HeaderRow({ table }: { table: Table<AppItemDto> }) {
  return table.getHeaderGroups().map((hg) => (
    <tr key={hg.id}>
      {hg.headers.map((header) => {
        const canSort = header.column.getCanSort();
        const sorted = header.column.getIsSorted();
        const label = flexRender(header.column.columnDef.header, header.getContext());
        return (
          <th
            key={header.id}
            scope="col"
            aria-sort={canSort ? (sorted === "asc" ? "ascending" : sorted === "desc" ? "descending" : "none") : undefined}
            className={`px-3 py-2 ${CELL_CLASS[header.id] ?? ""}`}
          >
            {canSort ? (
              <button
                type="button"
                onClick={() => header.column.toggleSorting(sorted ? sorted === "asc" : !!header.column.columnDef.sortDescFirst)}
                className={`inline-flex items-center gap-1 rounded uppercase tracking-wide hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-sky-600 ${sorted ? "text-slate-900" : ""}`}
              >
                {label}
                <span aria-hidden="true" className={sorted ? "" : "text-slate-300"}>
                  {sorted === "asc" ? "▲" : sorted === "desc" ? "▼" : "↕"}
                </span>
              </button>
            ) : (
              label
            )}
          </th>
        );
      })}
    </tr>
  ));
}

/** The table itself: sortable headers, loading rows, the rows, or `empty` in one wide cell. */
export function TableGrid({
  table,
  captionId,
  pending,
  fetching,
  dimmed,
  empty,
}: {
  table: Table<AppItemDto>;
  captionId: string;
  pending: boolean;
  fetching: boolean;
  dimmed: boolean;
  /** shown when the list is loaded and has no rows; null while nothing is loaded */
  empty: ReactNode;
}) {
  const colCount = table.getAllLeafColumns().length;
  const rows = table.getRowModel().rows;
  return (
    <div className={`overflow-x-auto rounded-lg border border-slate-200 bg-white transition-opacity ${dimmed ? "opacity-60" : ""}`}>
      <table className="w-full text-sm" aria-describedby={captionId} aria-busy={fetching}>
        <caption className="sr-only">Apps</caption>
        <thead className="bg-slate-50 text-left text-xs font-medium uppercase tracking-wide text-slate-500">
          <HeaderRow table={table} />
        </thead>
        <tbody className="divide-y divide-slate-100">
          {pending
            ? Array.from({ length: 6 }, (_, i) => (
                <tr key={i} aria-hidden="true">
                  {Array.from({ length: colCount }, (_, j) => (
                    <td key={j} className="px-3 py-3">
                      <div className={`h-3 animate-pulse rounded bg-slate-200 ${SKELETON_WIDTHS[(i * 7 + j * 13) % SKELETON_WIDTHS.length]}`} />
                    </td>
                  ))}
                </tr>
              ))
            : rows.length === 0
              ? empty !== null && (
                  <tr>
                    <td colSpan={colCount} className="px-3 py-10 text-center">
                      {empty}
                    </td>
                  </tr>
                )
              : rows.map((row) => (
                  <tr key={row.id} className={row.getIsSelected() ? "bg-sky-50" : "hover:bg-slate-50"}>
                    {row.getVisibleCells().map((cell) => (
                      <td key={cell.id} className={`px-3 py-2 align-middle ${CELL_CLASS[cell.column.id] ?? ""}`}>
                        {flexRender(cell.column.columnDef.cell, cell.getContext())}
                      </td>
                    ))}
                  </tr>
                ))}
        </tbody>
      </table>
    </div>
  );
}
