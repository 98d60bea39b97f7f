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
  spans: `SELECT appGuid, fromMs, toMs, privileged FROM AppSpan
    WHERE foundationId = @f AND appGuid IN (SELECT appGuid FROM AppSpan WHERE foundationId = @f AND privileged = 1)`,
  events: `SELECT a.guid, e.at, e.action, e.toStatus, e.details FROM AppEvent e JOIN App a ON a.id = e.appId
    WHERE e.foundationId = @f AND e.snapshotId IS NULL ORDER BY e.id`,
  appSpans: `SELECT s.appGuid, s.fromMs, s.toMs, s.privileged FROM json_each(@apps) j
    CROSS JOIN AppSpan s ON s.foundationId = @f AND s.appGuid = j.value`,
  appEvents: `SELECT a.guid, e.at, e.action, e.toStatus, e.details FROM json_each(@apps) j
    CROSS JOIN App a ON a.foundationId = @f AND a.guid = j.value CROSS JOIN AppEvent e ON e.appId = a.id
    WHERE e.snapshotId IS NULL ORDER BY e.id`,
} as const;

type SpanRow = [string, number, number, number];
type EventRow = [string, string, string, string | null, string | null];

const toSpan = ([app, fromMs, toMs, privileged]: SpanRow): SeriesSpan => ({ app, fromMs, toMs, privileged: privileged === 1 });

function toEvent([app, at, action, toStatus, details]: EventRow): SeriesEvent {
  const expiresAt = action === "approve_waiver" && details ? (JSON.parse(details) as { expiresAt?: string }).expiresAt : undefined;
  return { app, atMs: Date.parse(at), action, toStatus: toStatus as Status | null, expiresMs: expiresAt ? Date.parse(expiresAt) : null };
}

function loadSnapshots(db: Sqlite, foundationId: number): SeriesSnapshot[] {
  return db.prepare(SERIES_SQL.snapshots).all({ f: foundationId }) as SeriesSnapshot[];
}

/** The spans and events the series sweeps: of every app ever seen privileged, or of only the apps named. */
export function loadHistory(db: Sqlite, foundationId: number, apps?: readonly string[]): { spans: SeriesSpan[]; events: SeriesEvent[] } {
  const params = apps ? { f: foundationId, apps: JSON.stringify(apps) } : { f: foundationId };
  const spans = db.prepare(apps ? SERIES_SQL.appSpans : SERIES_SQL.spans).raw().all(params) as SpanRow[];
  const events = db.prepare(apps ? SERIES_SQL.appEvents : SERIES_SQL.events).raw().all(params) as EventRow[];
  return { spans: spans.map(toSpan), events: events.map(toEvent) };
}

/** One foundation's series from the database: three reads, then the pure sweep of lib/progress/series.ts. */
export function loadSeries(db: Sqlite, foundationId: number): ProgressPoint[] {
  const { spans, events } = loadHistory(db, foundationId);
  return buildSeries(loadSnapshots(db, foundationId), spans, events);
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
