import type { HistoryPointDto } from "@/lib/schemas/app";

export type HistoryState = "privileged" | "unprivileged" | "absent";

export const stateOf = (h: HistoryPointDto): HistoryState => (!h.present ? "absent" : h.privileged ? "privileged" : "unprivileged");

/** Consecutive snapshots in which an app was in the same state. */
export interface HistoryRun {
  state: HistoryState;
  /** capturedAt of the run's first and last snapshot */
  from: string;
  to: string;
  snapshots: number;
}

/** An app's history (oldest first) as runs of the same state: a year of daily snapshots is a handful of runs, not 365 points. */
export function historyRuns(history: HistoryPointDto[]): HistoryRun[] {
  const runs: HistoryRun[] = [];
  for (const h of history) {
    const state = stateOf(h);
    const last = runs.at(-1);
    if (last && last.state === state) {
      last.to = h.capturedAt;
      last.snapshots++;
    } else {
      runs.push({ state, from: h.capturedAt, to: h.capturedAt, snapshots: 1 });
    }
  }
  return runs;
}
