import type { HistoryPointDto } from "@/lib/schemas/app";
import { formatUtc } from "./format";

type State = "privileged" | "unprivileged" | "absent";

const stateOf = (h: HistoryPointDto): State => (!h.present ? "absent" : h.privileged ? "privileged" : "unprivileged");

const CELL: Record<State, string> = {
  privileged: "bg-red-500",
  unprivileged: "bg-green-500",
  absent: "bg-white border border-dashed border-slate-300",
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

/** One cell per snapshot of the foundation, oldest first, plus the same as a table. */
export function AppHistory({ history }: { history: HistoryPointDto[] }) {
  if (history.length === 0) return <p className="text-sm text-slate-500">No snapshots.</p>;
  const wide = history.length <= 40;
  return (
    <div className="space-y-3">
      <ol aria-label="Privileged history, oldest snapshot first" className="flex flex-wrap gap-1">
        {history.map((h) => {
          const s = stateOf(h);
          const title = `Snapshot #${h.snapshotId} · ${formatUtc(h.capturedAt)} · ${WORDS[s]}`;
          return (
            <li key={h.snapshotId} title={title} aria-label={title} data-state={s} className={`${wide ? "h-7 w-5" : "h-6 w-2"} rounded-sm ${CELL[s]}`} />
          );
        })}
      </ol>
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
      <div className="max-h-64 overflow-y-auto">
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
