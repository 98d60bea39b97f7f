// Runs inside the parse and writer workers as well as in the server: relative imports only (compiled to CommonJS).
import type Database from "better-sqlite3";
import type { LrpRow } from "./lrp-row";
import { SPAN_WORK_COLUMNS } from "./staging-columns";

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

/** A name for a guid, as of the LRP annotation (CC's updated_at) that carried it and the line it stood on. */
export interface NameClaim {
  name: string | null;
  annotation: number;
  line: number;
  orgGuid?: string | null;
}

/** The greater of two optional values: when LRPs of one app disagree, the result must not depend on line order or threads. */
const greater = <T extends string>(a: T | null | undefined, b: T | null | undefined): T | null =>
  a == null ? (b ?? null) : b == null ? a : a > b ? a : b;

/**
 * The newer claim with a name wins (ties: the earlier line); a claim without a name never replaces one that
 * has a name.
 */
function claim(map: Map<string, NameClaim>, guid: string, c: NameClaim) {
  const cur = map.get(guid);
  if (!cur) {
    map.set(guid, { ...c });
    return;
  }
  if (c.orgGuid !== undefined) cur.orgGuid = greater(cur.orgGuid, c.orgGuid);
  if (c.name === null) return;
  if (cur.name === null || c.annotation > cur.annotation || (c.annotation === cur.annotation && c.line < cur.line)) {
    cur.name = c.name;
    cur.annotation = c.annotation;
    cur.line = c.line;
  }
}

/** An app is privileged when any of its LRPs is; instances add up over all of them (a rolling deploy runs both web LRPs). */
function mergeApp(map: Map<string, AppState>, guid: string, a: AppState) {
  const cur = map.get(guid);
  if (!cur) {
    map.set(guid, { ...a });
    return;
  }
  cur.line = Math.min(cur.line, a.line);
  cur.privileged = cur.privileged || a.privileged ? 1 : 0;
  cur.orgGuid = greater(cur.orgGuid, a.orgGuid);
  cur.spaceGuid = greater(cur.spaceGuid, a.spaceGuid);
  cur.segment = greater(cur.segment, a.segment) ?? "";
  cur.instances += a.instances;
  cur.privilegedInstances += a.privilegedInstances;
  cur.lrps += a.lrps;
  cur.privilegedLrps += a.privilegedLrps;
  cur.risks |= a.risks;
}

/** Tables a fold is written to in a staging file, beside the LRPs. */
export const FOLD_TABLES = { apps: "app", appNames: "name_app", orgNames: "name_org", spaceNames: "name_space" } as const;

const APP_COLUMNS = ["line", "privileged", "orgGuid", "spaceGuid", "segment", "instances", "privilegedInstances", "lrps", "privilegedLrps", "risks"] as const satisfies readonly (keyof AppState)[];

/**
 * The one place the rules of the per-app fold live. Each parse thread folds its share of the dump as it
 * parses (one state per app, one name per guid: a name learned from any LRP applies to every app, org and
 * space with that guid); the writer merges the shares of several threads with the same rules.
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
    const at = { annotation: r.annotation ?? -1, line: r.line };
    claim(this.appNames, guid, { name: r.appName, ...at });
    if (r.orgGuid) claim(this.orgNames, r.orgGuid, { name: r.orgName, ...at });
    if (r.spaceGuid) claim(this.spaceNames, r.spaceGuid, { name: r.spaceName, ...at, orgGuid: r.orgGuid });
  }

  /** Merges a share written by another thread (its tables in schema `from` of `db`). */
  load(db: Database.Database, from: string): void {
    const t = FOLD_TABLES;
    for (const a of db.prepare(`SELECT appGuid, ${APP_COLUMNS.join(", ")} FROM ${from}.${t.apps}`).iterate() as Iterable<AppState & { appGuid: string }>) {
      mergeApp(this.apps, a.appGuid, a);
    }
    const names = (table: string, into: Map<string, NameClaim>, org = false) => {
      const rows = db.prepare(`SELECT guid, name, annotation, line${org ? ", orgGuid" : ""} FROM ${from}.${table}`).iterate() as Iterable<
        NameClaim & { guid: string }
      >;
      for (const c of rows) claim(into, c.guid, { name: c.name, annotation: c.annotation, line: c.line, ...(org ? { orgGuid: c.orgGuid ?? null } : {}) });
    };
    names(t.appNames, this.appNames);
    names(t.orgNames, this.orgNames);
    names(t.spaceNames, this.spaceNames, true);
  }

  /**
   * Writes the fold into tables of schema `into` (replacing any), so that no thread holds another's share as
   * objects. The app table doubles as the staging table of lib/ingest/spans.ts (done, leftId, rightId).
   */
  write(db: Database.Database, into = "main"): void {
    const t = FOLD_TABLES;
    db.exec(`DROP TABLE IF EXISTS ${into}.${t.apps}; DROP TABLE IF EXISTS ${into}.${t.appNames};
             DROP TABLE IF EXISTS ${into}.${t.orgNames}; DROP TABLE IF EXISTS ${into}.${t.spaceNames};
             CREATE TABLE ${into}.${t.apps} (appGuid TEXT PRIMARY KEY, ${APP_COLUMNS.join(", ")}, ${SPAN_WORK_COLUMNS});
             CREATE TABLE ${into}.${t.appNames} (guid TEXT PRIMARY KEY, name, annotation, line);
             CREATE TABLE ${into}.${t.orgNames} (guid TEXT PRIMARY KEY, name, annotation, line);
             CREATE TABLE ${into}.${t.spaceNames} (guid TEXT PRIMARY KEY, name, annotation, line, orgGuid)`);
    const app = db.prepare(`INSERT INTO ${into}.${t.apps} (appGuid, ${APP_COLUMNS.join(", ")}) VALUES (?${", ?".repeat(APP_COLUMNS.length)})`);
    const name = (table: string) => db.prepare(`INSERT INTO ${into}.${table} VALUES (?, ?, ?, ?)`);
    const appName = name(t.appNames);
    const orgName = name(t.orgNames);
    const spaceName = db.prepare(`INSERT INTO ${into}.${t.spaceNames} VALUES (?, ?, ?, ?, ?)`);
    // the annotation is kept only with a name: it says how new the name is
    const ann = (c: NameClaim) => (c.name === null ? null : c.annotation);
    db.transaction(() => {
      for (const [g, a] of this.apps) app.run(g, ...APP_COLUMNS.map((c) => a[c]));
      for (const [g, c] of this.appNames) appName.run(g, c.name, ann(c), c.line);
      for (const [g, c] of this.orgNames) orgName.run(g, c.name, ann(c), c.line);
      for (const [g, c] of this.spaceNames) spaceName.run(g, c.name, ann(c), c.line, c.orgGuid ?? null);
    })();
  }
}
