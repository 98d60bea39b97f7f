import { stateHash } from "./hash";
import type { LrpRow } from "./lrp-row";

export interface AppState {
  appGuid: string;
  privileged: boolean;
  orgGuid: string | null;
  spaceGuid: string | null;
  /** "" = shared segment */
  segment: string;
  instances: number;
  privilegedInstances: number;
  lrps: number;
  risks: number;
}

export interface NameClaim {
  name: string | null;
  annotation: number | null;
  orgGuid?: string | null;
}

export interface SnapshotStats {
  lrps: number;
  appLrps: number;
  otherDomains: Record<string, number>;
  privilegedLrps: number;
  privilegedInstances: number;
  apps: number;
  privilegedApps: number;
}

export function appStateHash(a: AppState): string {
  return stateHash(
    `${a.privileged ? 1 : 0}|${a.orgGuid ?? ""}|${a.spaceGuid ?? ""}|${a.segment}|${a.instances}|${a.privilegedInstances}|${a.lrps}|${a.risks}`,
  );
}

/** A newer claim (by CC's updated_at annotation) replaces an older one; a claim without a name never does. */
function claim(map: Map<string, NameClaim>, guid: string, name: string | null, annotation: number | null, orgGuid?: string | null) {
  const cur = map.get(guid);
  if (!cur) {
    map.set(guid, { name, annotation: name ? annotation : null, orgGuid: orgGuid ?? null });
    return;
  }
  if (orgGuid && !cur.orgGuid) cur.orgGuid = orgGuid;
  if (!name) return;
  if (!cur.name || (annotation ?? -Infinity) > (cur.annotation ?? -Infinity)) {
    cur.name = name;
    cur.annotation = annotation;
  }
}

/** Folds a dump's LRP records into per-app states, names per guid and the snapshot's counts, while streaming. */
export class SnapshotAggregator {
  readonly apps = new Map<string, AppState>();
  readonly appNames = new Map<string, NameClaim>();
  readonly orgNames = new Map<string, NameClaim>();
  readonly spaceNames = new Map<string, NameClaim>();
  readonly stats: SnapshotStats = {
    lrps: 0,
    appLrps: 0,
    otherDomains: {},
    privilegedLrps: 0,
    privilegedInstances: 0,
    apps: 0,
    privilegedApps: 0,
  };
  /** Returns false for LRPs outside cf-apps, which are only counted. */
  add(r: LrpRow): boolean {
    this.stats.lrps++;
    if (r.domain !== "cf-apps" || !r.appGuid) {
      this.stats.otherDomains[r.domain] = (this.stats.otherDomains[r.domain] ?? 0) + 1;
      return false;
    }
    this.stats.appLrps++;
    if (r.privileged) {
      this.stats.privilegedLrps++;
      this.stats.privilegedInstances += r.instances;
    }
    const segment = r.segment;
    let app = this.apps.get(r.appGuid);
    if (!app) {
      app = {
        appGuid: r.appGuid,
        privileged: false,
        orgGuid: r.orgGuid,
        spaceGuid: r.spaceGuid,
        segment,
        instances: 0,
        privilegedInstances: 0,
        lrps: 0,
        risks: 0,
      };
      this.apps.set(r.appGuid, app);
    }
    app.lrps++;
    app.instances += r.instances;
    if (r.privileged) {
      app.privileged = true;
      app.privilegedInstances += r.instances;
    }
    app.orgGuid ??= r.orgGuid;
    app.spaceGuid ??= r.spaceGuid;
    if (!app.segment && segment) app.segment = segment;
    app.risks |= r.risks;
    claim(this.appNames, r.appGuid, r.appName, r.annotation);
    if (r.orgGuid) claim(this.orgNames, r.orgGuid, r.orgName, r.annotation);
    if (r.spaceGuid) claim(this.spaceNames, r.spaceGuid, r.spaceName, r.annotation, r.orgGuid);
    return true;
  }

  finish(): SnapshotStats {
    this.stats.apps = this.apps.size;
    let privileged = 0;
    for (const a of this.apps.values()) if (a.privileged) privileged++;
    this.stats.privilegedApps = privileged;
    return this.stats;
  }

  unnamedApps(): number {
    let n = 0;
    for (const c of this.appNames.values()) if (!c.name) n++;
    return n;
  }
}
