import "server-only";
import { notFound } from "@/lib/api/errors";
import { prisma } from "@/lib/db/prisma";
import { iso } from "./time";

export interface FoundationRef {
  id: number;
  name: string;
  /** capturedAt of the latest snapshot (highest capturedAt), null before the first upload */
  latestMs: number | null;
  latestId: number | null;
}

export interface FoundationSummaryDto {
  name: string;
  latestSnapshot: { id: string; capturedAt: string } | null;
  apps: number;
  privilegedApps: number;
  privilegedInstances: number;
  snapshots: number;
}

/** The foundation and its latest snapshot, or 404. */
export async function requireFoundation(name: string): Promise<FoundationRef> {
  const f = await prisma.foundation.findUnique({
    where: { name },
    select: { id: true, name: true, snapshots: { orderBy: { capturedMs: "desc" }, take: 1, select: { id: true, capturedMs: true } } },
  });
  if (!f) throw notFound("foundation");
  const latest = f.snapshots[0];
  return { id: f.id, name: f.name, latestMs: latest ? Number(latest.capturedMs) : null, latestId: latest?.id ?? null };
}

export async function listFoundations(): Promise<FoundationSummaryDto[]> {
  const rows = await prisma.foundation.findMany({
    orderBy: { name: "asc" },
    select: {
      name: true,
      _count: { select: { snapshots: true } },
      snapshots: {
        orderBy: { capturedMs: "desc" },
        take: 1,
        select: { id: true, capturedMs: true, apps: true, privilegedApps: true, privilegedInstances: true },
      },
    },
  });
  return rows.map((f) => {
    const s = f.snapshots[0];
    return {
      name: f.name,
      latestSnapshot: s ? { id: String(s.id), capturedAt: iso(s.capturedMs) } : null,
      apps: s?.apps ?? 0,
      privilegedApps: s?.privilegedApps ?? 0,
      privilegedInstances: s?.privilegedInstances ?? 0,
      snapshots: f._count.snapshots,
    };
  });
}
