"use client";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { getCoreRowModel, useReactTable, type PaginationState, type RowSelectionState, type SortingState, type Updater } from "@tanstack/react-table";
import Link from "next/link";
import { useId, useMemo, useState } from "react";
import type { AppSort } from "@/lib/schemas/app";
import { APP_LIST_DEFAULTS, appListSearch, hasAppFilters, withoutFilters } from "@/lib/schemas/app-list-url";
import { appQueries } from "../app-queries";
import { linkClass, secondaryButtonClass } from "../empty-state";
import { formatCount } from "../format";
import { AppFilters } from "./app-filters";
import { BulkActions } from "./bulk-actions";
import { appColumns } from "./columns";
import { EmptyList } from "./empty-list";
import { ExportLinks } from "./export-links";
import { TableGrid } from "./table-grid";
import { TablePagination } from "./table-pagination";
import { useListUrl } from "./use-list-url";

export function AppTable({ foundation, segments }: { foundation: string; segments: string[] }) {
  const { query: params, invalid, update, navigating, hrefOf } = useListUrl();
  const captionId = useId();
  const usable = invalid.length === 0;
  const list = useQuery({ ...appQueries.list(foundation, params), placeholderData: keepPreviousData, enabled: usable });
  const data = usable ? list.data : undefined;

  // A selection belongs to the rows on screen: another filter, sort or page starts a new one.
  const search = appListSearch(params);
  const [selection, setSelection] = useState<{ search: string; rows: RowSelectionState }>({ search, rows: {} });
  const rowSelection = selection.search === search ? selection.rows : {};

  const columns = useMemo(() => appColumns(foundation), [foundation]);
  const sorting: SortingState = [{ id: params.sort, desc: params.dir === "desc" }];
  const pagination: PaginationState = { pageIndex: params.page - 1, pageSize: params.pageSize };

  // The rule warns that the React Compiler would skip this component; the app does not use the compiler.
  // eslint-disable-next-line react-hooks/incompatible-library
  const table = useReactTable({
    data: data?.items ?? [],
    columns,
    getRowId: (r) => r.guid,
    getCoreRowModel: getCoreRowModel(),
    manualSorting: true,
    manualPagination: true,
    enableMultiSort: false,
    enableSortingRemoval: false,
    enableRowSelection: true,
    rowCount: data?.total ?? 0,
    state: { sorting, pagination, rowSelection },
    onRowSelectionChange: (u: Updater<RowSelectionState>) => setSelection({ search, rows: typeof u === "function" ? u(rowSelection) : u }),
    onSortingChange: (u: Updater<SortingState>) => {
      const next = typeof u === "function" ? u(sorting) : u;
      const s = next[0];
      update({ sort: (s?.id as AppSort | undefined) ?? APP_LIST_DEFAULTS.sort, dir: s?.desc ? "desc" : "asc" });
    },
    onPaginationChange: (u: Updater<PaginationState>) => {
      const next = typeof u === "function" ? u(pagination) : u;
      if (next.pageSize !== pagination.pageSize) update({ pageSize: next.pageSize });
      else update({ page: next.pageIndex + 1 }, true);
    },
  });

  const clearHref = hrefOf(withoutFilters(params));
  const filtered = hasAppFilters(params);
  const total = data?.total ?? 0;
  const first = total === 0 ? 0 : (params.page - 1) * params.pageSize + 1;
  const last = Math.min(total, params.page * params.pageSize);
  const updating = (list.isFetching && list.isPlaceholderData) || (navigating && list.isPlaceholderData);
  const failure = !usable
    ? `The link's ${invalid.map((k) => `\`${k}\``).join(", ")} ${invalid.length === 1 ? "is not a value" : "are not values"} the list takes.`
    : list.isError
      ? list.error.message
      : null;
  const selected = table.getSelectedRowModel().rows.map((r) => r.original);
  const clearSelection = () => setSelection({ search, rows: {} });

  return (
    <div className="space-y-4">
      <AppFilters foundation={foundation} params={params} segments={segments} update={update} clearHref={clearHref} />

      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <p className="text-sm text-slate-700" aria-live="polite" id={captionId}>
          {data ? (
            <>
              <span className="font-semibold text-slate-900">{formatCount(total)}</span> app{total === 1 ? "" : "s"}
              {filtered ? " match these filters" : ""}
              {total > 0 && (
                <span className="text-slate-500">
                  {" "}
                  · showing {formatCount(first)}–{formatCount(last)}
                </span>
              )}
            </>
          ) : failure !== null ? (
            "Could not load apps"
          ) : (
            "Loading apps…"
          )}
        </p>
        {updating && (
          <p className="text-xs text-slate-500" role="status">
            Updating…
          </p>
        )}
        {data && <ExportLinks foundation={foundation} query={params} />}
      </div>

      {failure !== null && (
        <div role="alert" className="rounded-md border border-red-300 bg-red-50 p-4 text-sm text-red-900">
          <p className="font-semibold">The app list could not be loaded.</p>
          <p className="mt-1">{failure}</p>
          <p className="mt-2 flex gap-4">
            {usable && (
              <button type="button" className={secondaryButtonClass} onClick={() => void list.refetch()}>
                Retry
              </button>
            )}
            {(filtered || !usable) && (
              <Link href={clearHref} className={`${linkClass} self-center`} scroll={false}>
                Clear filters
              </Link>
            )}
          </p>
        </div>
      )}

      <BulkActions foundation={foundation} apps={selected} onClear={clearSelection} />

      <TableGrid
        table={table}
        captionId={captionId}
        pending={usable && list.isPending}
        fetching={list.isFetching}
        dimmed={updating}
        empty={data ? <EmptyList params={params} clearHref={clearHref} firstPage={() => update({ page: 1 }, true)} /> : null}
      />

      <TablePagination table={table} page={params.page} pageSize={params.pageSize} loaded={!!data} />
    </div>
  );
}
