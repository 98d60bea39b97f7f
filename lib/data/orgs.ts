import "server-only";
import { SHARED_SEGMENT } from "@/lib/bosh/manifest";
import { readDb } from "@/lib/db/sqlite";
import { ORG_PAGE_SIZE, type OrgListQuery } from "@/lib/schemas/org";
import { appIndex, dictionaryNames, type AppIndex } from "./app-index";
import { LIST_SQL, asOfMs, likeEscape } from "./apps";
import { requireFoundation } from "./foundations";
import { foundationRevision } from "./revision";
import { authorize } from "@/lib/auth/authorize";
import type { Actor } from "@/lib/auth/permissions";

export interface CountsDto {
  apps: number;
  privilegedApps: number;
  privilegedInstances: number;
}
export interface SpaceDto extends CountsDto {
  guid: string;
  name: string;
}
export interface OrgDto extends CountsDto {
  guid: string;
  name: string;
  spaces: SpaceDto[];
}
export interface SegmentDto extends CountsDto {
  /** placement tag; "shared" for apps without one */
  name: string;
}
export interface OrgPageDto {
  orgs: OrgDto[];
  /** orgs that match the search, over all pages */
  total: number;
  page: number;
  pageSize: number;
}

const UNKNOWN = "(unknown)";

const zero = (): CountsDto => ({ apps: 0, privilegedApps: 0, privilegedInstances: 0 });

function add(c: CountsDto, index: AppIndex, row: number) {
  c.apps++;
  c.privilegedApps += index.privileged[row]!;
  c.privilegedInstances += index.privilegedInstances[row]!;
}

const byPrivilege = <T extends CountsDto & { name: string }>(a: T, b: T) => b.privilegedApps - a.privilegedApps || a.name.localeCompare(b.name);

/** An index's summaries, computed once: the index is rebuilt whenever anything (names included) changes. */
const orgSummaries = new WeakMap<AppIndex, OrgDto[]>();

function orgsOf(index: AppIndex): OrgDto[] {
  let orgs = orgSummaries.get(index);
  if (!orgs) orgSummaries.set(index, (orgs = summarize(index)));
  return orgs;
}

/** Orgs with their spaces and counts, orgs with privileged apps first. */
function summarize(index: AppIndex): OrgDto[] {
  const { orgNames, spaceNames } = dictionaryNames(index);
  const orgs = new Map<number, { dto: OrgDto; spaces: Map<number, SpaceDto> }>();
  for (let r = 0; r < index.n; r++) {
    const o = index.org[r]!;
    let org = orgs.get(o);
    if (!org) {
      const guid = index.orgGuids[o] ?? UNKNOWN;
      org = { dto: { guid, name: orgNames[o] ?? guid, ...zero(), spaces: [] }, spaces: new Map() };
      orgs.set(o, org);
    }
    add(org.dto, index, r);
    const s = index.space[r]!;
    let space = org.spaces.get(s);
    if (!space) {
      const guid = index.spaceGuids[s] ?? UNKNOWN;
      space = { guid, name: spaceNames[s] ?? guid, ...zero() };
      org.spaces.set(s, space);
    }
    add(space, index, r);
  }
  const list = [...orgs.values()].map(({ dto, spaces }) => ({ ...dto, spaces: [...spaces.values()].sort(byPrivilege) }));
  return list.sort(byPrivilege);
}

/** Orgs and spaces of the latest snapshot (or of an earlier one, `snapshot`) with their app counts; names fall back to the guid. */
export async function listOrgs(actor: Actor, foundation: string, q: Pick<OrgListQuery, "snapshot"> = {}): Promise<OrgDto[]> {
  authorize(actor, "read");
  const f = await requireFoundation(foundation);
  if (f.latestMs === null) return [];
  return orgsOf(await appIndex(f.id, "latest", asOfMs(f, q)));
}

/**
 * One page of the orgs, those with the most privileged apps first; `q` keeps the orgs whose name (or guid,
 * while no name is known) contains it, as the app search matches org names.
 */
export async function pageOrgs(actor: Actor, foundation: string, q: OrgListQuery): Promise<OrgPageDto> {
  authorize(actor, "read");
  const f = await requireFoundation(foundation);
  const page = { page: q.page ?? 1, pageSize: q.pageSize ?? ORG_PAGE_SIZE };
  if (f.latestMs === null) return { orgs: [], total: 0, ...page };
  const index = await appIndex(f.id, "latest", asOfMs(f, q));
  let orgs = orgsOf(index);
  if (q.q) {
    const keys = readDb().prepare(LIST_SQL.orgLike).pluck().all({ f: f.id, guids: JSON.stringify(index.orgGuids), q: likeEscape(q.q) }) as number[];
    const matching = new Set(keys.map((k) => index.orgGuids[k]));
    orgs = orgs.filter((o) => matching.has(o.guid));
  }
  const from = (page.page - 1) * page.pageSize;
  return { orgs: orgs.slice(from, from + page.pageSize), total: orgs.length, ...page };
}

/**
 * Apps per isolation segment as of a capture time: the spans that hold it, grouped (SQLite reads 50k spans by
 * (foundationId, toMs) in tens of milliseconds; the app index took a second to build, and the fleet page needs
 * every foundation's counts for its readiness column).
 */
export const SEGMENT_SQL = {
  latest: `SELECT segment, COUNT(*) AS apps, SUM(privileged) AS privilegedApps, SUM(privilegedInstances) AS privilegedInstances
    FROM AppSpan WHERE foundationId = @f AND toMs = @at GROUP BY segment`,
  at: `SELECT segment, COUNT(*) AS apps, SUM(privileged) AS privilegedApps, SUM(privilegedInstances) AS privilegedInstances
    FROM AppSpan WHERE foundationId = @f AND toMs >= @at AND fromMs <= @at GROUP BY segment`,
} as const;

/** The latest snapshot's counts per foundation, under its revision; an earlier snapshot's are read each time (time travel is rare). */
const g = globalThis as unknown as { __segmentCounts?: Map<number, { revision: string | null; segments: SegmentDto[] }> };
const segmentCache = (g.__segmentCounts ??= new Map());

function segmentCounts(f: { id: number; latestMs: number }, atMs: number | null): SegmentDto[] {
  const db = readDb();
  const revision = atMs === null ? foundationRevision(db, f.id) : null;
  const hit = atMs === null ? segmentCache.get(f.id) : undefined;
  if (hit && hit.revision === revision) return hit.segments;
  const rows = db.prepare(atMs === null ? SEGMENT_SQL.latest : SEGMENT_SQL.at).all({ f: f.id, at: atMs ?? f.latestMs }) as ({ segment: string } & CountsDto)[];
  const segments = rows
    .sort((a, b) => b.privilegedApps - a.privilegedApps || (a.segment < b.segment ? -1 : a.segment > b.segment ? 1 : 0))
    .map(({ segment, ...c }) => ({ name: segment || SHARED_SEGMENT, ...c }));
  if (atMs === null) segmentCache.set(f.id, { revision, segments });
  return segments;
}

/** Isolation segments of the latest snapshot (or of an earlier one, `snapshot`) with their app counts, most privileged apps first. */
export async function listSegments(actor: Actor, foundation: string, q: { snapshot?: string } = {}): Promise<SegmentDto[]> {
  authorize(actor, "read");
  const f = await requireFoundation(foundation);
  if (f.latestMs === null) return [];
  return segmentCounts({ id: f.id, latestMs: f.latestMs }, asOfMs(f, q));
}

/** Reads a foundation's segment counts into the cache (lib/data/warm.ts). */
export function warmSegments(f: { id: number; latestMs: number }): void {
  segmentCounts(f, null);
}
