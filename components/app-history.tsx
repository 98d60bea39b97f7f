import type { HistoryPointDto } from "@/lib/schemas/app";
import { formatCount, formatUtc } from "./format";
import { historyRuns, stateOf, type HistoryRun, type HistoryState as State } from "./history-runs";

const CELL: Record<State, string> = {
  privileged: "bg-red-500",
  unprivileged: "bg-green-500",
  absent: "bg-white border border-dashed border-slate-300",
};

/** Bands are separated by a white stroke; an absent run is an outline, as a missing cell was. */
const BAND: Record<State, string> = {
  privileged: "fill-red-500 stroke-white",
  unprivileged: "fill-green-500 stroke-white",
  absent: "fill-white stroke-slate-400 [stroke-dasharray:3_2]",
};

const TEXT: Record<State, string> = {
  privileged: "text-red-700",
  unprivileged: "text-green-700",
  absent: "text-slate-500",
};

const WORDS: Record<State, string> = {
  privileged: "privileged",
  unprivileged: "unprivileged",
  absent: "absent",
};

/** "2026-01-01 08:00 UTC – 2026-04-10 08:00 UTC · privileged · 100 snapshots" */
function describeRun(r: HistoryRun): string {
  const when = r.snapshots === 1 ? formatUtc(r.from) : `${formatUtc(r.from)} – ${formatUtc(r.to)}`;
  return `${when} · ${WORDS[r.state]}${r.snapshots === 1 ? "" : ` · ${formatCount(r.snapshots)} snapshots`}`;
}

/**
 * The app's state over every snapshot of the foundation, oldest first: each run of snapshots in the same
 * state is one band, as wide as its share of the snapshots, and says its dates and state in words (a year of
 * daily snapshots stays a few readable bands, not 365 slivers). The table below lists every snapshot.
 */
export function AppHistory({ history }: { history: HistoryPointDto[] }) {
  if (history.length === 0) return <p className="text-sm text-slate-500">No snapshots.</p>;
  const runs = historyRuns(history);
  const starts = runs.map((_, i) => runs.slice(0, i).reduce((sum, r) => sum + r.snapshots, 0));
  return (
    <div className="space-y-3">
      {/* drawn in SVG geometry, since the Content-Security-Policy allows no style attribute; the list says the same in words */}
      <svg aria-hidden="true" className="block h-7 w-full overflow-hidden rounded-sm">
        {runs.map((r, i) => (
          <rect key={r.from} data-state={r.state} x={`${(starts[i]! / history.length) * 100}%`} width={`${(r.snapshots / history.length) * 100}%`} height="100%" className={BAND[r.state]}>
            <title>{describeRun(r)}</title>
          </rect>
        ))}
      </svg>
      <ol aria-label="Privileged history, oldest snapshot first" className="sr-only">
        {runs.map((r) => (
          <li key={r.from} title={describeRun(r)} data-state={r.state}>
            {describeRun(r)}
          </li>
        ))}
      </ol>
      <p aria-hidden="true" className="-mt-2 flex justify-between text-xs text-slate-500">
        <span>{formatUtc(history[0]!.capturedAt)}</span>
        {history.length > 1 && <span>{formatUtc(history.at(-1)!.capturedAt)}</span>}
      </p>
      <p className="flex flex-wrap gap-4 text-xs text-slate-600" aria-hidden="true">
        <span className="flex items-center gap-1">
          <span className={`inline-block h-3 w-3 rounded-sm ${CELL.privileged}`} /> privileged
        </span>
        <span className="flex items-center gap-1">
          <span className={`inline-block h-3 w-3 rounded-sm ${CELL.unprivileged}`} /> unprivileged
        </span>
        <span className="flex items-center gap-1">
          <span className={`inline-block h-3 w-3 rounded-sm ${CELL.absent}`} /> not in the snapshot
        </span>
      </p>
      <div className="max-h-64 overflow-y-auto" tabIndex={0} role="region" aria-label="Privileged history by snapshot, scrollable">
        <table className="w-full text-sm">
          <caption className="sr-only">Privileged history by snapshot</caption>
          <thead className="sticky top-0 bg-white text-left text-xs font-medium uppercase tracking-wide text-slate-500">
            <tr>
              <th scope="col" className="py-1 pr-3">Snapshot</th>
              <th scope="col" className="px-3 py-1">Captured at</th>
              <th scope="col" className="py-1 pl-3">App was</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {history.map((h) => {
              const s = stateOf(h);
              return (
                <tr key={h.snapshotId}>
                  <th scope="row" className="py-1.5 pr-3 text-left font-normal">
                    #{h.snapshotId}
                  </th>
                  <td className="px-3 py-1.5" title={h.capturedAt}>
                    {formatUtc(h.capturedAt)}
                  </td>
                  <td className={`py-1.5 pl-3 font-medium ${TEXT[s]}`}>{WORDS[s]}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}
