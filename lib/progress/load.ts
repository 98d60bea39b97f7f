import type { Sqlite } from "../db/sqlite";
import type { Status } from "../migration/state-machine";
import { buildSeries, type ProgressPoint, type SeriesEvent, type SeriesSnapshot, type SeriesSpan } from "./series";

/**
 * What the series reads: a foundation's snapshots, the spans of its apps and the events people and the clock
 * recorded. Snapshot events are not read: the series derives them again at every point. The `app*` statements
 * read only some apps (@apps, a JSON array of guids), one index seek per app, for the snapshot diff. Exported
 * for EXPLAIN QUERY PLAN in tests.
 */
export const SERIES_SQL = {
  snapshots: `SELECT id, capturedMs FROM Snapshot WHERE foundationId = @f ORDER BY capturedMs`,
  // every app ever seen privileged: the others never enter the workflow
  spans: `SELECT appGuid, fromMs, toMs, privileged, orgGuid FROM AppSpan
    WHERE foundationId = @f AND appGuid IN (SELECT appGuid FROM AppSpan WHERE foundationId = @f AND privileged = 1)`,
  events: `SELECT a.guid, e.at, e.action, e.toStatus, e.details FROM AppEvent e JOIN App a ON a.id = e.appId
    WHERE e.foundationId = @f AND e.snapshotId IS NULL ORDER BY e.id`,
  appSpans: `SELECT s.appGuid, s.fromMs, s.toMs, s.privileged, s.orgGuid FROM json_each(@apps) j
    CROSS JOIN AppSpan s ON s.foundationId = @f AND s.appGuid = j.value`,
  appEvents: `SELECT a.guid, e.at, e.action, e.toStatus, e.details FROM json_each(@apps) j
    CROSS JOIN App a ON a.foundationId = @f AND a.guid = j.value CROSS JOIN AppEvent e ON e.appId = a.id
    WHERE e.snapshotId IS NULL ORDER BY e.id`,
} as const;

/** A span as read, with the org guid its LRPs carried (null when they named none). */
export interface OrgSpan extends SeriesSpan {
  org: string | null;
}

type SpanRow = [string, number, number, number, string | null];
type EventRow = [string, string, string, string | null, string | null];

const toSpan = ([app, fromMs, toMs, privileged, org]: SpanRow): OrgSpan => ({ app, fromMs, toMs, privileged: privileged === 1, org });

function toEvent([app, at, action, toStatus, details]: EventRow): SeriesEvent {
  const expiresAt = action === "approve_waiver" && details ? (JSON.parse(details) as { expiresAt?: string }).expiresAt : undefined;
  return { app, atMs: Date.parse(at), action, toStatus: toStatus as Status | null, expiresMs: expiresAt ? Date.parse(expiresAt) : null };
}

function loadSnapshots(db: Sqlite, foundationId: number): SeriesSnapshot[] {
  return db.prepare(SERIES_SQL.snapshots).all({ f: foundationId }) as SeriesSnapshot[];
}

/** The spans and events the series sweeps: of every app ever seen privileged, or of only the apps named. */
export function loadHistory(db: Sqlite, foundationId: number, apps?: readonly string[]): { spans: OrgSpan[]; events: SeriesEvent[] } {
  const params = apps ? { f: foundationId, apps: JSON.stringify(apps) } : { f: foundationId };
  const spans = (db.prepare(apps ? SERIES_SQL.appSpans : SERIES_SQL.spans).raw().all(params) as SpanRow[]).map(toSpan);
  const events = (db.prepare(apps ? SERIES_SQL.appEvents : SERIES_SQL.events).raw().all(params) as EventRow[]).map(toEvent);
  // one string per distinct guid or action, not one per row: a foundation's history is kept in memory for the
  // org series (2.1 MB rather than 2.9 MB at 11k spans and 5k events)
  const strings = new Map<string, string>();
  const one = <S extends string | null>(v: S): S => {
    if (v === null) return v;
    const seen = strings.get(v);
    if (seen !== undefined) return seen as S;
    strings.set(v, v);
    return v;
  };
  for (const x of spans) {
    x.app = one(x.app);
    x.org = one(x.org);
  }
  for (const e of events) {
    e.app = one(e.app);
    e.action = one(e.action);
    e.toStatus = one(e.toStatus);
  }
  return { spans, events };
}

export interface SeriesInputs {
  snapshots: SeriesSnapshot[];
  spans: OrgSpan[];
  events: SeriesEvent[];
}

/** Everything one foundation's series is built from: three reads. */
export function loadSeriesInputs(db: Sqlite, foundationId: number): SeriesInputs {
  return { snapshots: loadSnapshots(db, foundationId), ...loadHistory(db, foundationId) };
}

/** One foundation's series from the database: its inputs, then the pure sweep of lib/progress/series.ts. */
export function loadSeries(db: Sqlite, foundationId: number): ProgressPoint[] {
  const { snapshots, spans, events } = loadSeriesInputs(db, foundationId);
  return buildSeries(snapshots, spans, events);
}

/**
 * The apps among `apps` that the series counts as regressed at one snapshot: the same sweep over only their
 * history, so a diff reads a few apps' spans, not the foundation's. Apps are swept independently, so each
 * one's answer is the one the whole series gives.
 */
export function regressedAt(db: Sqlite, foundationId: number, snapshotId: number, apps: readonly string[]): string[] {
  if (apps.length === 0) return [];
  const { spans, events } = loadHistory(db, foundationId, apps);
  const regressed: string[] = [];
  buildSeries(loadSnapshots(db, foundationId), spans, events, (app, id) => {
    if (id === snapshotId) regressed.push(app);
  });
  return regressed;
}
