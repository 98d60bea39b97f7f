import Link from "next/link";
import type { SegmentDto } from "@/lib/data/orgs";
import { linkClass } from "./empty-state";
import { formatCount } from "./format";
import { appsHref } from "./links";

/** Isolation segments of the latest snapshot (or of `snapshot`); "shared" is the segment of apps without a placement tag. */
export function SegmentTable({ foundation, segments, snapshot }: { foundation: string; segments: SegmentDto[]; snapshot?: string }) {
  if (segments.length === 0) return <p className="text-sm text-slate-500">No apps in {snapshot ? "that" : "the latest"} snapshot.</p>;
  return (
    <table className="w-full text-sm">
      <caption className="sr-only">Isolation segments</caption>
      <thead className="text-left text-xs font-medium uppercase tracking-wide text-slate-500">
        <tr>
          <th scope="col" className="py-1 pr-2">Segment</th>
          <th scope="col" className="px-2 py-1 text-right">Apps</th>
          <th scope="col" className="px-2 py-1 text-right">Privileged apps</th>
          <th scope="col" className="py-1 pl-2 text-right">Privileged containers</th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {segments.map((s) => (
          <tr key={s.name}>
            <th scope="row" className="py-2 pr-2 text-left font-normal [overflow-wrap:anywhere]">
              <Link href={appsHref(foundation, { segment: s.name, snapshot })} className={linkClass}>
                {s.name}
              </Link>
            </th>
            <td className="px-2 py-2 text-right tabular-nums">{formatCount(s.apps)}</td>
            <td className={`px-2 py-2 text-right tabular-nums ${s.privilegedApps > 0 ? "font-semibold text-red-700" : "text-green-700"}`}>
              {s.privilegedApps > 0 ? (
                <Link href={appsHref(foundation, { segment: s.name, privileged: "true", snapshot })} className="hover:underline">
                  {formatCount(s.privilegedApps)}
                </Link>
              ) : (
                "0"
              )}
            </td>
            <td className="py-2 pl-2 text-right tabular-nums">{formatCount(s.privilegedInstances)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
