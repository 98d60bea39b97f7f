"use client";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import {
  createColumnHelper,
  flexRender,
  getCoreRowModel,
  useReactTable,
  type PaginationState,
  type SortingState,
  type Updater,
} from "@tanstack/react-table";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback, useEffect, useId, useMemo, useOptimistic, useRef, useTransition } from "react";
import type { AppItemDto, AppSort } from "@/lib/schemas/app";
import { AppFilters } from "./app-filters";
import { APP_FILTER_KEYS, APP_LIST_DEFAULTS, appListSearch, appQueries, hasAppFilters, PAGE_SIZES, readAppListParams, type AppListParams } from "./app-queries";
import { PrivilegedBadge, RegressionBadge, RiskBadges, StatusBadge } from "./badges";
import { linkClass, secondaryButtonClass } from "./empty-state";
import { describeProcess, formatCount, formatProcesses } from "./format";
import { appHref } from "./links";

const column = createColumnHelper<AppItemDto>();

/** An org, space or app whose name is not known shows its guid, in a monospace face so it reads as one. */
function NameText({ name, guid }: { name: string | null; guid: string | null }) {
  if (name === null) return <span className="text-slate-400">—</span>;
  return name === guid ? (
    <span className="font-mono text-xs" title="name unknown: upload a Cloud Controller export to resolve it">
      {name}
    </span>
  ) : (
    <span title={guid ?? undefined}>{name}</span>
  );
}

/** Loading rows of uneven widths, as classes: the Content-Security-Policy allows no inline style. */
const SKELETON_WIDTHS = ["w-1/2", "w-3/5", "w-2/3", "w-3/4", "w-4/5", "w-11/12"];

const CELL_CLASS: Record<string, string> = {
  instances: "text-right tabular-nums",
};

export function AppTable({ foundation, segments }: { foundation: string; segments: string[] }) {
  const searchParams = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const urlParams = useMemo(() => readAppListParams(searchParams), [searchParams]);
  // router.replace() on a dynamic page waits for the server before useSearchParams changes; the optimistic
  // copy lets the controls and the query follow a change at once, and falls back to the URL afterwards.
  const [params, setOptimisticParams] = useOptimistic(urlParams);
  const [navigating, startTransition] = useTransition();
  const captionId = useId();

  // The newest state, also between a change and the re-render it causes, so two quick changes (a select,
  // then the debounced search box) both survive.
  const latest = useRef(params);
  useEffect(() => {
    latest.current = params;
  }, [params]);

  const update = useCallback(
    (patch: Partial<AppListParams>, keepPage = false) => {
      const next: AppListParams = { ...latest.current, ...patch };
      if (!keepPage) next.page = 1;
      latest.current = next;
      const search = appListSearch(next);
      startTransition(() => {
        setOptimisticParams(next);
        router.replace(search ? `${pathname}?${search}` : pathname, { scroll: false });
      });
    },
    [router, pathname, setOptimisticParams],
  );

  const query = useQuery({ ...appQueries.list(foundation, params), placeholderData: keepPreviousData });
  const data = query.data;

  const columns = useMemo(
    () => [
      column.accessor("name", {
        id: "name",
        header: "App",
        cell: ({ row }) => (
          <span className="flex flex-wrap items-center gap-1.5">
            <Link
              href={appHref(foundation, row.original.guid)}
              className={`${linkClass} font-medium ${row.original.name === row.original.guid ? "whitespace-nowrap font-mono text-xs" : ""}`}
            >
              {row.original.name}
            </Link>
            {row.original.regression && <RegressionBadge />}
          </span>
        ),
      }),
      column.accessor((r) => r.org.name, { id: "org", header: "Org", cell: ({ row }) => <NameText {...row.original.org} /> }),
      column.accessor((r) => r.space.name, { id: "space", header: "Space", cell: ({ row }) => <NameText {...row.original.space} /> }),
      column.accessor("segment", {
        id: "segment",
        header: "Segment",
        enableSorting: false,
        cell: ({ getValue }) => <span className={getValue() === "shared" ? "text-slate-500" : undefined}>{getValue()}</span>,
      }),
      column.accessor("status", { id: "status", header: "Status", cell: ({ getValue }) => <StatusBadge status={getValue()} /> }),
      column.accessor("privileged", { id: "privileged", header: "Privileged", enableSorting: false, cell: ({ getValue }) => <PrivilegedBadge privileged={getValue()} /> }),
      column.accessor("instances", { id: "instances", header: "Instances", sortDescFirst: true, cell: ({ getValue }) => formatCount(getValue()) }),
      column.accessor("processes", {
        id: "processes",
        header: "Processes",
        enableSorting: false,
        cell: ({ getValue }) => (
          <span title={getValue().map(describeProcess).join("\n")} className="text-slate-700">
            {formatProcesses(getValue())}
          </span>
        ),
      }),
      column.accessor("risks", { id: "risks", header: "Risks", enableSorting: false, cell: ({ getValue }) => <RiskBadges risks={getValue()} /> }),
    ],
    [foundation],
  );

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
    rowCount: data?.total ?? 0,
    state: { sorting, pagination },
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

  const clearParams: AppListParams = { ...params, page: 1 };
  for (const k of APP_FILTER_KEYS) delete clearParams[k];
  const clearSearch = appListSearch(clearParams);
  const clearHref = clearSearch ? `${pathname}?${clearSearch}` : pathname;

  const total = data?.total ?? 0;
  const pageCount = Math.max(1, table.getPageCount());
  const first = total === 0 ? 0 : (params.page - 1) * params.pageSize + 1;
  const last = Math.min(total, params.page * params.pageSize);
  const updating = (query.isFetching && query.isPlaceholderData) || (navigating && query.isPlaceholderData);
  const colCount = columns.length;

  return (
    <div className="space-y-4">
      <AppFilters foundation={foundation} params={params} segments={segments} update={update} clearHref={clearHref} />

      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <p className="text-sm text-slate-700" aria-live="polite" id={captionId}>
          {data ? (
            <>
              <span className="font-semibold text-slate-900">{formatCount(total)}</span> app{total === 1 ? "" : "s"}
              {hasAppFilters(params) ? " match these filters" : ""}
              {total > 0 && (
                <span className="text-slate-500">
                  {" "}
                  · showing {formatCount(first)}–{formatCount(last)}
                </span>
              )}
            </>
          ) : query.isError ? (
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
      </div>

      {query.isError && (
        <div role="alert" className="rounded-md border border-red-300 bg-red-50 p-4 text-sm text-red-900">
          <p className="font-semibold">The app list could not be loaded.</p>
          <p className="mt-1">{query.error.message}</p>
          <p className="mt-2 flex gap-4">
            <button type="button" className={secondaryButtonClass} onClick={() => void query.refetch()}>
              Retry
            </button>
            {hasAppFilters(params) && (
              <Link href={clearHref} className={`${linkClass} self-center`} scroll={false}>
                Clear filters
              </Link>
            )}
          </p>
        </div>
      )}

      <div className={`overflow-x-auto rounded-lg border border-slate-200 bg-white transition-opacity ${updating ? "opacity-60" : ""}`}>
        <table className="w-full text-sm" aria-describedby={captionId} aria-busy={query.isFetching}>
          <caption className="sr-only">Apps</caption>
          <thead className="bg-slate-50 text-left text-xs font-medium uppercase tracking-wide text-slate-500">
            {table.getHeaderGroups().map((hg) => (
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
            ))}
          </thead>
          <tbody className="divide-y divide-slate-100">
            {query.isPending ? (
              Array.from({ length: 6 }, (_, i) => (
                <tr key={i} aria-hidden="true">
                  {Array.from({ length: colCount }, (_, j) => (
                    <td key={j} className="px-3 py-3">
                      <div className={`h-3 animate-pulse rounded bg-slate-200 ${SKELETON_WIDTHS[(i * 7 + j * 13) % SKELETON_WIDTHS.length]}`} />
                    </td>
                  ))}
                </tr>
              ))
            ) : table.getRowModel().rows.length === 0 ? (
              data && (
                <tr>
                  <td colSpan={colCount} className="px-3 py-10 text-center">
                    {hasAppFilters(params) ? (
                      <>
                        <p className="font-medium text-slate-800">No apps match these filters</p>
                        <p className="mt-1 text-slate-600">
                          {params.org || params.space ? "Org and space names must match exactly (or use their guid). " : "Try fewer filters. "}
                          <Link href={clearHref} className={linkClass} scroll={false}>
                            Clear filters
                          </Link>
                        </p>
                      </>
                    ) : params.page > 1 ? (
                      <p className="text-slate-700">
                        This page is past the end of the list.{" "}
                        <button type="button" className={linkClass} onClick={() => update({ page: 1 }, true)}>
                          Go to the first page
                        </button>
                      </p>
                    ) : (
                      <p className="text-slate-700">No apps in the latest snapshot of this foundation.</p>
                    )}
                  </td>
                </tr>
              )
            ) : (
              table.getRowModel().rows.map((row) => (
                <tr key={row.id} className="hover:bg-slate-50">
                  {row.getVisibleCells().map((cell) => (
                    <td key={cell.id} className={`px-3 py-2 align-middle ${CELL_CLASS[cell.column.id] ?? ""}`}>
                      {flexRender(cell.column.columnDef.cell, cell.getContext())}
                    </td>
                  ))}
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>

      <nav aria-label="Pagination" className="flex flex-wrap items-center justify-between gap-3 text-sm">
        <div className="flex items-center gap-2">
          <label htmlFor={`${captionId}-size`} className="text-slate-600">
            Rows per page
          </label>
          <select
            id={`${captionId}-size`}
            value={params.pageSize}
            onChange={(e) => table.setPageSize(Number(e.target.value))}
            className="rounded-md border border-slate-300 bg-white px-2 py-1 text-sm"
          >
            {[...new Set([...PAGE_SIZES, params.pageSize])]
              .sort((a, b) => a - b)
              .map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
          </select>
        </div>
        <div className="flex items-center gap-3">
          <button type="button" className={secondaryButtonClass} onClick={() => table.previousPage()} disabled={params.page <= 1}>
            ← Previous
          </button>
          <span className="tabular-nums text-slate-700">
            Page {formatCount(params.page)} of {formatCount(pageCount)}
          </span>
          <button type="button" className={secondaryButtonClass} onClick={() => table.nextPage()} disabled={!data || params.page >= pageCount}>
            Next →
          </button>
        </div>
      </nav>
    </div>
  );
}
