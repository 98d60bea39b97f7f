import "server-only";
import { ApiError } from "@/lib/api/errors";
import { authorize } from "@/lib/auth/authorize";
import type { Actor } from "@/lib/auth/permissions";
import { UNKNOWN_ORG } from "@/lib/fleet/org-series";
import { orgTargetDate, type OrgCounts } from "@/lib/fleet/rollup";
import { rollupOrg } from "./fleet";
import { targetDates } from "./targets";
import { orgBurndown, type ProjectionDto, type TotalPointDto } from "./progress";

export interface OrgFoundationDto {
  name: string;
  /** the org's apps in the foundation's latest snapshot (zeros when it has none there now) */
  counts: OrgCounts;
  targetDate: string | null;
  /** privileged apps of the org remain there past the foundation's target date */
  overdue: boolean;
  /** what the foundation's app list takes as its `org` filter; null for apps that named no org */
  appsOrg: string | null;
}

export interface OrgProgressDto {
  name: string;
  total: OrgCounts;
  overdue: boolean;
  /** the earliest target date of the foundations where it still has privileged apps (lib/fleet/rollup.ts orgTargetDate) */
  targetDate: string | null;
  foundations: OrgFoundationDto[];
  points: TotalPointDto[];
  projection: ProjectionDto;
}

const ZERO: OrgCounts = { apps: 0, privilegedApps: 0, migratedApps: 0 };

/** `/orgs/{name}`: one org (by name, or by guid while it has none) across foundations; 404 when no foundation has it. */
export async function getOrgProgress(actor: Actor, name: string, nowMs = Date.now()): Promise<OrgProgressDto> {
  authorize(actor, "read");
  const targets = targetDates();
  const now = rollupOrg(name, targets, nowMs);
  const burndown = orgBurndown(name);
  if (now === null && burndown.foundations.length === 0) throw new ApiError(404, "no foundation has an org of that name");
  const cells = now?.foundations ?? {};
  const names = [...new Set([...burndown.foundations, ...Object.keys(cells)])].sort();
  const overdueOn = new Set(now?.overdueOn ?? []);
  return {
    name,
    total: now?.total ?? ZERO,
    overdue: overdueOn.size > 0,
    targetDate: orgTargetDate(cells, targets),
    foundations: names.map((f) => ({
      name: f,
      counts: cells[f] ?? ZERO,
      targetDate: targets.get(f) ?? null,
      overdue: overdueOn.has(f),
      appsOrg: name === UNKNOWN_ORG ? null : name,
    })),
    points: burndown.points,
    projection: burndown.projection,
  };
}
