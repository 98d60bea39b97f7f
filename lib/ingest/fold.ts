// Runs inside the writer worker: relative imports only (compiled to CommonJS).
import { RISK_CATEGORIES } from "../cfdot/extract";
import type { Sqlite } from "../db/sqlite";
import { SPAN_WORK_COLUMNS, STAGE_LRP_TABLE } from "./staging";

/** Tables the fold writes into the staging schema, beside the LRPs. */
export const FOLD_TABLES = { apps: "app", appNames: "name_app", orgNames: "name_org", spaceNames: "name_space" } as const;

/** Bitwise OR over a group: SQLite has no such aggregate, so one MAX per risk bit. */
const riskOr = RISK_CATEGORIES.map((_, i) => `MAX(risks & ${1 << i})`).join(" | ");

/**
 * The one place the rules of the per-app fold live, applied to every LRP of the dump at once:
 * - an app is privileged when any of its cf-apps LRPs is; instances add up over all of them (a rolling
 *   deploy runs both web LRPs);
 * - its org, space and isolation segment come from its LRPs (they agree in practice; when they do not, the
 *   greatest value wins, so the result does not depend on the order of the lines);
 * - a guid's name is the one carried by the LRP with the newest annotation (CC's updated_at); a name learned
 *   from any LRP applies to every app, org and space with that guid; ties go to the earlier line.
 */
export function foldStage(db: Sqlite, schema: string): void {
  const lrp = `${schema}.${STAGE_LRP_TABLE}`;
  const t = FOLD_TABLES;
  const newest = (guid: string, name: string, orgOf = "") =>
    `SELECT ${guid} AS guid, ${name} AS name, CASE WHEN ${name} IS NULL THEN NULL ELSE COALESCE(annotation, -1) END AS annotation${orgOf ? ", orgOf" : ""}
     FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY ${guid} ORDER BY ${name} IS NULL, COALESCE(annotation, -1) DESC, line) AS rn
             ${orgOf ? `, MAX(${orgOf}) OVER (PARTITION BY ${guid}) AS orgOf` : ""}
           FROM ${lrp} WHERE ${guid} IS NOT NULL) WHERE rn = 1`;
  db.exec(
    `CREATE INDEX ${schema}.lrp_process ON ${STAGE_LRP_TABLE} (processGuid);
     CREATE TABLE ${schema}.${t.apps} (appGuid TEXT PRIMARY KEY, line, privileged, orgGuid, spaceGuid, segment, instances,
       privilegedInstances, lrps, privilegedLrps, risks, ${SPAN_WORK_COLUMNS});
     INSERT INTO ${schema}.${t.apps} (appGuid, line, privileged, orgGuid, spaceGuid, segment, instances, privilegedInstances, lrps, privilegedLrps, risks)
       SELECT appGuid, MIN(line), MAX(privileged), MAX(orgGuid), MAX(spaceGuid), MAX(segment), SUM(instances),
         SUM(CASE WHEN privileged THEN instances ELSE 0 END), COUNT(*), SUM(privileged), ${riskOr}
       FROM ${lrp} GROUP BY appGuid;
     CREATE TABLE ${schema}.${t.appNames} (guid TEXT PRIMARY KEY, name, annotation);
     INSERT INTO ${schema}.${t.appNames} ${newest("appGuid", "appName")};
     CREATE TABLE ${schema}.${t.orgNames} (guid TEXT PRIMARY KEY, name, annotation);
     INSERT INTO ${schema}.${t.orgNames} ${newest("orgGuid", "orgName")};
     CREATE TABLE ${schema}.${t.spaceNames} (guid TEXT PRIMARY KEY, name, annotation, orgGuid);
     INSERT INTO ${schema}.${t.spaceNames} ${newest("spaceGuid", "spaceName", "orgGuid")};`,
  );
}
