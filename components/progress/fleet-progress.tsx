import type { FleetProgressDto } from "@/lib/data/progress";
import { formatCount } from "../format";
import { Burndown, projectionText } from "./burndown";

/** `/`: the fleet's burndown (`tablePage` of its data), then each foundation's target and pace, overdue ones first. */
export function FleetProgress({ progress, tablePage, pageHref }: { progress: FleetProgressDto; tablePage: number; pageHref: (page: number) => string }) {
  const rows = [...progress.foundations].sort((a, b) => Number(b.overdue) - Number(a.overdue) || a.name.localeCompare(b.name));
  return (
    <div className="space-y-4" id="fleet-progress">
      <Burndown
        id="fleet-burndown"
        title="Fleet burndown"
        points={progress.total}
        projection={progress.projection}
        targetDate={null}
        overdue={false}
        tablePage={tablePage}
        pageHref={pageHref}
      />
      {rows.length > 0 && (
        <div className="overflow-hidden rounded-lg border border-slate-200 bg-white">
          <table className="w-full text-sm">
            <caption className="sr-only">Targets and pace per foundation</caption>
            <thead className="bg-slate-50 text-left text-xs font-medium uppercase tracking-wide text-slate-500">
              <tr>
                <th scope="col" className="px-4 py-2">Foundation</th>
                <th scope="col" className="px-4 py-2 text-right">Privileged apps</th>
                <th scope="col" className="px-4 py-2">Target date</th>
                <th scope="col" className="px-4 py-2">Pace</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((f) => (
                <tr key={f.name} className={`border-t border-slate-100 ${f.overdue ? "bg-red-50" : ""}`}>
                  {/* the foundations table above links each name; one link per foundation on the page */}
                  <th scope="row" className="px-4 py-2 text-left font-medium">
                    {f.name}
                  </th>
                  <td className="px-4 py-2 text-right">{formatCount(f.points.at(-1)?.privilegedApps ?? 0)}</td>
                  <td className="px-4 py-2">
                    {f.targetDate ?? "—"}
                    {f.overdue && <span className="ml-2 rounded bg-red-100 px-1.5 py-0.5 text-xs font-semibold text-red-800">Overdue</span>}
                  </td>
                  <td className="px-4 py-2 text-slate-700">{projectionText(f.projection)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
