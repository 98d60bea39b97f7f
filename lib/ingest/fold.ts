// Runs inside the parse workers as well as in the server: relative imports only (compiled to CommonJS).
import type { LrpRow } from "./lrp-row";

/** What a dump says of one app, folded over its LRPs. */
export interface AppState {
  /** line of the app's first LRP */
  line: number;
  privileged: 0 | 1;
  orgGuid: string | null;
  spaceGuid: string | null;
  /** placement tag; "" = shared segment */
  segment: string;
  instances: number;
  privilegedInstances: number;
  lrps: number;
  privilegedLrps: number;
  risks: number;
}

/** A name for a guid, as of the LRP annotation (CC's updated_at) that carried it. */
export interface NameClaim {
  name: string | null;
  annotation: number;
  orgGuid?: string | null;
}

export interface FoldData {
  apps: [string, AppState][];
  appNames: [string, NameClaim][];
  orgNames: [string, NameClaim][];
  spaceNames: [string, NameClaim][];
}

/** The newer claim with a name wins; a claim without a name never replaces one that has a name. */
function claim(map: Map<string, NameClaim>, guid: string, c: NameClaim) {
  const cur = map.get(guid);
  if (!cur) {
    map.set(guid, { ...c });
    return;
  }
  if (c.orgGuid && !cur.orgGuid) cur.orgGuid = c.orgGuid;
  if (c.name !== null && (cur.name === null || c.annotation > cur.annotation)) {
    cur.name = c.name;
    cur.annotation = c.annotation;
  }
}

function mergeApp(map: Map<string, AppState>, guid: string, a: AppState) {
  const cur = map.get(guid);
  if (!cur) {
    map.set(guid, { ...a });
    return;
  }
  cur.line = Math.min(cur.line, a.line);
  cur.privileged = cur.privileged || a.privileged ? 1 : 0;
  cur.orgGuid ??= a.orgGuid;
  cur.spaceGuid ??= a.spaceGuid;
  if (!cur.segment) cur.segment = a.segment;
  cur.instances += a.instances;
  cur.privilegedInstances += a.privilegedInstances;
  cur.lrps += a.lrps;
  cur.privilegedLrps += a.privilegedLrps;
  cur.risks |= a.risks;
}

/**
 * Folds LRPs into one state per app (privileged when any of its LRPs is; instances summed over all of them,
 * as a rolling deploy runs both web LRPs) and one name per guid: a name learned from any LRP applies to
 * every app, org and space with that guid. Each parse worker folds its share; the shares merge exactly.
 */
export class Fold {
  readonly apps = new Map<string, AppState>();
  readonly appNames = new Map<string, NameClaim>();
  readonly orgNames = new Map<string, NameClaim>();
  readonly spaceNames = new Map<string, NameClaim>();

  add(r: LrpRow): void {
    const guid = r.appGuid!;
    mergeApp(this.apps, guid, {
      line: r.line,
      privileged: r.privileged ? 1 : 0,
      orgGuid: r.orgGuid,
      spaceGuid: r.spaceGuid,
      segment: r.segment,
      instances: r.instances,
      privilegedInstances: r.privileged ? r.instances : 0,
      lrps: 1,
      privilegedLrps: r.privileged ? 1 : 0,
      risks: r.risks,
    });
    const annotation = r.annotation ?? -1;
    claim(this.appNames, guid, { name: r.appName, annotation });
    if (r.orgGuid) claim(this.orgNames, r.orgGuid, { name: r.orgName, annotation });
    if (r.spaceGuid) claim(this.spaceNames, r.spaceGuid, { name: r.spaceName, annotation, orgGuid: r.orgGuid });
  }

  merge(d: FoldData): void {
    for (const [g, a] of d.apps) mergeApp(this.apps, g, a);
    for (const [g, c] of d.appNames) claim(this.appNames, g, c);
    for (const [g, c] of d.orgNames) claim(this.orgNames, g, c);
    for (const [g, c] of d.spaceNames) claim(this.spaceNames, g, c);
  }

  data(): FoldData {
    return {
      apps: [...this.apps],
      appNames: [...this.appNames],
      orgNames: [...this.orgNames],
      spaceNames: [...this.spaceNames],
    };
  }
}
