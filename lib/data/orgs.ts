import "server-only";
import { readDb } from "@/lib/db/sqlite";
import { requireFoundation } from "./foundations";

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

const UNKNOWN = "(unknown)";

/** Orgs and spaces of the latest snapshot with their app counts; names fall back to the guid. */
export async function listOrgs(foundation: string): Promise<OrgDto[]> {
  const f = await requireFoundation(foundation);
  if (f.latestMs === null) return [];
  const rows = readDb()
    .prepare(
      // count first, then name the few hundred groups (not every app row)
      `SELECT g.orgGuid, o.name AS orgName, g.spaceGuid, sp.name AS spaceName, g.apps, g.privilegedApps, g.privilegedInstances
       FROM (SELECT orgGuid, spaceGuid, COUNT(*) AS apps, SUM(privileged) AS privilegedApps, SUM(privilegedInstances) AS privilegedInstances
             FROM AppSpan WHERE foundationId = @f AND toMs = @latest GROUP BY orgGuid, spaceGuid) g
       LEFT JOIN Org o ON o.foundationId = @f AND o.guid = g.orgGuid
       LEFT JOIN Space sp ON sp.foundationId = @f AND sp.guid = g.spaceGuid`,
    )
    .all({ f: f.id, latest: f.latestMs }) as {
    orgGuid: string | null;
    orgName: string | null;
    spaceGuid: string | null;
    spaceName: string | null;
    apps: number;
    privilegedApps: number;
    privilegedInstances: number;
  }[];
  const orgs = new Map<string, OrgDto>();
  for (const r of rows) {
    const guid = r.orgGuid ?? UNKNOWN;
    let org = orgs.get(guid);
    if (!org) {
      org = { guid, name: r.orgName ?? guid, apps: 0, privilegedApps: 0, privilegedInstances: 0, spaces: [] };
      orgs.set(guid, org);
    }
    org.apps += r.apps;
    org.privilegedApps += r.privilegedApps;
    org.privilegedInstances += r.privilegedInstances;
    const spaceGuid = r.spaceGuid ?? UNKNOWN;
    org.spaces.push({
      guid: spaceGuid,
      name: r.spaceName ?? spaceGuid,
      apps: r.apps,
      privilegedApps: r.privilegedApps,
      privilegedInstances: r.privilegedInstances,
    });
  }
  const byPrivilege = <T extends CountsDto & { name: string }>(a: T, b: T) =>
    b.privilegedApps - a.privilegedApps || a.name.localeCompare(b.name);
  const list = [...orgs.values()].sort(byPrivilege);
  for (const o of list) o.spaces.sort(byPrivilege);
  return list;
}

/** Isolation segments of the latest snapshot with their app counts. */
export async function listSegments(foundation: string): Promise<SegmentDto[]> {
  const f = await requireFoundation(foundation);
  if (f.latestMs === null) return [];
  const rows = readDb()
    .prepare(
      `SELECT segment, COUNT(*) AS apps, SUM(privileged) AS privilegedApps, SUM(privilegedInstances) AS privilegedInstances
       FROM AppSpan WHERE foundationId = ? AND toMs = ? GROUP BY segment ORDER BY privilegedApps DESC, segment`,
    )
    .all(f.id, f.latestMs) as ({ segment: string } & CountsDto)[];
  return rows.map((r) => ({ name: r.segment || "shared", apps: r.apps, privilegedApps: r.privilegedApps, privilegedInstances: r.privilegedInstances }));
}
