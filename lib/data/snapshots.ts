import "server-only";
import { prisma } from "@/lib/db/prisma";
import { readDb } from "@/lib/db/sqlite";
import { toSnapshotRow, type SnapshotRow } from "@/lib/ingest/ingest";
import type { SnapshotDbRow } from "@/lib/ingest/publish";
import type { SnapshotDto } from "@/lib/schemas/snapshot";
import { notFound } from "@/lib/api/errors";
import { requireFoundation } from "./foundations";
import { iso } from "./time";
import { authorize } from "@/lib/auth/authorize";
import type { Actor } from "@/lib/auth/permissions";

export function snapshotDto(s: SnapshotRow, duplicate: boolean): SnapshotDto {
  return {
    id: String(s.id),
    foundation: s.foundation,
    capturedAt: iso(s.capturedMs),
    observedAt: s.observedMs.map(iso),
    duplicate,
    lrps: s.lrps,
    appLrps: s.appLrps,
    otherDomains: s.otherDomains,
    privilegedLrps: s.privilegedLrps,
    privilegedInstances: s.privilegedInstances,
    apps: s.apps,
    privilegedApps: s.privilegedApps,
    warnings: s.warnings,
    suspicious: s.suspicious,
  };
}

/** Every snapshot of a foundation, newest capturedAt first. */
export async function listSnapshots(actor: Actor, foundation: string): Promise<SnapshotDto[]> {
  authorize(actor, "read");
  const f = await requireFoundation(foundation);
  const rows = await prisma.snapshot.findMany({ where: { foundationId: f.id }, orderBy: { capturedMs: "desc" } });
  return rows.map((r) => snapshotDto(toSnapshotRow(foundation, { ...r, capturedMs: Number(r.capturedMs) }), false));
}

export interface SnapshotPageDto {
  /** the latest snapshot (highest capturedAt), whatever the page */
  latest: SnapshotDto | null;
  snapshots: SnapshotDto[];
  total: number;
  page: number;
  pageSize: number;
}

const SNAPSHOT_COLUMNS = `id, capturedMs, observedMs, lrps, appLrps, otherDomains, privilegedLrps, privilegedInstances, apps, privilegedApps, warnings, suspicious`;

/** One page of a foundation's snapshots, newest capturedAt first: a year of daily uploads is 365 rows. */
export async function pageSnapshots(actor: Actor, foundation: string, page: number, pageSize: number): Promise<SnapshotPageDto> {
  authorize(actor, "read");
  const f = await requireFoundation(foundation);
  const db = readDb();
  const rows = db
    .prepare(`SELECT ${SNAPSHOT_COLUMNS} FROM Snapshot WHERE foundationId = ? ORDER BY capturedMs DESC LIMIT ? OFFSET ?`)
    .all(f.id, pageSize, (page - 1) * pageSize) as SnapshotDbRow[];
  const latest =
    page === 1 ? rows[0] : (db.prepare(`SELECT ${SNAPSHOT_COLUMNS} FROM Snapshot WHERE id = ?`).get(f.latestId) as SnapshotDbRow | undefined);
  const total = db.prepare(`SELECT COUNT(*) FROM Snapshot WHERE foundationId = ?`).pluck().get(f.id) as number;
  const dto = (r: SnapshotDbRow) => snapshotDto(toSnapshotRow(foundation, r), false);
  return { latest: latest ? dto(latest) : null, snapshots: rows.map(dto), total, page, pageSize };
}

/** One snapshot of a foundation with its counts, and whether it is the latest; 404 for one not of this foundation. */
export async function getSnapshot(actor: Actor, foundation: string, snapshotId: number): Promise<SnapshotDto & { latest: boolean }> {
  authorize(actor, "read");
  const f = await requireFoundation(foundation);
  const row = readDb().prepare(`SELECT ${SNAPSHOT_COLUMNS} FROM Snapshot WHERE id = ? AND foundationId = ?`).get(snapshotId, f.id) as SnapshotDbRow | undefined;
  if (!row) throw notFound("snapshot");
  return { ...snapshotDto(toSnapshotRow(foundation, row), false), latest: row.id === f.latestId };
}
