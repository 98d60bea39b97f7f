// Runs inside the parse workers as well as in the server: relative imports only (compiled to CommonJS).
import type Database from "better-sqlite3";
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
 * every app, org and space with that guid. Each parse thread folds its share of the dump as it parses.
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

  /**
   * Writes this share into tables of a staging file. Shares from several workers are merged in SQL by the
   * publisher (lib/ingest/ingest.ts), so no thread holds the whole fold as objects.
   */
  write(db: Database.Database): void {
    // `app` doubles as the staging table of lib/ingest/spans.ts (done, leftId, rightId) when one thread parsed the dump
    db.exec(`CREATE TABLE app (appGuid TEXT PRIMARY KEY, line, privileged, orgGuid, spaceGuid, segment, instances,
               privilegedInstances, lrps, privilegedLrps, risks, done INTEGER NOT NULL DEFAULT 0, leftId INTEGER, rightId INTEGER);
             CREATE TABLE name_app (guid TEXT PRIMARY KEY, name, annotation);
             CREATE TABLE name_org (guid TEXT PRIMARY KEY, name, annotation);
             CREATE TABLE name_space (guid TEXT PRIMARY KEY, name, annotation, orgGuid)`);
    const app = db.prepare(
      `INSERT INTO app (appGuid, line, privileged, orgGuid, spaceGuid, segment, instances, privilegedInstances, lrps, privilegedLrps, risks)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const names = (t: string) => db.prepare(`INSERT INTO ${t} VALUES (?, ?, ?)`);
    const appName = names("name_app");
    const orgName = names("name_org");
    const spaceName = db.prepare(`INSERT INTO name_space VALUES (?, ?, ?, ?)`);
    db.transaction(() => {
      for (const [g, a] of this.apps) {
        app.run(g, a.line, a.privileged, a.orgGuid, a.spaceGuid, a.segment, a.instances, a.privilegedInstances, a.lrps, a.privilegedLrps, a.risks);
      }
      for (const [g, c] of this.appNames) appName.run(g, c.name, c.name === null ? null : c.annotation);
      for (const [g, c] of this.orgNames) orgName.run(g, c.name, c.name === null ? null : c.annotation);
      for (const [g, c] of this.spaceNames) spaceName.run(g, c.name, c.name === null ? null : c.annotation, c.orgGuid ?? null);
    })();
  }
}
