"use client";
import { createColumnHelper, type Table } from "@tanstack/react-table";
import Link from "next/link";
import { useEffect, useRef } from "react";
import type { AppItemDto } from "@/lib/schemas/app";
import { PrivilegedBadge, RegressionBadge, RiskBadges, StatusBadge } from "../badges";
import { linkClass } from "../empty-state";
import { describeProcess, formatCount, formatProcesses } from "../format";
import { appHref } from "../links";

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

const checkboxClass = "h-4 w-4 rounded border-slate-300 accent-slate-900 focus-visible:outline-2 focus-visible:outline-sky-600";

/** "Select all on this page": checked, unchecked, or mixed when some rows are. */
function SelectPage({ table }: { table: Table<AppItemDto> }) {
  const ref = useRef<HTMLInputElement>(null);
  const some = table.getIsSomePageRowsSelected();
  useEffect(() => {
    if (ref.current) ref.current.indeterminate = some;
  }, [some]);
  return (
    <input
      ref={ref}
      type="checkbox"
      aria-label="Select all apps on this page"
      checked={table.getIsAllPageRowsSelected()}
      onChange={table.getToggleAllPageRowsSelectedHandler()}
      className={checkboxClass}
    />
  );
}

/** The table's columns; their ids are the API's sort keys where a column sorts. */
export function appColumns(foundation: string) {
  return [
    column.display({
      id: "select",
      header: ({ table }) => <SelectPage table={table} />,
      cell: ({ row }) => (
        <input
          type="checkbox"
          aria-label={`Select ${row.original.name}`}
          checked={row.getIsSelected()}
          onChange={row.getToggleSelectedHandler()}
          className={checkboxClass}
        />
      ),
    }),
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
  ];
}

export const CELL_CLASS: Record<string, string> = {
  select: "w-8",
  instances: "text-right tabular-nums",
};
