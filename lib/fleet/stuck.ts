import { inScope, type OwnerScope } from "@/lib/auth/permissions";
import { needsAction, type ActionGroup } from "@/lib/migration/needs-action";
import type { AppState } from "@/lib/migration/state-machine";
import { orgKey } from "./rollup";

/**
 * Who is stuck (issue #10): the `/my-apps` groups that wait on an app's own team, by needsAction's rules —
 * nobody has acted yet (a regression is untriaged again) or a test push has stalled. A waiver request waits
 * on an admin and an expiring waiver is not late yet, so neither counts here.
 */
export const STUCK_GROUPS = ["regression", "untriaged", "testing_stalled"] as const satisfies readonly ActionGroup[];
export type StuckGroup = (typeof STUCK_GROUPS)[number];

const isStuck = (g: ActionGroup | null): g is StuckGroup => g !== null && (STUCK_GROUPS as readonly ActionGroup[]).includes(g);

/** An app of a foundation's latest snapshot with an open status. */
export interface StuckCandidate {
  foundation: string;
  guid: string;
  name: string;
  orgGuid: string | null;
  /** null while only the guid is known */
  orgName: string | null;
  spaceGuid: string | null;
  spaceName: string;
  state: AppState;
  /** when the status last changed (the event that set it) */
  statusChangedMs: number | null;
}

export interface StuckApp {
  foundation: string;
  guid: string;
  name: string;
  org: string;
  space: string;
  group: StuckGroup;
  /** null when the status has no recorded change time */
  sinceMs: number | null;
}

export interface StuckEntry {
  /** the org name (or an unnamed org's guid), or the owner's email */
  name: string;
  counts: Record<StuckGroup, number>;
  total: number;
  /** the longest wait: the oldest `sinceMs` of its apps */
  oldestSinceMs: number | null;
  /** its apps, longest waiting first, at most `appsPerEntry` */
  apps: StuckApp[];
}

export interface StuckReport {
  orgs: StuckEntry[];
  owners: StuckEntry[];
  /** stuck apps no owner assignment covers */
  unowned: StuckEntry;
  /** stuck apps over the fleet */
  total: number;
}

/** An owner and the orgs/spaces assigned to them (OwnerAssignment). */
export interface OwnerScopes {
  email: string;
  scopes: OwnerScope[];
}

/** Oldest first; an app without a change time (older than the workflow's records) counts as oldest. */
const bySince = (a: { sinceMs: number | null }, b: { sinceMs: number | null }) => (a.sinceMs ?? -Infinity) - (b.sinceMs ?? -Infinity);

const newEntry = (name: string): StuckEntry => ({ name, counts: { regression: 0, untriaged: 0, testing_stalled: 0 }, total: 0, oldestSinceMs: null, apps: [] });

function add(e: StuckEntry, app: StuckApp) {
  e.counts[app.group]++;
  e.total++;
  e.apps.push(app);
}

function finish(e: StuckEntry, appsPerEntry: number): StuckEntry {
  e.apps.sort(bySince);
  e.oldestSinceMs = e.apps[0]?.sinceMs ?? null;
  e.apps = e.apps.slice(0, appsPerEntry);
  return e;
}

/** Most stuck apps first; ties: the longest wait first, then by name. */
const byStuck = (a: StuckEntry, b: StuckEntry) =>
  b.total - a.total || (a.oldestSinceMs ?? -Infinity) - (b.oldestSinceMs ?? -Infinity) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/** Ranks orgs (merged across foundations by exact name, as the roll-up does) and owners by their stuck apps at `nowMs`. */
export function rankStuck(candidates: Iterable<StuckCandidate>, owners: OwnerScopes[], nowMs: number, appsPerEntry = 5): StuckReport {
  const orgs = new Map<string, StuckEntry>();
  const byOwner = new Map<string, StuckEntry>();
  const unowned = newEntry("no owner assigned");
  // each owner's assignments per org, so an app is checked against the few owners of its org only
  const ownersOfOrg = new Map<string, OwnerScopes[]>();
  for (const o of owners) {
    for (const s of o.scopes) {
      const key = `${s.foundation}\u0000${s.orgGuid}`;
      const list = ownersOfOrg.get(key) ?? [];
      const mine = list.find((x) => x.email === o.email);
      if (mine) mine.scopes.push(s);
      else list.push({ email: o.email, scopes: [s] });
      ownersOfOrg.set(key, list);
    }
  }
  let total = 0;
  for (const c of candidates) {
    const group = needsAction(c.state, c.statusChangedMs, nowMs);
    if (!isStuck(group)) continue;
    total++;
    const orgName = c.orgName ?? c.orgGuid ?? "";
    const app: StuckApp = { foundation: c.foundation, guid: c.guid, name: c.name, org: orgName, space: c.spaceName, group, sinceMs: c.statusChangedMs };
    const key = orgKey(c.foundation, c.orgGuid ?? "", c.orgName);
    let org = orgs.get(key);
    if (!org) orgs.set(key, (org = newEntry(orgName)));
    add(org, app);
    let owned = false;
    for (const o of ownersOfOrg.get(`${c.foundation}\u0000${c.orgGuid}`) ?? []) {
      if (!inScope(o.scopes, { foundation: c.foundation, orgGuid: c.orgGuid, spaceGuid: c.spaceGuid })) continue;
      owned = true;
      let e = byOwner.get(o.email);
      if (!e) byOwner.set(o.email, (e = newEntry(o.email)));
      add(e, app);
    }
    if (!owned) add(unowned, app);
  }
  return {
    orgs: [...orgs.values()].map((e) => finish(e, appsPerEntry)).sort(byStuck),
    owners: [...byOwner.values()].map((e) => finish(e, appsPerEntry)).sort(byStuck),
    unowned: finish(unowned, appsPerEntry),
    total,
  };
}
