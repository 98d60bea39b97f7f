import "server-only";
import { ApiError } from "@/lib/api/errors";
import { accountsDb } from "@/lib/auth/accounts-db";
import { authorize } from "@/lib/auth/authorize";
import type { Actor } from "@/lib/auth/permissions";
import { audit } from "@/lib/db/audit";
import { readDb, sqliteDate } from "@/lib/db/sqlite";
import { loadSeries } from "@/lib/progress/load";
import { isOverdue } from "@/lib/progress/target";
import { project, type Projection } from "@/lib/progress/projection";
import { sumSeries, type ProgressPoint, type StatusCounts } from "@/lib/progress/series";
import { requireFoundation } from "./foundations";
import { foundationRevision } from "./revision";
import { iso } from "./time";

export interface ProgressPointDto {
  snapshotId: string;
  capturedAt: string;
  privilegedApps: number;
  statuses: StatusCounts;
  absent: number;
  regressions: number;
}

export type TotalPointDto = Omit<ProgressPointDto, "snapshotId">;

export type ProjectionDto =
  | { kind: "unknown" }
  | { kind: "done"; since: string }
  | { kind: "flat"; days: number }
  | { kind: "finishing"; optimistic: string; expected: string; pessimistic: string | null; perDay: number };

export interface FoundationProgressDto {
  name: string;
  /** the admin's target date (YYYY-MM-DD), null while none is set */
  targetDate: string | null;
  /** a target date passed with privileged apps remaining */
  overdue: boolean;
  projection: ProjectionDto;
  points: ProgressPointDto[];
}

const toDto = ({ snapshotId, capturedMs, ...rest }: ProgressPoint): ProgressPointDto => ({ snapshotId: String(snapshotId), capturedAt: iso(capturedMs), ...rest });

function projectionDto(p: Projection): ProjectionDto {
  switch (p.kind) {
    case "unknown":
    case "flat":
      return p;
    case "done":
      return { kind: "done", since: iso(p.sinceMs) };
    case "finishing":
      return {
        kind: "finishing",
        optimistic: iso(p.optimisticMs),
        expected: iso(p.expectedMs),
        pessimistic: p.pessimisticMs === null ? null : iso(p.pessimisticMs),
        perDay: Math.round(p.perDay * 10) / 10,
      };
  }
}

const remaining = (points: { capturedMs: number; privilegedApps: number }[]) => points.map((p) => ({ capturedMs: p.capturedMs, remaining: p.privilegedApps }));

const memo = new Map<number, { key: string | null; points: ProgressPoint[] }>();

/** A foundation's series, kept under its revision: the fleet page rebuilds only the foundations that changed. */
function seriesOf(foundationId: number): ProgressPoint[] {
  const db = readDb();
  const key = foundationRevision(db, foundationId);
  const hit = memo.get(foundationId);
  if (hit && hit.key === key) return hit.points;
  const points = loadSeries(db, foundationId);
  memo.set(foundationId, { key, points });
  return points;
}

function targetOf(foundationId: number): string | null {
  const t = readDb().prepare(`SELECT targetDate FROM Foundation WHERE id = ?`).pluck().get(foundationId) as string | null;
  return t === null ? null : t.slice(0, 10);
}

function foundationProgress(f: { id: number; name: string }, nowMs: number): { dto: FoundationProgressDto; points: ProgressPoint[] } {
  const points = seriesOf(f.id);
  const targetDate = targetOf(f.id);
  return {
    points,
    dto: { name: f.name, targetDate, overdue: isOverdue(targetDate, points.at(-1)?.privilegedApps ?? null, nowMs), projection: projectionDto(project(remaining(points))), points: points.map(toDto) },
  };
}

/** `GET /api/foundations/{f}/progress`: the burndown of one foundation, one point per snapshot. */
export async function getFoundationProgress(actor: Actor, foundation: string): Promise<FoundationProgressDto> {
  authorize(actor, "read");
  const f = await requireFoundation(foundation);
  return foundationProgress(f, Date.now()).dto;
}

export interface FleetProgressDto {
  foundations: FoundationProgressDto[];
  /** every foundation's latest point as of each capture time, added up */
  total: TotalPointDto[];
  projection: ProjectionDto;
}

/** `GET /api/progress`: every foundation's series and the fleet's sum. */
export async function getFleetProgress(actor: Actor): Promise<FleetProgressDto> {
  authorize(actor, "read");
  const nowMs = Date.now();
  const rows = readDb().prepare(`SELECT id, name FROM Foundation ORDER BY name`).all() as { id: number; name: string }[];
  const each = rows.map((f) => foundationProgress(f, nowMs));
  const total = sumSeries(each.map((e) => e.points));
  return {
    foundations: each.map((e) => e.dto),
    total: total.map(({ capturedMs, ...rest }) => ({ capturedAt: iso(capturedMs), ...rest })),
    projection: projectionDto(project(remaining(total))),
  };
}

/** `PUT /api/foundations/{f}/target`: an admin sets (or clears, with null) the foundation's target date; audited. */
export async function setTargetDate(actor: Actor, foundation: string, targetDate: string | null, address: string | null): Promise<{ targetDate: string | null }> {
  authorize(actor, "upload");
  const f = await requireFoundation(foundation);
  const db = accountsDb();
  db.transaction(() => {
    const before = targetOf(f.id);
    const changed = db
      .prepare(`UPDATE Foundation SET targetDate = ? WHERE id = ?`)
      .run(targetDate === null ? null : sqliteDate(new Date(`${targetDate}T00:00:00Z`)), f.id);
    if (changed.changes !== 1) throw new ApiError(404, "foundation not found");
    audit(db, { actor: actor.name, action: "foundation.target", foundation: f.name, target: `foundation ${f.name}`, address, details: { from: before, to: targetDate } });
  }).immediate();
  return { targetDate };
}
