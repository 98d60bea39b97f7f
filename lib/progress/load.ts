import type { Sqlite } from "../db/sqlite";
import type { Status } from "../migration/state-machine";
import { buildSeries, type ProgressPoint, type SeriesEvent, type SeriesSnapshot, type SeriesSpan } from "./series";

/** A span as read, with the org guid its LRPs carried (null when they named none). */
export interface OrgSpan extends SeriesSpan {
  org: string | null;
}

export interface SeriesInputs {
  snapshots: SeriesSnapshot[];
  spans: OrgSpan[];
  events: SeriesEvent[];
}

/**
 * What one foundation's series is built from, in three reads: snapshots, the spans of apps ever seen
 * privileged, the events people and the clock recorded. Snapshot events are not read: the series derives them
 * again at every point.
 */
export function loadSeriesInputs(db: Sqlite, foundationId: number): SeriesInputs {
  const snapshots = db.prepare(`SELECT id, capturedMs FROM Snapshot WHERE foundationId = ? ORDER BY capturedMs`).all(foundationId) as SeriesSnapshot[];
  // one string per app, not one per span: the spans are kept per org while the foundation's data stands
  const guids = new Map<string, string>();
  const spans = (
    db
      .prepare(
        `SELECT appGuid, fromMs, toMs, privileged, orgGuid FROM AppSpan
         WHERE foundationId = @f AND appGuid IN (SELECT appGuid FROM AppSpan WHERE foundationId = @f AND privileged = 1)`,
      )
      .raw()
      .all({ f: foundationId }) as [string, number, number, number, string | null][]
  ).map(([guid, fromMs, toMs, privileged, org]): OrgSpan => {
    let app = guids.get(guid);
    if (app === undefined) guids.set(guid, (app = guid));
    return { app, fromMs, toMs, privileged: privileged === 1, org };
  });
  const events = (
    db
      .prepare(
        `SELECT a.guid, e.at, e.action, e.toStatus, e.details FROM AppEvent e JOIN App a ON a.id = e.appId
         WHERE e.foundationId = ? AND e.snapshotId IS NULL ORDER BY e.id`,
      )
      .raw()
      .all(foundationId) as [string, string, string, string | null, string | null][]
  ).map(([app, at, action, toStatus, details]): SeriesEvent => {
    const expiresAt = action === "approve_waiver" && details ? (JSON.parse(details) as { expiresAt?: string }).expiresAt : undefined;
    return { app: guids.get(app) ?? app, atMs: Date.parse(at), action, toStatus: toStatus as Status | null, expiresMs: expiresAt ? Date.parse(expiresAt) : null };
  });
  return { snapshots, spans, events };
}

/** One foundation's series from the database: its inputs, then the pure sweep of lib/progress/series.ts. */
export function loadSeries(db: Sqlite, foundationId: number): ProgressPoint[] {
  const { snapshots, spans, events } = loadSeriesInputs(db, foundationId);
  return buildSeries(snapshots, spans, events);
}
