import "server-only";
import { notFound } from "@/lib/api/errors";
import { authorize } from "@/lib/auth/authorize";
import type { Actor } from "@/lib/auth/permissions";
import { readDb } from "@/lib/db/sqlite";
import { diffSpanEdges, type EdgeState } from "@/lib/history/snapshot-diff";
import { regressedAt } from "@/lib/progress/load";
import type { DiffAppDto, SnapshotDiffDto, SnapshotRefDto } from "@/lib/schemas/snapshot-diff";
import { requireFoundation } from "./foundations";
import { iso } from "./time";

/** The statements a diff runs, for EXPLAIN QUERY PLAN in tests: each one a seek, none a scan of every span. */
export const DIFF_SQL = {
  snapshot: `SELECT id, capturedMs FROM Snapshot WHERE id = @id AND foundationId = @f`,
  previous: `SELECT id, capturedMs FROM Snapshot WHERE foundationId = @f AND capturedMs < @t ORDER BY capturedMs DESC LIMIT 1`,
  // spans that end at the previous capture: (foundationId, toMs, privileged)
  ended: `SELECT appGuid AS guid, privileged, orgGuid, spaceGuid FROM AppSpan WHERE foundationId = @f AND toMs = @p`,
  // spans that begin at this capture: one (foundationId, appGuid, fromMs) lookup per app, whatever the history's length
  started: `SELECT s.appGuid AS guid, s.privileged, s.orgGuid, s.spaceGuid FROM App a
    CROSS JOIN AppSpan s ON s.foundationId = a.foundationId AND s.appGuid = a.guid AND s.fromMs = @t WHERE a.foundationId = @f`,
  names: `SELECT j.value AS guid, a.name FROM json_each(@guids) j CROSS JOIN App a ON a.foundationId = @f AND a.guid = j.value`,
  orgNames: `SELECT j.value AS guid, o.name FROM json_each(@guids) j CROSS JOIN Org o ON o.foundationId = @f AND o.guid = j.value`,
  spaceNames: `SELECT j.value AS guid, sp.name FROM json_each(@guids) j CROSS JOIN Space sp ON sp.foundationId = @f AND sp.guid = j.value`,
} as const;

interface Place {
  orgGuid: string | null;
  spaceGuid: string | null;
}
type Edge = EdgeState<Place>;
interface EdgeRow extends Place {
  guid: string;
  privileged: number;
}

const edge = (r: EdgeRow): Edge => ({ guid: r.guid, privileged: !!r.privileged, at: { orgGuid: r.orgGuid, spaceGuid: r.spaceGuid } });

/** A snapshot's changes against the one before it by capturedAt; 404 for a snapshot not of this foundation. */
export async function snapshotDiff(actor: Actor, foundation: string, snapshotId: number): Promise<SnapshotDiffDto> {
  authorize(actor, "read");
  const f = await requireFoundation(foundation);
  const db = readDb();
  const snap = db.prepare(DIFF_SQL.snapshot).get({ f: f.id, id: snapshotId }) as { id: number; capturedMs: number } | undefined;
  if (!snap) throw notFound("snapshot");
  const t = snap.capturedMs;
  const prev = db.prepare(DIFF_SQL.previous).get({ f: f.id, t }) as { id: number; capturedMs: number } | undefined;
  const ref = (s: { id: number; capturedMs: number }) => ({ id: String(s.id), capturedAt: iso(s.capturedMs) });
  const empty = { regressed: [], newlyPrivileged: [], fixed: [], absent: [], added: [] };
  if (!prev) return { snapshot: ref(snap), previous: null, ...empty };

  const read = db.transaction(() => {
    const ended = (db.prepare(DIFF_SQL.ended).all({ f: f.id, p: prev.capturedMs }) as EdgeRow[]).map(edge);
    const started = (db.prepare(DIFF_SQL.started).all({ f: f.id, t }) as EdgeRow[]).map(edge);
    const diff = diffSpanEdges(ended, started);
    // a regression is a migrated app seen privileged; one seen privileged at the previous capture is not migrated
    // after it, and only a snapshot migrates an app, so only apps privileged now and not before can regress here
    const candidates = [...diff.newlyPrivileged, ...diff.added.filter((e) => e.privileged)];
    const regressed = new Set(regressedAt(db, f.id, snap.id, candidates.map((e) => e.guid)));
    return { diff, regressed: candidates.filter((e) => regressed.has(e.guid)) };
  });
  const { diff, regressed } = read();
  const dto = toDtos(f.id, [regressed, diff.newlyPrivileged, diff.fixed, diff.absent, diff.added]);
  return { snapshot: ref(snap), previous: ref(prev), regressed: dto[0]!, newlyPrivileged: dto[1]!, fixed: dto[2]!, absent: dto[3]!, added: dto[4]! };
}

/** Names for the apps, orgs and spaces of some lists, read once for all of them; each list sorted by app name. */
function toDtos(f: number, lists: Edge[][]): DiffAppDto[][] {
  const db = readDb();
  const lookup = (sql: string, guids: Set<string | null>) => {
    const known = [...guids].filter((g): g is string => g !== null);
    return new Map((db.prepare(sql).all({ f, guids: JSON.stringify(known) }) as { guid: string; name: string | null }[]).map((r) => [r.guid, r.name]));
  };
  const all = lists.flat();
  const apps = lookup(DIFF_SQL.names, new Set(all.map((e) => e.guid)));
  const orgs = lookup(DIFF_SQL.orgNames, new Set(all.map((e) => e.at.orgGuid)));
  const spaces = lookup(DIFF_SQL.spaceNames, new Set(all.map((e) => e.at.spaceGuid)));
  const named = (guid: string | null, names: Map<string, string | null>) => ({ guid, name: (guid === null ? null : names.get(guid)) ?? guid });
  return lists.map((list) =>
    list
      .map((e) => ({
        guid: e.guid,
        name: apps.get(e.guid) ?? e.guid,
        org: named(e.at.orgGuid, orgs),
        space: named(e.at.spaceGuid, spaces),
        privileged: e.privileged,
      }))
      .sort((a, b) => a.name.localeCompare(b.name, "en", { sensitivity: "base" }) || (a.guid < b.guid ? -1 : a.guid > b.guid ? 1 : 0)),
  );
}

/** The snapshot a historical view names, and whether it is the latest; 404 for one not of this foundation. */
export async function snapshotRef(actor: Actor, foundation: string, snapshotId: number): Promise<SnapshotRefDto & { latest: boolean }> {
  authorize(actor, "read");
  const f = await requireFoundation(foundation);
  const snap = readDb().prepare(DIFF_SQL.snapshot).get({ f: f.id, id: snapshotId }) as { id: number; capturedMs: number } | undefined;
  if (!snap) throw notFound("snapshot");
  return { id: String(snap.id), capturedAt: iso(snap.capturedMs), latest: snap.id === f.latestId };
}
