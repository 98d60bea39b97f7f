import Link from "next/link";
import type { FoundationSummaryDto } from "@/lib/data/foundations";
import { buttonClass, EmptyState, linkClass } from "./empty-state";
import { formatCount } from "./format";
import { appsHref, foundationHref, uploadHref } from "./links";
import { PrivilegeBar } from "./privilege-bar";
import { RelativeTime } from "./relative-time";
import { StatCard, StatGrid } from "./stat-card";
import { IfAllowed } from "./viewer";

/** `/`: fleet totals, then one row per foundation. */
export function FleetOverview({ foundations }: { foundations: FoundationSummaryDto[] }) {
  if (foundations.length === 0) {
    return (
      <EmptyState
        title="No foundations yet — upload a cfdot desired-lrps dump"
        action={
          <IfAllowed action="upload">
            <Link href={uploadHref()} className={buttonClass}>
              Upload a dump
            </Link>
          </IfAllowed>
        }
      >
        <p>
          Each upload of <code className="rounded bg-slate-100 px-1">cfdot desired-lrps</code> output from a diego-cell becomes a snapshot of one
          foundation. The upload page shows the exact commands to produce it.
        </p>
      </EmptyState>
    );
  }
  const totals = foundations.reduce(
    (t, f) => ({ apps: t.apps + f.apps, privilegedApps: t.privilegedApps + f.privilegedApps, privilegedInstances: t.privilegedInstances + f.privilegedInstances }),
    { apps: 0, privilegedApps: 0, privilegedInstances: 0 },
  );
  const clean = foundations.filter((f) => f.latestSnapshot && f.privilegedApps === 0).length;
  return (
    <div className="space-y-6">
      <StatGrid label="Fleet totals">
        <StatCard label="Privileged apps remaining" value={formatCount(totals.privilegedApps)} tone={totals.privilegedApps > 0 ? "danger" : "success"} />
        <StatCard label="Privileged containers" value={formatCount(totals.privilegedInstances)} tone={totals.privilegedInstances > 0 ? "danger" : "success"} hint="instances of privileged LRPs" />
        <StatCard label="Apps" value={formatCount(totals.apps)} hint="in the latest snapshots" />
        <StatCard label="Foundations" value={formatCount(foundations.length)} />
        <StatCard label="Free of privileged apps" value={`${clean} of ${foundations.length}`} tone={clean === foundations.length ? "success" : "default"} hint="foundations" />
      </StatGrid>

      <div className="overflow-hidden rounded-lg border border-slate-200 bg-white">
        <table className="w-full text-sm">
          <caption className="sr-only">Foundations</caption>
          <thead className="bg-slate-50 text-left text-xs font-medium uppercase tracking-wide text-slate-500">
            <tr>
              <th scope="col" className="px-4 py-2">Foundation</th>
              <th scope="col" className="px-4 py-2 text-right">Privileged apps</th>
              <th scope="col" className="px-4 py-2">Privileged vs total</th>
              <th scope="col" className="px-4 py-2 text-right">Privileged containers</th>
              <th scope="col" className="px-4 py-2 text-right">Apps</th>
              <th scope="col" className="px-4 py-2">Latest snapshot</th>
              <th scope="col" className="px-4 py-2"><span className="sr-only">Links</span></th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {foundations.map((f) => (
              <tr key={f.name} className="hover:bg-slate-50">
                <th scope="row" className="px-4 py-3 text-left font-medium">
                  <Link href={foundationHref(f.name)} className={linkClass}>
                    {f.name}
                  </Link>
                </th>
                <td className={`px-4 py-3 text-right tabular-nums ${f.privilegedApps > 0 ? "font-semibold text-red-700" : "text-green-700"}`}>
                  {formatCount(f.privilegedApps)}
                </td>
                <td className="px-4 py-3">{f.latestSnapshot ? <PrivilegeBar privileged={f.privilegedApps} total={f.apps} /> : <span className="text-slate-400">—</span>}</td>
                <td className="px-4 py-3 text-right tabular-nums">{formatCount(f.privilegedInstances)}</td>
                <td className="px-4 py-3 text-right tabular-nums">{formatCount(f.apps)}</td>
                <td className="px-4 py-3 text-slate-700">
                  {f.latestSnapshot ? (
                    <>
                      <RelativeTime iso={f.latestSnapshot.capturedAt} warnStale />
                      <span className="ml-2 text-xs text-slate-500">
                        {f.snapshots} snapshot{f.snapshots === 1 ? "" : "s"}
                      </span>
                    </>
                  ) : (
                    <IfAllowed action="upload" otherwise="No snapshots yet">
                      <Link href={uploadHref(f.name)} className={linkClass}>
                        No snapshots yet — upload one
                      </Link>
                    </IfAllowed>
                  )}
                </td>
                <td className="px-4 py-3 text-right">
                  {f.privilegedApps > 0 && (
                    <Link href={appsHref(f.name, { privileged: "true" })} className={`${linkClass} whitespace-nowrap text-xs`}>
                      Privileged apps →
                    </Link>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
