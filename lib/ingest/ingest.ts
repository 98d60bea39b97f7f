import { randomBytes } from "node:crypto";
import type { Readable } from "node:stream";
import { ApiError } from "@/lib/api/errors";
import { openSqlite, sqliteDate, type Sqlite } from "@/lib/db/sqlite";
import { observe, type Status } from "@/lib/migration/state-machine";
import { appStateHash, SnapshotAggregator, type NameClaim } from "./aggregate";
import type { LrpRow } from "./lrp-row";
import { parseDump } from "./parse-dump";
import { APP_SPANS, LRP_SPANS, mergeSpans, stagingDdl } from "./spans";

export interface IngestInput {
  foundation: string;
  capturedAt: Date;
  /** decompressed dump bytes */
  dump: Readable;
}

export interface SnapshotRow {
  id: number;
  foundation: string;
  capturedMs: number;
  observedMs: number[];
  lrps: number;
  appLrps: number;
  otherDomains: Record<string, number>;
  privilegedLrps: number;
  privilegedInstances: number;
  apps: number;
  privilegedApps: number;
  warnings: string[];
}

export interface IngestResult {
  snapshot: SnapshotRow;
  duplicate: boolean;
}

const BATCH = 2000;

/** Streams one dump into TEMP staging tables (no lock on the shared database), then publishes it whole. */
export async function ingestSnapshot(input: IngestInput): Promise<IngestResult> {
  const db = openSqlite();
  const tag = randomBytes(6).toString("hex");
  const lrpStage = `stage_lrp_${tag}`;
  const appStage = `stage_app_${tag}`;
  try {
    db.exec(stagingDdl(LRP_SPANS, lrpStage));
    db.exec(stagingDdl(APP_SPANS, appStage));
    const insertLrp = db.prepare(
      `INSERT INTO ${lrpStage} (processGuid, stateHash, line, appGuid, processType, instances, memoryMb, diskMb, rootfs, privileged, placementTags, annotation, hints)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const lineOf = db.prepare(`SELECT line FROM ${lrpStage} WHERE processGuid = ?`).pluck();
    const flush = db.transaction((rows: LrpRow[]) => {
      for (const r of rows) {
        if (!agg.add(r)) continue;
        try {
          insertLrp.run(
            r.processGuid, r.stateHash, r.line, r.appGuid, r.processType, r.instances, r.memoryMb, r.diskMb,
            r.rootfs, r.privileged ? 1 : 0, r.placementTags, r.annotation, r.hints,
          );
        } catch (e) {
          if ((e as { code?: string }).code !== "SQLITE_CONSTRAINT_PRIMARYKEY") throw e;
          throw new ApiError(422, `line ${r.line} repeats the process_guid of line ${lineOf.get(r.processGuid)}: not a single cfdot dump`, {
            line: r.line,
          });
        }
      }
    });
    const agg = new SnapshotAggregator();
    const parsed = await parseDump(input.dump, flush);
    if (parsed.records === 0) {
      throw new ApiError(422, "the dump is empty: a failed `cfdot desired-lrps` run leaves an empty file; run it again", { line: 1 });
    }
    const warnings = parsed.warnings;
    const stats = agg.finish();
    const unnamed = agg.unnamedApps();
    if (unnamed > 0) {
      warnings.push(
        `${unnamed} app${unnamed === 1 ? " has" : "s have"} no name in metric_tags (LRPs desired before CAPI 1.85): upload a Cloud Controller export to name them`,
      );
    }
    const insertApp = db.prepare(
      `INSERT INTO ${appStage} (appGuid, stateHash, line, privileged, orgGuid, spaceGuid, segment, instances, privilegedInstances, lrps, risks)
       VALUES (?, ?, 0, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    db.transaction(() => {
      for (const a of agg.apps.values()) {
        insertApp.run(a.appGuid, appStateHash(a), a.privileged ? 1 : 0, a.orgGuid, a.spaceGuid, a.segment, a.instances, a.privilegedInstances, a.lrps, a.risks);
      }
    })();
    return publish(db, {
      foundation: input.foundation,
      t: input.capturedAt.getTime(),
      hash: parsed.hash,
      bytes: parsed.bytes,
      stats,
      warnings,
      agg,
      lrpStage,
      appStage,
    });
  } finally {
    db.close();
  }
}

interface PublishInput {
  foundation: string;
  t: number;
  hash: string;
  bytes: number;
  stats: ReturnType<SnapshotAggregator["finish"]>;
  warnings: string[];
  agg: SnapshotAggregator;
  lrpStage: string;
  appStage: string;
}

interface SnapshotDbRow {
  id: number;
  capturedMs: number;
  observedMs: string;
  lrps: number;
  appLrps: number;
  otherDomains: string;
  privilegedLrps: number;
  privilegedInstances: number;
  apps: number;
  privilegedApps: number;
  warnings: string;
}

function toSnapshotRow(foundation: string, r: SnapshotDbRow): SnapshotRow {
  return {
    id: r.id,
    foundation,
    capturedMs: r.capturedMs,
    observedMs: JSON.parse(r.observedMs) as number[],
    lrps: r.lrps,
    appLrps: r.appLrps,
    otherDomains: JSON.parse(r.otherDomains) as Record<string, number>,
    privilegedLrps: r.privilegedLrps,
    privilegedInstances: r.privilegedInstances,
    apps: r.apps,
    privilegedApps: r.privilegedApps,
    warnings: JSON.parse(r.warnings) as string[],
  };
}

/** The one short write transaction of an upload: the snapshot appears whole or not at all. */
function publish(db: Sqlite, x: PublishInput): IngestResult {
  const run = db.transaction((): IngestResult => {
    db.prepare(`INSERT INTO Foundation (name, createdAt) VALUES (?, ?) ON CONFLICT(name) DO NOTHING`).run(x.foundation, sqliteDate(new Date()));
    const f = db.prepare(`SELECT id FROM Foundation WHERE name = ?`).pluck().get(x.foundation) as number;
    const same = db.prepare(`SELECT * FROM Snapshot WHERE foundationId = ? AND contentHash = ?`).get(f, x.hash) as SnapshotDbRow | undefined;
    if (same) {
      const observed = new Set(JSON.parse(same.observedMs) as number[]);
      observed.add(x.t);
      const list = [...observed].sort((a, b) => a - b);
      db.prepare(`UPDATE Snapshot SET observedMs = ? WHERE id = ?`).run(JSON.stringify(list), same.id);
      return { snapshot: toSnapshotRow(x.foundation, { ...same, observedMs: JSON.stringify(list) }), duplicate: true };
    }
    const clash = db.prepare(`SELECT id FROM Snapshot WHERE foundationId = ? AND capturedMs = ?`).pluck().get(f, x.t);
    if (clash !== undefined) {
      throw new ApiError(409, `snapshot ${clash} of this foundation was captured at the same time with other content: pass a different capturedAt`, {
        snapshotId: String(clash),
      });
    }
    const p = db.prepare(`SELECT MAX(capturedMs) FROM Snapshot WHERE foundationId = ? AND capturedMs < ?`).pluck().get(f, x.t) as number | null;
    const n = db.prepare(`SELECT MIN(capturedMs) FROM Snapshot WHERE foundationId = ? AND capturedMs > ?`).pluck().get(f, x.t) as number | null;
    const s = x.stats;
    const info = db
      .prepare(
        `INSERT INTO Snapshot (foundationId, capturedMs, observedMs, contentHash, createdAt, lrps, appLrps, otherDomains,
           privilegedLrps, privilegedInstances, apps, privilegedApps, warnings, bytes)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(f, x.t, JSON.stringify([x.t]), x.hash, sqliteDate(new Date()), s.lrps, s.appLrps, JSON.stringify(s.otherDomains),
        s.privilegedLrps, s.privilegedInstances, s.apps, s.privilegedApps, JSON.stringify(x.warnings), x.bytes);
    const snapshotId = Number(info.lastInsertRowid);
    mergeSpans(db, LRP_SPANS, x.lrpStage, f, x.t, p, n);
    mergeSpans(db, APP_SPANS, x.appStage, f, x.t, p, n);
    saveNames(db, f, x.agg);
    if (n === null) applyStatuses(db, f, snapshotId, x.appStage);
    const row = db.prepare(`SELECT * FROM Snapshot WHERE id = ?`).get(snapshotId) as SnapshotDbRow;
    return { snapshot: toSnapshotRow(x.foundation, row), duplicate: false };
  });
  return run.immediate();
}

/** Newest annotation wins per guid; names from a Cloud Controller export (nameSource 'cc') are never overridden by LRPs. */
function saveNames(db: Sqlite, f: number, agg: SnapshotAggregator) {
  const upsert = (table: "Org" | "Space") => {
    const extra = table === "Space" ? ", orgGuid" : "";
    const extraVal = table === "Space" ? ", @orgGuid" : "";
    const extraSet = table === "Space" ? ", orgGuid = COALESCE(excluded.orgGuid, orgGuid)" : "";
    return db.prepare(
      `INSERT INTO ${table} (foundationId, guid, name, nameAnnotation, nameSource${extra}) VALUES (@f, @guid, @name, @annotation, @source${extraVal})
       ON CONFLICT(foundationId, guid) DO UPDATE SET
         name = CASE WHEN ${NEWER} THEN excluded.name ELSE name END,
         nameAnnotation = CASE WHEN ${NEWER} THEN excluded.nameAnnotation ELSE nameAnnotation END,
         nameSource = CASE WHEN ${NEWER} THEN excluded.nameSource ELSE nameSource END${extraSet}`,
    );
  };
  const apps = db.prepare(
    `INSERT INTO App (foundationId, guid, name, nameAnnotation, nameSource) VALUES (@f, @guid, @name, @annotation, @source)
     ON CONFLICT(foundationId, guid) DO UPDATE SET
       name = CASE WHEN ${NEWER} THEN excluded.name ELSE name END,
       nameAnnotation = CASE WHEN ${NEWER} THEN excluded.nameAnnotation ELSE nameAnnotation END,
       nameSource = CASE WHEN ${NEWER} THEN excluded.nameSource ELSE nameSource END`,
  );
  const write = (stmt: ReturnType<Sqlite["prepare"]>, claims: Map<string, NameClaim>) => {
    for (const [guid, c] of claims) {
      stmt.run({ f, guid, name: c.name, annotation: c.name ? (c.annotation ?? -1) : null, source: c.name ? "lrp" : null, orgGuid: c.orgGuid ?? null });
    }
  };
  write(upsert("Org"), agg.orgNames);
  write(upsert("Space"), agg.spaceNames);
  write(apps, agg.appNames);
}

const NEWER = `excluded.name IS NOT NULL AND (nameSource IS NULL OR nameSource = 'lrp') AND (name IS NULL OR excluded.nameAnnotation > nameAnnotation)`;

/** Applies ingest's transitions (lib/migration/state-machine.ts) when a snapshot becomes the latest, each with its event. */
function applyStatuses(db: Sqlite, f: number, snapshotId: number, appStage: string) {
  const rows = db
    .prepare(
      `SELECT a.id, a.status, s.privileged FROM App a LEFT JOIN ${appStage} s ON s.appGuid = a.guid
       WHERE a.foundationId = ? AND (a.status IS NOT NULL OR s.privileged = 1)`,
    )
    .all(f) as { id: number; status: Status | null; privileged: number | null }[];
  const now = sqliteDate(new Date());
  const setStatus = db.prepare(
    `UPDATE App SET status = ?, statusChangedAt = ?, regression = CASE WHEN ? = 1 THEN 1 WHEN ? = 'migrated' THEN 0 ELSE regression END WHERE id = ?`,
  );
  const event = db.prepare(
    `INSERT INTO AppEvent (foundationId, appId, at, actor, action, fromStatus, toStatus, note, snapshotId) VALUES (?, ?, ?, 'ingest', ?, ?, ?, ?, ?)`,
  );
  let regressions = 0;
  for (const r of rows) {
    const seen = r.privileged === null ? "absent" : r.privileged ? "privileged" : "unprivileged";
    const tr = observe(r.status, seen);
    if (!tr) continue;
    if (tr.regression) regressions++;
    setStatus.run(tr.to, now, tr.regression ? 1 : 0, tr.to, r.id);
    event.run(f, r.id, now, tr.action, r.status, tr.to, `${tr.note} (snapshot ${snapshotId})`, snapshotId);
  }
  const counts = db
    .prepare(`SELECT status, COUNT(*) AS n FROM App WHERE foundationId = ? AND status IS NOT NULL GROUP BY status`)
    .all(f) as { status: string; n: number }[];
  db.prepare(`UPDATE Snapshot SET statusCounts = ?, regressions = ? WHERE id = ?`).run(
    JSON.stringify(Object.fromEntries(counts.map((c) => [c.status, c.n]))),
    regressions,
    snapshotId,
  );
}
