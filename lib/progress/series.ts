import { expire, initialState, observe, STATUSES, type AppState, type Observation, type Status } from "../migration/state-machine";

/**
 * The burndown series of one foundation (issue 10): one point per snapshot in capture order, each as the
 * workflow stood at that capture time. Snapshots' own status changes are not read back from the event log:
 * they are derived again from the span history by the state machine's own rule (`observe`) at every point, so
 * a back-filled snapshot, which ingest never observes, still gets its true point. People's events (and the
 * clock's) are replayed at the first point captured at or after the moment they happened. Pure.
 */

export interface SeriesSnapshot {
  id: number;
  capturedMs: number;
}

/** An app's state over a run of consecutive snapshots (AppSpan): present from fromMs to toMs, inclusive. */
export interface SeriesSpan {
  app: string;
  fromMs: number;
  toMs: number;
  privileged: boolean;
}

/** A recorded workflow event that did not come from a snapshot: a person's action, or a waiver lapsing. */
export interface SeriesEvent {
  app: string;
  atMs: number;
  action: string;
  toStatus: Status | null;
  /** for approve_waiver: the waiver's expiry */
  expiresMs: number | null;
}

export type StatusCounts = Record<Status, number>;

export interface ProgressPoint {
  snapshotId: number;
  capturedMs: number;
  /** apps with a privileged LRP in this snapshot */
  privilegedApps: number;
  /** apps in the workflow present in this snapshot, by status */
  statuses: StatusCounts;
  /** apps in the workflow (ever seen privileged) missing from this snapshot: stopped or deleted */
  absent: number;
  /** migrated apps seen privileged again in this snapshot */
  regressions: number;
}

export const zeroCounts = (): StatusCounts => Object.fromEntries(STATUSES.map((s) => [s, 0])) as StatusCounts;

/** First index whose time is >= ms (times ascending). */
function lowerBound(times: number[], ms: number): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (times[mid] < ms) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** A recorded event's effect on the state: its target status stands, with the waiver it approved or ended. */
function replay(state: AppState, e: SeriesEvent): AppState {
  if (e.toStatus === null) return state;
  const next: AppState = { ...state, status: e.toStatus, regression: e.toStatus === "migrated" ? false : state.regression };
  if (e.action === "approve_waiver") {
    next.statusBeforeWaiver = state.status === "waived" ? state.statusBeforeWaiver : state.status;
    next.waiverExpiresMs = e.expiresMs;
  } else if (e.toStatus !== "waived") {
    next.statusBeforeWaiver = null;
    next.waiverExpiresMs = null;
  }
  return next;
}

const ABSENT = STATUSES.length;
const CATEGORIES = ABSENT + 1;

/** Told of each regression the series counts: which app, at which snapshot. */
export type RegressionSink = (app: string, snapshotId: number) => void;

/**
 * The series. Linear in spans + events + snapshots × categories: each app is walked only at the points where
 * something can change for it (a span begins or ends, an event or a waiver's expiry falls due), and its
 * category holds until the next such point (a difference array per category), never a pass per snapshot × app.
 * `onRegression` names the apps behind each point's `regressions`: the snapshot diff lists them from here, so
 * there is one definition of a regression, whether or not ingest observed the snapshot.
 */
export function buildSeries(snapshots: SeriesSnapshot[], spans: SeriesSpan[], events: SeriesEvent[], onRegression?: RegressionSink): ProgressPoint[] {
  const snaps = [...snapshots].sort((a, b) => a.capturedMs - b.capturedMs);
  const times = snaps.map((s) => s.capturedMs);
  const n = snaps.length;
  const delta = Array.from({ length: CATEGORIES }, () => new Int32Array(n + 1));
  const privDelta = new Int32Array(n + 1);
  const regressions = new Int32Array(n);

  const byApp = new Map<string, { spans: SeriesSpan[]; events: SeriesEvent[] }>();
  const of = (app: string) => {
    let x = byApp.get(app);
    if (!x) byApp.set(app, (x = { spans: [], events: [] }));
    return x;
  };
  for (const s of spans) of(s.app).spans.push(s);
  for (const e of events) of(e.app).events.push(e);

  for (const [app, { spans: appSpans, events: appEvents }] of byApp) {
    appSpans.sort((a, b) => a.fromMs - b.fromMs);
    // stable: events at the same moment keep their recorded order
    appEvents.sort((a, b) => a.atMs - b.atMs);
    for (const s of appSpans) {
      if (!s.privileged) continue;
      privDelta[lowerBound(times, s.fromMs)]++;
      privDelta[lowerBound(times, s.toMs + 1)]--;
    }
    let state = initialState();
    let si = 0;
    let ei = 0;
    let k = Math.min(appSpans.length ? lowerBound(times, appSpans[0].fromMs) : n, appEvents.length ? lowerBound(times, appEvents[0].atMs) : n);
    while (k < n) {
      const t = times[k];
      while (ei < appEvents.length && appEvents[ei].atMs <= t) state = replay(state, appEvents[ei++]);
      const lapsed = expire(state, t);
      if (lapsed) state = lapsed.next;
      while (si < appSpans.length && appSpans[si].toMs < t) si++;
      const span = si < appSpans.length && appSpans[si].fromMs <= t ? appSpans[si] : null;
      const seen: Observation = span === null ? "absent" : span.privileged ? "privileged" : "unprivileged";
      const step = observe(state, seen, t);
      if (step) {
        if (step.event.action === "regressed") {
          regressions[k]++;
          onRegression?.(app, snaps[k].id);
        }
        state = step.next;
      }
      let next = n;
      if (span) next = lowerBound(times, span.toMs + 1);
      else if (si < appSpans.length) next = lowerBound(times, appSpans[si].fromMs);
      if (ei < appEvents.length) next = Math.min(next, lowerBound(times, appEvents[ei].atMs));
      if (state.status === "waived" && state.waiverExpiresMs !== null) next = Math.min(next, lowerBound(times, state.waiverExpiresMs));
      next = Math.max(next, k + 1);
      if (state.status !== null) {
        const c = span === null ? ABSENT : STATUSES.indexOf(state.status);
        delta[c][k]++;
        delta[c][next]--;
      }
      k = next;
    }
  }

  const run = new Int32Array(CATEGORIES);
  let priv = 0;
  return snaps.map((s, k) => {
    for (let c = 0; c < CATEGORIES; c++) run[c] += delta[c][k];
    priv += privDelta[k];
    const statuses = zeroCounts();
    STATUSES.forEach((st, c) => (statuses[st] = run[c]));
    return { snapshotId: s.id, capturedMs: s.capturedMs, privilegedApps: priv, statuses, absent: run[ABSENT], regressions: regressions[k] };
  });
}

/** Points of several series added up by position in time: each foundation's latest point as of every capture time. */
export function sumSeries(series: ProgressPoint[][]): Omit<ProgressPoint, "snapshotId">[] {
  const times = [...new Set(series.flatMap((s) => s.map((p) => p.capturedMs)))].sort((a, b) => a - b);
  const idx = series.map(() => -1);
  return times.map((t) => {
    const total: Omit<ProgressPoint, "snapshotId"> = { capturedMs: t, privilegedApps: 0, statuses: zeroCounts(), absent: 0, regressions: 0 };
    series.forEach((s, i) => {
      while (idx[i] + 1 < s.length && s[idx[i] + 1].capturedMs <= t) idx[i]++;
      if (idx[i] < 0) return;
      const p = s[idx[i]];
      total.privilegedApps += p.privilegedApps;
      total.absent += p.absent;
      if (p.capturedMs === t) total.regressions += p.regressions;
      for (const st of STATUSES) total.statuses[st] += p.statuses[st];
    });
    return total;
  });
}
