import "server-only";
import { prisma } from "@/lib/db/prisma";
import { toSnapshotRow, type SnapshotRow } from "@/lib/ingest/ingest";
import type { SnapshotDto } from "@/lib/schemas/snapshot";
import { requireFoundation } from "./foundations";
import { iso } from "./time";

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
export async function listSnapshots(foundation: string): Promise<SnapshotDto[]> {
  const f = await requireFoundation(foundation);
  const rows = await prisma.snapshot.findMany({ where: { foundationId: f.id }, orderBy: { capturedMs: "desc" } });
  return rows.map((r) => snapshotDto(toSnapshotRow(foundation, { ...r, capturedMs: Number(r.capturedMs) }), false));
}
