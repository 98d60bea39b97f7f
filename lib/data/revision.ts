import "server-only";
import type { Sqlite } from "@/lib/db/sqlite";

/**
 * A foundation's revision: what changes whenever anything its derived reads are built from changes (its app
 * indexes, org counts, stuck apps, burndown series), and for no other foundation's writes. Those reads come from
 * its snapshots and spans (an upload, a back-fill or a deletion changes the snapshot count or newest id), its apps'
 * workflow state (every state write comes with an event: lib/migration/store.ts writeState, in the same transaction;
 * events are deleted only with a snapshot) and names (an upload or a Cloud Controller export). A few index lookups
 * (AppEvent (foundationId, id) answers its MAX at once), so a write to one foundation leaves the others' reads warm.
 */
const REVISION_SQL = `SELECT f.id, f.name,
    (SELECT capturedMs FROM Snapshot WHERE foundationId = f.id ORDER BY capturedMs DESC LIMIT 1) AS latestMs,
    (SELECT COUNT(*) || '.' || MAX(id) FROM Snapshot WHERE foundationId = f.id) AS snapshots,
    (SELECT MAX(id) FROM AppEvent WHERE foundationId = f.id) AS lastEvent,
    (SELECT MAX(id) FROM CcExport WHERE foundationId = f.id) AS lastExport
  FROM Foundation f`;

export const REVISION_STATEMENTS = {
  all: `${REVISION_SQL} ORDER BY f.name`,
  one: `${REVISION_SQL} WHERE f.id = @f`,
} as const;

export interface FoundationRevision {
  id: number;
  name: string;
  /** capture time of its latest snapshot; null before the first */
  latestMs: number | null;
  /** equal strings: nothing a derived read shows has changed */
  revision: string;
}

interface RevisionRow {
  id: number;
  name: string;
  latestMs: number | null;
  snapshots: string;
  lastEvent: number | null;
  lastExport: number | null;
}

const toRevision = (r: RevisionRow): FoundationRevision => ({
  id: r.id,
  name: r.name,
  latestMs: r.latestMs,
  revision: `${r.name}/${r.latestMs}/${r.snapshots}/${r.lastEvent}/${r.lastExport}`,
});

/** Every foundation's revision, in name order. */
export function foundationRevisions(db: Sqlite): FoundationRevision[] {
  return (db.prepare(REVISION_STATEMENTS.all).all() as RevisionRow[]).map(toRevision);
}

/** One foundation's revision; null when it no longer exists. */
export function foundationRevision(db: Sqlite, foundationId: number): string | null {
  const row = db.prepare(REVISION_STATEMENTS.one).get({ f: foundationId }) as RevisionRow | undefined;
  return row ? toRevision(row).revision : null;
}
