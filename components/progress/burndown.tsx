import type { ProjectionDto, TotalPointDto } from "@/lib/data/progress";
import { STATUSES } from "@/lib/migration/state-machine";
import { formatCount, formatUtc, statusLabel } from "../format";
import { IfAllowed } from "../viewer";
import { BurndownChart } from "./burndown-chart";
import { REMAINING_STATUSES } from "./statuses";
import { TargetForm } from "./target-form";

const day = (iso: string) => iso.slice(0, 10);

/** The projection as a sentence a manager can repeat. */
export function projectionText(p: ProjectionDto): string {
  switch (p.kind) {
    case "unknown":
      return "Not enough snapshots yet to project a finish date.";
    case "done":
      return `No privileged apps since ${day(p.since)}.`;
    case "flat":
      return `No progress in ${p.days} day${p.days === 1 ? "" : "s"}: at this pace it never finishes.`;
    case "finishing":
      return p.pessimistic === null
        ? `At the recent pace (${p.perDay} apps a day) it finishes around ${day(p.expected)}, as early as ${day(p.optimistic)}; the slowest plausible pace never finishes.`
        : `At the recent pace (${p.perDay} apps a day) it finishes between ${day(p.optimistic)} and ${day(p.pessimistic)} (most likely ${day(p.expected)}).`;
  }
}

/**
 * The burndown of privileged apps: chart (drawn in the browser) and, beside it, the same numbers as a
 * server-rendered table, the accessible view. `foundation` given: its target date can be set here by an admin.
 */
export function Burndown({
  id,
  title,
  points,
  projection,
  targetDate,
  overdue,
  foundation,
}: {
  id: string;
  title: string;
  points: TotalPointDto[];
  projection: ProjectionDto;
  targetDate: string | null;
  overdue: boolean;
  foundation?: string;
}) {
  const chart = points.map((p) => ({ capturedMs: Date.parse(p.capturedAt), statuses: p.statuses }));
  const baseline = points[0]?.privilegedApps ?? 0;
  const headingId = `${id}-heading`;
  return (
    <section aria-labelledby={headingId} className="space-y-3 rounded-lg border border-slate-200 bg-white p-4">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id={headingId} className="text-lg font-semibold text-slate-900">
          {title}
        </h2>
        <p className="text-sm text-slate-700">
          {targetDate === null ? (
            "No target date"
          ) : (
            <>
              Target date: <time dateTime={targetDate}>{targetDate}</time>
              {overdue && <span className="ml-2 rounded bg-red-100 px-1.5 py-0.5 text-xs font-semibold text-red-800">Overdue</span>}
            </>
          )}
        </p>
      </div>
      <p className="text-sm text-slate-700" data-testid={`${id}-projection`}>
        {projectionText(projection)}
      </p>
      {points.length === 0 ? (
        <p className="text-sm text-slate-600">No snapshots yet.</p>
      ) : (
        <div className="grid gap-4 lg:grid-cols-2">
          <BurndownChart id={id} points={chart} baseline={baseline} targetMs={targetDate === null ? null : Date.parse(`${targetDate}T00:00:00Z`)} />
          {/* a year of daily points scrolls: focusable so that keyboards can scroll it */}
          <div className="max-h-72 overflow-auto" tabIndex={0} role="region" aria-label={`${title}: data, scrollable`}>
            <table className="w-full text-xs">
              <caption className="text-left text-sm font-medium text-slate-700">Burndown data</caption>
              <thead className="bg-slate-50 text-left text-slate-600">
                <tr>
                  <th scope="col" className="px-2 py-1">Captured</th>
                  <th scope="col" className="px-2 py-1 text-right">Privileged apps</th>
                  {STATUSES.map((s) => (
                    <th key={s} scope="col" className="px-2 py-1 text-right">
                      {statusLabel(s)}
                    </th>
                  ))}
                  <th scope="col" className="px-2 py-1 text-right">Absent</th>
                  <th scope="col" className="px-2 py-1 text-right">Regressions</th>
                </tr>
              </thead>
              <tbody>
                {points.map((p) => (
                  <tr key={p.capturedAt} className="border-t border-slate-100">
                    <th scope="row" className="px-2 py-1 text-left font-normal">
                      <time dateTime={p.capturedAt}>{formatUtc(p.capturedAt)}</time>
                    </th>
                    <td className="px-2 py-1 text-right">{formatCount(p.privilegedApps)}</td>
                    {STATUSES.map((s) => (
                      <td key={s} className="px-2 py-1 text-right">
                        {formatCount(p.statuses[s])}
                      </td>
                    ))}
                    <td className="px-2 py-1 text-right">{formatCount(p.absent)}</td>
                    <td className="px-2 py-1 text-right">{formatCount(p.regressions)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      )}
      <p className="text-xs text-slate-500">
        Stacked by status from the bottom: {REMAINING_STATUSES.map(statusLabel).join(", ")}. The dashed line is the first snapshot&apos;s count.
      </p>
      {foundation !== undefined && (
        <IfAllowed action="upload">
          <TargetForm foundation={foundation} targetDate={targetDate} />
        </IfAllowed>
      )}
    </section>
  );
}
