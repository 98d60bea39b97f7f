import "server-only";
import { listOwners } from "@/lib/auth/accounts";
import { authorize } from "@/lib/auth/authorize";
import type { Actor, OwnerScope } from "@/lib/auth/permissions";
import { readDb } from "@/lib/db/sqlite";
import { rollUpOrgs, searchOrgs, type OrgCounts, type RollupOrg } from "@/lib/fleet/rollup";
import { rankStuck, type OwnerScopes, type StuckApp, type StuckEntry, type StuckGroup } from "@/lib/fleet/stuck";
import { toState } from "@/lib/migration/store";
import { fleetRollupPageQuery, rollupQueryOf, stuckQuery, type FleetRollupPageQuery, type RollupQuery, type StuckQuery } from "@/lib/schemas/fleet";
import { appIndex, type AppIndex } from "./app-index";
import { needsActionCandidates } from "./my-apps";
import { orgsOf } from "./orgs";
import { iso } from "./time";

export interface RollupPageDto {
  /** the foundations with a snapshot: the columns, in name order */
  foundations: string[];
  orgs: { name: string; foundations: Record<string, OrgCounts>; total: OrgCounts }[];
  /** rows matching `q`, over all pages */
  total: number;
  page: number;
  pageSize: number;
}

const LATEST_SQL = `SELECT f.id, f.name FROM Foundation f WHERE EXISTS (SELECT 1 FROM Snapshot s WHERE s.foundationId = f.id) ORDER BY f.name`;

/** The merged rows, kept while no foundation's index changed: each index is rebuilt on any write. */
let merged: { indexes: AppIndex[]; rows: RollupOrg[] } | null = null;

async function rollupRows(): Promise<{ foundations: string[]; rows: RollupOrg[] }> {
  const foundations = readDb().prepare(LATEST_SQL).all() as { id: number; name: string }[];
  const indexes: AppIndex[] = [];
  for (const f of foundations) indexes.push(await appIndex(f.id, "latest"));
  if (!merged || merged.indexes.length !== indexes.length || merged.indexes.some((x, i) => x !== indexes[i])) {
    const rows = rollUpOrgs(
      foundations.map((f, i) => ({
        foundation: f.name,
        // orgs.ts names an org by its guid while no name is known (the API's contract); the roll-up must tell them apart
        orgs: orgsOf(indexes[i]!).map((o) => ({ guid: o.guid, name: o.name === o.guid ? null : o.name, apps: o.apps, privilegedApps: o.privilegedApps, migratedApps: o.migratedApps })),
      })),
    );
    merged = { indexes, rows };
  }
  return { foundations: foundations.map((f) => f.name), rows: merged.rows };
}

/** `/` and `GET /api/progress/orgs`: one row per org name over the foundations' latest snapshots, paged. */
export async function pageOrgRollup(actor: Actor, q: RollupQuery): Promise<RollupPageDto> {
  authorize(actor, "read");
  const { foundations, rows } = await rollupRows();
  const matching = searchOrgs(rows, q.q);
  const from = (q.page - 1) * q.pageSize;
  return {
    foundations,
    orgs: matching.slice(from, from + q.pageSize).map(({ name, foundations, total }) => ({ name, foundations, total })),
    total: matching.length,
    page: q.page,
    pageSize: q.pageSize,
  };
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
  const candidates = needsActionCandidates().map((r) => ({
    foundation: r.foundation,
    guid: r.guid,
    name: r.name,
    orgGuid: r.orgGuid,
    orgName: r.knownOrgName,
    spaceGuid: r.spaceGuid,
    spaceName: r.spaceName,
    state: toState(r),
    statusChangedMs: r.statusChangedAt === null ? null : Date.parse(r.statusChangedAt),
  }));
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
