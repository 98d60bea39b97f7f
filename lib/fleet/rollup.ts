import { isOverdue } from "../progress/target";

/**
 * The fleet roll-up (issue #10): teams span foundations, so an org name that exists on several foundations is
 * one row with a cell per foundation. Cloud Foundry compares org names exactly (case-sensitive), so only
 * exact names merge; an org known only by its guid (or not at all) stays its foundation's own row.
 */

export interface OrgCounts {
  apps: number;
  /** apps of the latest snapshot with a privileged LRP: the ones remaining */
  privilegedApps: number;
  /** apps of the latest snapshot whose status is `migrated` */
  migratedApps: number;
}

/** One org of one foundation's latest snapshot; `name` is null while only its guid is known. */
export interface FoundationOrg extends OrgCounts {
  guid: string;
  name: string | null;
}

export interface RollupOrg {
  /** the org name, or the guid of an unnamed org */
  name: string;
  /** false: an org known only by its guid, on its one foundation */
  named: boolean;
  foundations: Record<string, OrgCounts>;
  total: OrgCounts;
}

const zero = (): OrgCounts => ({ apps: 0, privilegedApps: 0, migratedApps: 0 });

/** What makes two orgs one row: the exact name, or for an unnamed org its foundation and guid. */
export const orgKey = (foundation: string, guid: string, name: string | null): string =>
  name !== null ? `name\u0000${name}` : `guid\u0000${foundation}\u0000${guid}`;

/**
 * Share of the apps that needed migrating which are migrated: migrated / (migrated + still privileged), in
 * whole percent; null when none ever needed it.
 */
export function percentMigrated(c: OrgCounts): number | null {
  const needed = c.migratedApps + c.privilegedApps;
  return needed === 0 ? null : Math.floor((c.migratedApps / needed) * 100);
}

function addTo(into: OrgCounts, c: OrgCounts) {
  into.apps += c.apps;
  into.privilegedApps += c.privilegedApps;
  into.migratedApps += c.migratedApps;
}

/** Rows with the most privileged apps remaining first, then the most migrated, then by name (code point order, as CF's names are exact). */
export function rollUpOrgs(byFoundation: { foundation: string; orgs: FoundationOrg[] }[]): RollupOrg[] {
  const rows = new Map<string, RollupOrg>();
  for (const { foundation, orgs } of byFoundation) {
    for (const o of orgs) {
      const key = orgKey(foundation, o.guid, o.name);
      let row = rows.get(key);
      if (!row) rows.set(key, (row = { name: o.name ?? o.guid, named: o.name !== null, foundations: {}, total: zero() }));
      // a name held by two orgs of one foundation (renamed, or two guids read from old LRPs) adds up in one cell
      const cell = (row.foundations[foundation] ??= zero());
      addTo(cell, o);
      addTo(row.total, o);
    }
  }
  return [...rows.values()].sort(
    (a, b) =>
      b.total.privilegedApps - a.total.privilegedApps ||
      b.total.migratedApps - a.total.migratedApps ||
      (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
  );
}

/**
 * The rows going by `name` as one org, as an org's series takes it (lib/fleet/org-series.ts): more than one only
 * when foundations share the guid of an org known by no name, which is the unknown org.
 */
export function findOrg(rows: RollupOrg[], name: string): RollupOrg | null {
  const matching = rows.filter((r) => r.name === name);
  if (matching.length <= 1) return matching[0] ?? null;
  const org: RollupOrg = { name, named: false, foundations: {}, total: zero() };
  for (const r of matching) {
    for (const [f, c] of Object.entries(r.foundations)) addTo((org.foundations[f] ??= zero()), c);
    addTo(org.total, r.total);
  }
  return org;
}

/** The rows whose name contains `q`, ignoring case, as the org search of a foundation does. */
export function searchOrgs(rows: RollupOrg[], q: string | undefined): RollupOrg[] {
  if (!q) return rows;
  const needle = q.toLowerCase();
  return rows.filter((r) => r.name.toLowerCase().includes(needle));
}

/**
 * The foundations on which an org is overdue: the foundation's target date has passed and the org still has
 * privileged apps there (the foundation's own rule, lib/progress/target.ts, applied to the org's share).
 */
export function overdueOn(cells: Record<string, OrgCounts>, targets: ReadonlyMap<string, string | null>, nowMs: number): string[] {
  return Object.entries(cells)
    .filter(([f, c]) => isOverdue(targets.get(f) ?? null, c.privilegedApps, nowMs))
    .map(([f]) => f);
}

/**
 * The target date an org works to: the earliest of its foundations' target dates where it still has privileged
 * apps (it is overdue exactly when that one has passed), or, with none left, the earliest of them all.
 */
export function orgTargetDate(cells: Record<string, OrgCounts>, targets: ReadonlyMap<string, string | null>): string | null {
  const earliest = (fs: string[]) =>
    fs
      .map((f) => targets.get(f) ?? null)
      .filter((t) => t !== null)
      .sort()[0] ?? null;
  const all = Object.keys(cells);
  return earliest(all.filter((f) => cells[f]!.privilegedApps > 0)) ?? earliest(all);
}
