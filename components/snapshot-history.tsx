import Link from "next/link";
import type { SnapshotPageDto } from "@/lib/data/snapshots";
import { DeleteButton } from "./delete-button";
import { linkClass } from "./empty-state";
import { formatCount, formatUtc } from "./format";
import { snapshotHref } from "./links";
import { Pager } from "./pager";
import { RelativeTime } from "./relative-time";
import { IfAllowed } from "./viewer";

/** A foundation's snapshots, newest capturedAt first, one page at a time (a year of daily uploads is 365). */
export function SnapshotHistory({ foundation, page, pageHref }: { foundation: string; page: SnapshotPageDto; pageHref: (page: number) => string }) {
  const { snapshots } = page;
  return (
    <div id="snapshots" className="overflow-x-auto">
      <table className="w-full text-sm">
        <caption className="sr-only">Snapshot history, newest first</caption>
        <thead className="text-left text-xs font-medium uppercase tracking-wide text-slate-500">
          <tr>
            <th scope="col" className="py-1 pr-3">Snapshot</th>
            <th scope="col" className="px-3 py-1">Captured at</th>
            <th scope="col" className="px-3 py-1 text-right" title="how many uploads had this exact content">Observed</th>
            <th scope="col" className="px-3 py-1 text-right">LRPs</th>
            <th scope="col" className="px-3 py-1 text-right">Apps</th>
            <th scope="col" className="px-3 py-1 text-right">Privileged apps</th>
            <th scope="col" className="px-3 py-1 text-right">Privileged containers</th>
            <th scope="col" className="px-3 py-1">Warnings</th>
            <th scope="col" className="py-1 pl-3">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {snapshots.map((s) => (
            <tr key={s.id} className="align-top">
              <th scope="row" className="py-2 pr-3 text-left font-medium">
                <Link href={snapshotHref(foundation, s.id)} className={linkClass}>
                  #{s.id}
                </Link>
                {s.id === page.latest?.id && <span className="ml-2 rounded bg-slate-100 px-1.5 py-0.5 text-xs font-normal text-slate-600">latest</span>}
                {s.suspicious && <span className="ml-2 rounded bg-amber-100 px-1.5 py-0.5 text-xs font-medium text-amber-900">suspicious</span>}
              </th>
              <td className="whitespace-nowrap px-3 py-2">
                {formatUtc(s.capturedAt)} <span className="text-xs text-slate-500">(<RelativeTime iso={s.capturedAt} />)</span>
              </td>
              <td className="px-3 py-2 text-right tabular-nums" title={s.observedAt.join("\n")}>
                {s.observedAt.length}×
              </td>
              <td className="px-3 py-2 text-right tabular-nums">{formatCount(s.lrps)}</td>
              <td className="px-3 py-2 text-right tabular-nums">{formatCount(s.apps)}</td>
              <td className={`px-3 py-2 text-right tabular-nums ${s.privilegedApps > 0 ? "text-red-700" : "text-green-700"}`}>{formatCount(s.privilegedApps)}</td>
              <td className="px-3 py-2 text-right tabular-nums">{formatCount(s.privilegedInstances)}</td>
              <td className="px-3 py-2 text-xs text-amber-800">
                {s.warnings.length === 0 ? (
                  <span className="text-slate-400">—</span>
                ) : (
                  <ul className="list-disc space-y-0.5 pl-4">
                    {s.warnings.map((w, j) => (
                      <li key={j}>{w}</li>
                    ))}
                  </ul>
                )}
              </td>
              <td className="py-2 pl-3 text-right">
                <IfAllowed action="delete">
                  <DeleteButton
                    url={`/api/foundations/${encodeURIComponent(foundation)}/snapshots/${s.id}`}
                    label="Delete"
                    accessibleLabel={`Delete snapshot #${s.id}`}
                    title={`Delete snapshot #${s.id}?`}
                    consequence={`History, counts and statuses will read as if the dump captured ${formatUtc(s.capturedAt)} had never been uploaded. People's workflow actions stay. This cannot be undone; upload the dump again to restore it.`}
                  />
                </IfAllowed>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <Pager label="Snapshot pages" noun="snapshots" page={page.page} pageSize={page.pageSize} total={page.total} href={pageHref} />
    </div>
  );
}
