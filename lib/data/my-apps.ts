import "server-only";
import { can, type Actor } from "@/lib/auth/permissions";
import { readDb } from "@/lib/db/sqlite";
import { ACTION_GROUPS, needsAction, type ActionGroup } from "@/lib/migration/needs-action";
import { effectiveStatus, STATUSES } from "@/lib/migration/state-machine";
import { stateColumns, toState, type StateRow } from "@/lib/migration/store";
import { iso } from "./time";

export interface MyAppDto {
  foundation: string;
  guid: string;
  name: string;
  org: string;
  space: string;
  status: string;
  /** when the status last changed */
  since: string | null;
  waiverExpiresAt: string | null;
}

export interface MyAppsDto {
  /** "all": an admin sees every app; "scope": an owner the apps of their orgs and spaces; "none": a viewer */
  scope: "all" | "scope" | "none";
  groups: { group: ActionGroup; total: number; apps: MyAppDto[] }[];
}

/** Apps shown per group; the total says how many more there are. */
const PER_GROUP = 200;

// every status but migrated: a regression or a waiver request can come with any of them
const OPEN_STATUSES = STATUSES.filter((s) => s !== "migrated").map((s) => `'${s}'`).join(", ");

// Apps of each foundation's latest snapshot (or of one: @f) that may need action: the (foundationId, status) index finds them.
const candidatesSql = (oneFoundation: boolean) => `SELECT f.name AS foundation, a.guid, COALESCE(a.name, a.guid) AS name, s.orgGuid, s.spaceGuid,
    o.name AS knownOrgName, COALESCE(o.name, s.orgGuid, '') AS orgName, COALESCE(sp.name, s.spaceGuid, '') AS spaceName, a.statusChangedAt, ${stateColumns("a")}
  FROM Foundation f
  JOIN App a ON a.foundationId = f.id AND a.status IN (${OPEN_STATUSES})
  JOIN AppSpan s ON s.foundationId = f.id AND s.appGuid = a.guid AND s.toMs = (SELECT MAX(capturedMs) FROM Snapshot WHERE foundationId = f.id)
  LEFT JOIN Org o ON o.foundationId = f.id AND o.guid = s.orgGuid
  LEFT JOIN Space sp ON sp.foundationId = f.id AND sp.guid = s.spaceGuid
  ${oneFoundation ? "WHERE f.id = @f" : ""}
  ORDER BY f.name, name COLLATE NOCASE, a.guid`;
const CANDIDATES = candidatesSql(false);
const FOUNDATION_CANDIDATES = candidatesSql(true);

export type CandidateRow = StateRow & {
  foundation: string;
  guid: string;
  name: string;
  orgGuid: string | null;
  spaceGuid: string | null;
  /** null while the org is known by its guid only */
  knownOrgName: string | null;
  orgName: string;
  spaceName: string;
  statusChangedAt: string | null;
};

/** Every app of the foundations' (or one foundation's) latest snapshots whose status is open (not migrated): what needsAction sorts. */
export const needsActionCandidates = (foundationId?: number): CandidateRow[] =>
  (foundationId === undefined ? readDb().prepare(CANDIDATES).all() : readDb().prepare(FOUNDATION_CANDIDATES).all({ f: foundationId })) as CandidateRow[];

/** `/my-apps`: the apps the actor may act on that need something, grouped by what (lib/migration/needs-action.ts). */
export async function myApps(actor: Actor): Promise<MyAppsDto> {
  const scope = actor.role === "admin" ? "all" : actor.role === "owner" ? "scope" : "none";
  const groups = new Map<ActionGroup, { total: number; apps: MyAppDto[] }>(ACTION_GROUPS.map((g) => [g, { total: 0, apps: [] }]));
  if (scope !== "none") {
    const nowMs = Date.now();
    for (const r of needsActionCandidates()) {
      if (!can(actor, "act", { foundation: r.foundation, orgGuid: r.orgGuid, spaceGuid: r.spaceGuid })) continue;
      const state = toState(r);
      const changedMs = r.statusChangedAt === null ? null : Date.parse(r.statusChangedAt);
      const group = needsAction(state, changedMs, nowMs);
      if (group === null) continue;
      const g = groups.get(group)!;
      g.total++;
      if (g.apps.length >= PER_GROUP) continue;
      g.apps.push({
        foundation: r.foundation,
        guid: r.guid,
        name: r.name,
        org: r.orgName,
        space: r.spaceName,
        status: effectiveStatus(state, nowMs)!,
        since: changedMs === null ? null : iso(changedMs),
        waiverExpiresAt: state.waiverExpiresMs === null ? null : iso(state.waiverExpiresMs),
      });
    }
  }
  return { scope, groups: ACTION_GROUPS.map((group) => ({ group, ...groups.get(group)! })) };
}
