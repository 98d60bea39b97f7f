import type { Sqlite } from "../db/sqlite";
import type { Status } from "../migration/state-machine";
import { buildSeries, type ProgressPoint, type SeriesEvent, type SeriesSpan } from "./series";

/**
 * One foundation's series from the database: three reads (snapshots, the spans of apps ever seen privileged,
 * the events people and the clock recorded), then the pure sweep of lib/progress/series.ts. Snapshot events
 * are not read: the series derives them again at every point.
 */
export function loadSeries(db: Sqlite, foundationId: number): ProgressPoint[] {
  const snapshots = db.prepare(`SELECT id, capturedMs FROM Snapshot WHERE foundationId = ? ORDER BY capturedMs`).all(foundationId) as {
    id: number;
    capturedMs: number;
  }[];
  const spans = (
    db
      .prepare(
        `SELECT appGuid, fromMs, toMs, privileged FROM AppSpan
         WHERE foundationId = @f AND appGuid IN (SELECT appGuid FROM AppSpan WHERE foundationId = @f AND privileged = 1)`,
      )
      .raw()
      .all({ f: foundationId }) as [string, number, number, number][]
  ).map(([app, fromMs, toMs, privileged]): SeriesSpan => ({ app, fromMs, toMs, privileged: privileged === 1 }));
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
    return { app, atMs: Date.parse(at), action, toStatus: toStatus as Status | null, expiresMs: expiresAt ? Date.parse(expiresAt) : null };
  });
  return buildSeries(snapshots, spans, events);
}
