import "server-only";
import { notFound } from "@/lib/api/errors";
import { readDb } from "@/lib/db/sqlite";
import { iso } from "./time";
import { authorize } from "@/lib/auth/authorize";
import type { Actor } from "@/lib/auth/permissions";

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

/** Raw statements: Prisma's client costs a few milliseconds per query, more than these reads themselves. */
const FOUNDATION_SQL = `SELECT f.id, f.name, s.id AS latestId, s.capturedMs AS latestMs FROM Foundation f
  LEFT JOIN Snapshot s ON s.id = (SELECT id FROM Snapshot WHERE foundationId = f.id ORDER BY capturedMs DESC LIMIT 1)
  WHERE f.name = ?`;

const FOUNDATIONS_SQL = `SELECT f.name, s.id AS latestId, s.capturedMs AS latestMs, s.apps, s.privilegedApps, s.privilegedInstances,
    (SELECT COUNT(*) FROM Snapshot c WHERE c.foundationId = f.id) AS snapshots
  FROM Foundation f
  LEFT JOIN Snapshot s ON s.id = (SELECT id FROM Snapshot WHERE foundationId = f.id ORDER BY capturedMs DESC LIMIT 1)
  ORDER BY f.name`;

/** The foundation and its latest snapshot, or 404. */
export async function requireFoundation(name: string): Promise<FoundationRef> {
  const f = readDb().prepare(FOUNDATION_SQL).get(name) as
    | { id: number; name: string; latestId: number | null; latestMs: number | null }
    | undefined;
  if (!f) throw notFound("foundation");
  return { id: f.id, name: f.name, latestMs: f.latestMs, latestId: f.latestId };
}

export async function listFoundations(actor: Actor): Promise<FoundationSummaryDto[]> {
  authorize(actor, "read");
  const rows = readDb().prepare(FOUNDATIONS_SQL).all() as {
    name: string;
    latestId: number | null;
    latestMs: number | null;
    apps: number | null;
    privilegedApps: number | null;
    privilegedInstances: number | null;
    snapshots: number;
  }[];
  return rows.map((f) => ({
    name: f.name,
    latestSnapshot: f.latestId !== null && f.latestMs !== null ? { id: String(f.latestId), capturedAt: iso(f.latestMs) } : null,
    apps: f.apps ?? 0,
    privilegedApps: f.privilegedApps ?? 0,
    privilegedInstances: f.privilegedInstances ?? 0,
    snapshots: f.snapshots,
  }));
}
