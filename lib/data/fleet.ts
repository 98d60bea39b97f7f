import "server-only";
import { listOwners } from "@/lib/auth/accounts";
import { authorize } from "@/lib/auth/authorize";
import type { Actor, OwnerScope } from "@/lib/auth/permissions";
import { readDb } from "@/lib/db/sqlite";
import { UNKNOWN_ORG } from "@/lib/fleet/org-series";
import { findOrg, overdueOn, rollUpOrgs, searchOrgs, type FoundationOrg, type OrgCounts, type RollupOrg } from "@/lib/fleet/rollup";
import { rankStuck, type OwnerScopes, type StuckApp, type StuckCandidate, type StuckEntry, type StuckGroup } from "@/lib/fleet/stuck";
import { toState } from "@/lib/migration/store";
import { fleetRollupPageQuery, rollupQueryOf, stuckQuery, type FleetRollupPageQuery, type RollupQuery, type StuckQuery } from "@/lib/schemas/fleet";
import { needsActionCandidates } from "./my-apps";
import { foundationRevisions, type FoundationRevision } from "./revision";
import { targetDates } from "./targets";
import { iso } from "./time";

export interface RollupRowDto {
  name: string;
  foundations: Record<string, OrgCounts>;
  total: OrgCounts;
  /** privileged apps remain on a foundation whose target date has passed */
  overdue: boolean;
  /** those foundations, in column order */
  overdueOn: string[];
}

export interface RollupPageDto {
  /** the foundations with a snapshot: the columns, in name order */
  foundations: string[];
  orgs: RollupRowDto[];
  /** rows matching `q`, over all pages */
  total: number;
  page: number;
  pageSize: number;
}

/**
 * Org counts of a foundation's latest snapshot in one grouped read (150 ms at 50k LRPs, against 1.2 s to build its
 * app index). The same counts as lib/data/orgs.ts, by org guid; the name is null while only the guid is known.
 */
const ORG_COUNTS_SQL = `SELECT COALESCE(s.orgGuid, '${UNKNOWN_ORG}') AS guid, o.name, COUNT(*) AS apps, SUM(s.privileged) AS privilegedApps,
    SUM(a.status = 'migrated') AS migratedApps
  FROM AppSpan s JOIN App a ON a.foundationId = s.foundationId AND a.guid = s.appGuid
  LEFT JOIN Org o ON o.foundationId = s.foundationId AND o.guid = s.orgGuid
  WHERE s.foundationId = @f AND s.toMs = @latest GROUP BY s.orgGuid`;

interface FoundationReads {
  key: string;
  orgs: FoundationOrg[];
  candidates: StuckCandidate[];
}

const g = globalThis as unknown as { __fleetReads?: Map<number, FoundationReads> };
const reads = (g.__fleetReads ??= new Map());

/** A foundation's org counts and open apps, re-read only when its revision changed. */
function readsOf(f: FoundationRevision & { latestMs: number }): FoundationReads {
  const hit = reads.get(f.id);
  if (hit?.key === f.revision) return hit;
  const r: FoundationReads = {
    key: f.revision,
    orgs: readDb().prepare(ORG_COUNTS_SQL).all({ f: f.id, latest: f.latestMs }) as FoundationOrg[],
    candidates: needsActionCandidates(f.id).map((c) => ({
      foundation: c.foundation,
      guid: c.guid,
      name: c.name,
      orgGuid: c.orgGuid,
      orgName: c.knownOrgName,
      spaceGuid: c.spaceGuid,
      spaceName: c.spaceName,
      state: toState(c),
      statusChangedMs: c.statusChangedAt === null ? null : Date.parse(c.statusChangedAt),
    })),
  };
  reads.set(f.id, r);
  return r;
}

const hasSnapshot = (f: FoundationRevision): f is FoundationRevision & { latestMs: number } => f.latestMs !== null;

/**
 * The foundations with a snapshot, each with its reads: an action on one foundation re-reads that one only
 * (reading all of them made the first `/` after a write 24 s).
 */
function fleetReads(): { name: string; reads: FoundationReads }[] {
  const fleet = foundationRevisions(readDb()).filter(hasSnapshot);
  const out = fleet.map((f) => ({ name: f.name, reads: readsOf(f) }));
  const seen = new Set(fleet.map((f) => f.id));
  for (const id of reads.keys()) if (!seen.has(id)) reads.delete(id);
  return out;
}

/** Reads a foundation's org counts and open apps into the cache (lib/data/warm.ts). */
export function warmFleetReads(f: FoundationRevision & { latestMs: number }): void {
  readsOf(f);
}

/** The merged rows, kept while every foundation's org counts are the same objects. */
let merged: { orgs: FoundationOrg[][]; rows: RollupOrg[] } | null = null;

function rollupRows(): { foundations: string[]; rows: RollupOrg[] } {
  const fleet = fleetReads();
  if (!merged || merged.orgs.length !== fleet.length || merged.orgs.some((o, i) => o !== fleet[i]!.reads.orgs)) {
    merged = { orgs: fleet.map((f) => f.reads.orgs), rows: rollUpOrgs(fleet.map((f) => ({ foundation: f.name, orgs: f.reads.orgs }))) };
  }
  return { foundations: fleet.map((f) => f.name), rows: merged.rows };
}

const rowDto = ({ name, foundations, total }: RollupOrg, targets: ReadonlyMap<string, string | null>, nowMs: number): RollupRowDto => {
  const on = overdueOn(foundations, targets, nowMs);
  return { name, foundations, total, overdue: on.length > 0, overdueOn: on };
};

/** `/` and `GET /api/progress/orgs`: one row per org name over the foundations' latest snapshots, paged. */
export async function pageOrgRollup(actor: Actor, q: RollupQuery, nowMs = Date.now()): Promise<RollupPageDto> {
  authorize(actor, "read");
  const { foundations, rows } = rollupRows();
  const targets = targetDates();
  let matching = searchOrgs(rows, q.q);
  if (q.overdue !== undefined) matching = matching.filter((r) => overdueOn(r.foundations, targets, nowMs).length > 0 === q.overdue);
  const from = (q.page - 1) * q.pageSize;
  return {
    foundations,
    orgs: matching.slice(from, from + q.pageSize).map((r) => rowDto(r, targets, nowMs)),
    total: matching.length,
    page: q.page,
    pageSize: q.pageSize,
  };
}

/** The names of the first `n` rows: the orgs with the most privileged apps now. */
export function topOrgNames(n: number): string[] {
  return [...new Set(rollupRows().rows.slice(0, n).map((r) => r.name))];
}

/** The roll-up row of the org going by `name`; null when no foundation's latest snapshot has it. */
export function rollupOrg(name: string, targets: ReadonlyMap<string, string | null>, nowMs: number): RollupRowDto | null {
  const row = findOrg(rollupRows().rows, name);
  return row === null ? null : rowDto(row, targets, nowMs);
}

export interface StuckAppDto extends Omit<StuckApp, "sinceMs"> {
  /** when it began to wait: the change that set its status */
  since: string | null;
}
export interface StuckEntryDto {
  name: string;
  counts: Record<StuckGroup, number>;
  total: number;
  oldestSince: string | null;
  apps: StuckAppDto[];
}
export interface StuckDto {
  orgs: StuckEntryDto[];
  owners: StuckEntryDto[];
  unowned: StuckEntryDto;
  /** stuck apps over the fleet */
  total: number;
}

const entryDto = (e: StuckEntry): StuckEntryDto => ({
  name: e.name,
  counts: e.counts,
  total: e.total,
  oldestSince: e.oldestSinceMs === null ? null : iso(e.oldestSinceMs),
  apps: e.apps.map(({ sinceMs, ...a }) => ({ ...a, since: sinceMs === null ? null : iso(sinceMs) })),
});

function ownerScopes(): OwnerScopes[] {
  const byEmail = new Map<string, OwnerScope[]>();
  for (const o of listOwners(readDb())) {
    const scopes = byEmail.get(o.email) ?? [];
    scopes.push({ foundation: o.foundation, orgGuid: o.orgGuid, spaceGuid: o.spaceGuid });
    byEmail.set(o.email, scopes);
  }
  return [...byEmail].map(([email, scopes]) => ({ email, scopes }));
}

/** `/` and `GET /api/progress/stuck`: orgs and owners with the most untriaged or stalled apps, longest waits first. */
export async function listStuck(actor: Actor, q: StuckQuery, nowMs = Date.now()): Promise<StuckDto> {
  authorize(actor, "read");
  const candidates = fleetReads().flatMap((f) => f.reads.candidates);
  const report = rankStuck(candidates, ownerScopes(), nowMs, q.apps);
  return {
    orgs: report.orgs.slice(0, q.limit).map(entryDto),
    owners: report.owners.slice(0, q.limit).map(entryDto),
    unowned: entryDto(report.unowned),
    total: report.total,
  };
}

export interface FleetRollupView {
  view: FleetRollupPageQuery;
  rollup: RollupPageDto;
  stuck: StuckDto;
}

/** What `/` shows of the roll-up and who is stuck, for the page's URL (a bad parameter shows the default). */
export async function fleetRollupView(actor: Actor, searchParams: Record<string, string | string[] | undefined>): Promise<FleetRollupView> {
  const view = fleetRollupPageQuery.parse(searchParams);
  const [rollup, stuck] = await Promise.all([pageOrgRollup(actor, rollupQueryOf(view)), listStuck(actor, stuckQuery.parse({}))]);
  return { view, rollup, stuck };
}
