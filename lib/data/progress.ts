import "server-only";
import { ApiError } from "@/lib/api/errors";
import { accountsDb } from "@/lib/auth/accounts-db";
import { authorize } from "@/lib/auth/authorize";
import type { Actor } from "@/lib/auth/permissions";
import { audit } from "@/lib/db/audit";
import { readDb, sqliteDate } from "@/lib/db/sqlite";
import { groupByOrg, nameIndex, orgPoints, orgSeries, type FoundationOrgInputs, type OrgInputs, type OrgSeries } from "@/lib/fleet/org-series";
import { loadSeriesInputs } from "@/lib/progress/load";
import { isOverdue } from "@/lib/progress/target";
import { project, type Projection } from "@/lib/progress/projection";
import { buildSeries, sumSeries, type ProgressPoint, type SeriesSnapshot, type StatusCounts } from "@/lib/progress/series";
import { DEFAULT_ORG_SERIES, type FleetProgressQuery } from "@/lib/schemas/fleet";
import { topOrgNames } from "./fleet";
import { requireFoundation } from "./foundations";
import { foundationRevision } from "./revision";
import { targetOf } from "./targets";
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

interface FoundationSeries {
  key: string | null;
  points: ProgressPoint[];
  snapshots: SeriesSnapshot[];
  /** the series' inputs by org guid, for the org series (lib/fleet/org-series.ts) */
  byOrg: Map<string, OrgInputs>;
  /** org guids by name, built when an org series is first asked for (names change with the revision too) */
  byName: Map<string, string[]> | null;
  /** the series of some of its orgs, by their guids: the most recently used few */
  orgPoints: Map<string, ProgressPoint[]>;
}

// on globalThis: the server's route bundles may each hold their own copy of this module (lib/data/warm.ts fills it for all)
const g = globalThis as unknown as { __series?: Map<number, FoundationSeries>; __orgSeries?: Map<string, { key: string; series: OrgSeries }> };
const memo = (g.__series ??= new Map());

/**
 * A foundation's series, kept under its revision: the fleet page rebuilds only the foundations that changed. Its
 * inputs are kept too, split by org: an org's series is then built without reading the database again.
 */
function seriesOf(foundationId: number): FoundationSeries {
  const db = readDb();
  const key = foundationRevision(db, foundationId);
  const hit = memo.get(foundationId);
  if (hit && hit.key === key) return hit;
  const { snapshots, spans, events } = loadSeriesInputs(db, foundationId);
  const entry = { key, points: buildSeries(snapshots, spans, events), snapshots, byOrg: groupByOrg(spans, events), byName: null, orgPoints: new Map() };
  memo.set(foundationId, entry);
  return entry;
}

/** Builds a foundation's series into the cache (lib/data/warm.ts). */
export function warmSeries(foundationId: number): void {
  seriesOf(foundationId);
}

function foundationProgress(f: { id: number; name: string }, nowMs: number): { dto: FoundationProgressDto; points: ProgressPoint[] } {
  const { points } = seriesOf(f.id);
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

export interface OrgSeriesDto {
  /** the org name, or the guid of an org known only by its guid */
  name: string;
  /** the foundations that have an org of this name */
  foundations: string[];
  /** its apps' points on those foundations, added up as `total` is */
  points: TotalPointDto[];
}

export interface FleetProgressDto {
  foundations: FoundationProgressDto[];
  /** every foundation's latest point as of each capture time, added up */
  total: TotalPointDto[];
  projection: ProjectionDto;
  /** the orgs asked for by `org`, else the ones with the most privileged apps now */
  orgs: OrgSeriesDto[];
}

const totalDto = ({ capturedMs, ...rest }: Omit<ProgressPoint, "snapshotId">): TotalPointDto => ({ capturedAt: iso(capturedMs), ...rest });

const FOUNDATIONS_SQL = `SELECT id, name FROM Foundation ORDER BY name`;

/** Keep `value` under `key`, the most recently used last, dropping the least recently used beyond `limit`. */
function keep<V>(map: Map<string, V>, key: string, value: V, limit: number): V {
  map.delete(key);
  map.set(key, value);
  if (map.size > limit) map.delete(map.keys().next().value!);
  return value;
}

/** What `map` keeps under `key`, now the most recently used. */
function used<V>(map: Map<string, V>, key: string): V | undefined {
  const hit = map.get(key);
  if (hit !== undefined) {
    map.delete(key);
    map.set(key, hit);
  }
  return hit;
}

/**
 * Org series kept per foundation and over the fleet: building one takes 1–2 ms per foundation (a year of daily
 * points), so ten orgs never asked before take ~300 ms over 20 foundations, ~35 ms once kept. Bounded, so memory
 * stays flat however many orgs are asked for: a year's series is ~70 KB (16 × 20 + 64 of them: at most ~27 MB).
 */
const ORG_POINTS_KEPT = 16;
const ORG_SERIES_KEPT = 64;
const orgMemo = (g.__orgSeries ??= new Map());

/** Each foundation's org series inputs. */
function fleetOrgInputs(): (FoundationOrgInputs & { entry: FoundationSeries })[] {
  const db = readDb();
  const orgNames = db.prepare(`SELECT guid, name FROM Org WHERE foundationId = ?`).raw();
  return (db.prepare(FOUNDATIONS_SQL).all() as { id: number; name: string }[]).map((f) => {
    const entry = seriesOf(f.id);
    entry.byName ??= nameIndex(new Map(orgNames.all(f.id) as [string, string | null][]), entry.byOrg);
    return { foundation: f.name, snapshots: entry.snapshots, groups: entry.byOrg, byName: entry.byName, entry };
  });
}

/** Series of orgs by name across the foundations (lib/fleet/org-series.ts), each kept until a foundation it spans changes. */
function seriesOfOrgs(names: string[]): OrgSeries[] {
  const fleet = fleetOrgInputs();
  const entries = new Map(fleet.map((f) => [f.foundation, f.entry]));
  const pointsOf = (f: FoundationOrgInputs, guids: string[]) => {
    const kept = entries.get(f.foundation)!.orgPoints;
    const id = guids.join("\u0000");
    return used(kept, id) ?? keep(kept, id, orgPoints(f, guids), ORG_POINTS_KEPT);
  };
  return names.map((name) => {
    const key = fleet.map((f) => `${f.entry.key}/${f.byName.get(name)?.join("\u0000") ?? ""}`).join("|");
    const hit = used(orgMemo, name);
    if (hit?.key === key) return hit.series;
    return keep(orgMemo, name, { key, series: orgSeries(fleet, name, pointsOf) }, ORG_SERIES_KEPT).series;
  });
}

/** `GET /api/progress`: every foundation's series, the fleet's sum, and the series of some orgs across foundations. */
export async function getFleetProgress(actor: Actor, query: FleetProgressQuery = {}): Promise<FleetProgressDto> {
  authorize(actor, "read");
  const nowMs = Date.now();
  const rows = readDb().prepare(FOUNDATIONS_SQL).all() as { id: number; name: string }[];
  const each = rows.map((f) => foundationProgress(f, nowMs));
  const total = sumSeries(each.map((e) => e.points));
  return {
    foundations: each.map((e) => e.dto),
    total: total.map(totalDto),
    projection: projectionDto(project(remaining(total))),
    orgs: seriesOfOrgs(query.org ?? topOrgNames(DEFAULT_ORG_SERIES)).map((o) => ({ name: o.name, foundations: o.foundations, points: o.points.map(totalDto) })),
  };
}

/** One org's burndown across foundations and its projection (the org's page authorizes its reader). */
export function orgBurndown(name: string): { foundations: string[]; points: TotalPointDto[]; projection: ProjectionDto } {
  const [o] = seriesOfOrgs([name]);
  return { foundations: o!.foundations, points: o!.points.map(totalDto), projection: projectionDto(project(remaining(o!.points))) };
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
