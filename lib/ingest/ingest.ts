import { randomBytes } from "node:crypto";
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import type { Readable } from "node:stream";
import { ApiError } from "@/lib/api/errors";
import { openSqlite, sqliteDate, type Sqlite } from "@/lib/db/sqlite";
import { databasePath } from "@/lib/db/url";
import { observe, type Status } from "@/lib/migration/state-machine";
import { stageDump, type StagedDump } from "./parse-dump";
import { APP_SPANS, LRP_SPANS, mergeSpans } from "./spans";

export interface IngestInput {
  foundation: string;
  capturedAt: Date;
  /** the authenticated actor, recorded on the snapshot */
  actor: string;
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
  /** where the time went, for the server log: receiving and parsing, folding, the publishing transaction */
  timings: { stageMs: number; foldMs: number; publishMs: number };
}

/** Scratch files of uploads in progress live beside the database (same disk, removed after each upload). */
function stagingBase(): string {
  const file = databasePath();
  const dir = path.join(file === ":memory:" ? process.cwd() : path.dirname(path.resolve(file)), "staging");
  mkdirSync(dir, { recursive: true });
  return path.join(dir, `upload-${process.pid}-${randomBytes(6).toString("hex")}`);
}

/**
 * Stages one dump in scratch files while it streams in (no lock on the shared database), each parsing
 * thread folding its share into per-app states and name claims; merges the shares, then publishes the
 * snapshot in one short transaction.
 */
export async function ingestSnapshot(input: IngestInput): Promise<IngestResult> {
  const base = stagingBase();
  let staged: StagedDump | null = null;
  try {
    const t0 = performance.now();
    staged = await stageDump(input.dump, base);
    const t1 = performance.now();
    if (staged.records === 0) {
      throw new ApiError(422, "the dump is empty: a failed `cfdot desired-lrps` run leaves an empty file; run it again", { line: 1 });
    }
    // From here on nothing awaits: concurrent uploads never interleave on the shared ingest connection.
    const db = ingestDb();
    try {
      const schemas = staged.files.map((file, i) => {
        db.prepare(`ATTACH DATABASE ? AS s${i}`).run(file);
        db.pragma(`s${i}.journal_mode = OFF`);
        return `s${i}`;
      });
      const union = (table: string) => schemas.map((s) => `SELECT * FROM ${s}.${table}`).join(" UNION ALL ");
      rejectRepeatedProcessGuids(db, union("lrp"));
      const warnings = [...staged.warnings];
      const folded = mergeFolds(db, schemas);
      const stats = foldStats(db, folded);
      const unnamed = db.prepare(`SELECT COUNT(*) FROM ${folded.appNames} WHERE name IS NULL`).pluck().get() as number;
      if (unnamed > 0) {
        warnings.push(
          `${unnamed} app${unnamed === 1 ? " has" : "s have"} no name in metric_tags (LRPs desired before CAPI 1.85): upload a Cloud Controller export to name them`,
        );
      }
      const t2 = performance.now();
      const published = publish(db, {
        foundation: input.foundation,
        actor: input.actor,
        t: input.capturedAt.getTime(),
        hash: staged.hash,
        bytes: staged.bytes,
        stats: { lrps: staged.records, otherDomains: staged.otherDomains, ...stats },
        warnings,
        lrpStages: schemas.map((s) => `${s}.lrp`),
        folded,
      });
      const t3 = performance.now();
      return { ...published, timings: { stageMs: Math.round(t1 - t0), foldMs: Math.round(t2 - t1), publishMs: Math.round(t3 - t2) } };
    } finally {
      for (const { name } of db.pragma("database_list") as { name: string }[]) if (/^s\d+$/.test(name)) db.exec(`DETACH DATABASE ${name}`);
    }
  } finally {
    for (const f of staged?.files ?? []) rmSync(f, { force: true });
    rmSync(`${base}-main.db`, { force: true });
    setTimeout(checkpoint, 50).unref();
  }
}

const g = globalThis as unknown as { __ingestDb?: Sqlite };

/**
 * The connection that publishes snapshots, kept open for the life of the process. Its automatic WAL
 * checkpoints are off: copying the WAL back into the database is maintenance, done after answering.
 */
function ingestDb(): Sqlite {
  if (!g.__ingestDb) {
    g.__ingestDb = openSqlite();
    g.__ingestDb.pragma("wal_autocheckpoint = 0");
  }
  return g.__ingestDb;
}

function checkpoint() {
  ingestDb().pragma("wal_checkpoint(PASSIVE)");
}

function rejectRepeatedProcessGuids(db: Sqlite, all: string) {
  const dup = db
    .prepare(`SELECT MIN(line) AS first, MAX(line) AS again FROM (${all}) GROUP BY processGuid HAVING COUNT(*) > 1 ORDER BY first LIMIT 1`)
    .get() as { first: number; again: number } | undefined;
  if (dup) {
    throw new ApiError(422, `line ${dup.again} repeats the process_guid of line ${dup.first}: not a single cfdot dump`, { line: dup.again });
  }
}

/** Where the per-app fold and the name claims of one upload are (lib/ingest/fold.ts). */
interface Folded {
  /** a staging table of APP_SPANS */
  apps: string;
  appNames: string;
  orgNames: string;
  spaceNames: string;
}

const foldTables = (schema: string): Folded => ({
  apps: `${schema}.app`,
  appNames: `${schema}.name_app`,
  orgNames: `${schema}.name_org`,
  spaceNames: `${schema}.name_space`,
});

/**
 * Merges the shares of further parse threads into the first one's scratch tables: an app whose LRPs were
 * parsed by more than one thread is privileged when any share says so and its counts add up; each guid keeps
 * the name with the newest annotation.
 */
function mergeFolds(db: Sqlite, schemas: string[]): Folded {
  const into = foldTables(schemas[0]);
  const newer = `excluded.name IS NOT NULL AND (name IS NULL OR excluded.annotation > annotation)`;
  for (const from of schemas.slice(1).map((s) => foldTables(s))) {
    db.exec(
      `INSERT INTO ${into.apps} (appGuid, line, privileged, orgGuid, spaceGuid, segment, instances, privilegedInstances, lrps, privilegedLrps, risks)
       SELECT appGuid, line, privileged, orgGuid, spaceGuid, segment, instances, privilegedInstances, lrps, privilegedLrps, risks FROM ${from.apps} WHERE true
       ON CONFLICT(appGuid) DO UPDATE SET line = MIN(line, excluded.line), privileged = MAX(privileged, excluded.privileged),
         orgGuid = COALESCE(orgGuid, excluded.orgGuid), spaceGuid = COALESCE(spaceGuid, excluded.spaceGuid),
         segment = CASE WHEN segment = '' THEN excluded.segment ELSE segment END, instances = instances + excluded.instances,
         privilegedInstances = privilegedInstances + excluded.privilegedInstances, lrps = lrps + excluded.lrps,
         privilegedLrps = privilegedLrps + excluded.privilegedLrps, risks = risks | excluded.risks;
       INSERT INTO ${into.appNames} SELECT guid, name, annotation FROM ${from.appNames} WHERE true
       ON CONFLICT(guid) DO UPDATE SET name = excluded.name, annotation = excluded.annotation WHERE ${newer};
       INSERT INTO ${into.orgNames} SELECT guid, name, annotation FROM ${from.orgNames} WHERE true
       ON CONFLICT(guid) DO UPDATE SET name = excluded.name, annotation = excluded.annotation WHERE ${newer};
       INSERT INTO ${into.spaceNames} SELECT guid, name, annotation, orgGuid FROM ${from.spaceNames} WHERE true
       ON CONFLICT(guid) DO UPDATE SET name = CASE WHEN ${newer} THEN excluded.name ELSE name END,
         annotation = CASE WHEN ${newer} THEN excluded.annotation ELSE annotation END, orgGuid = COALESCE(orgGuid, excluded.orgGuid)`,
    );
  }
  return into;
}

/** The snapshot's counts of the API contract, from the per-app fold. */
function foldStats(db: Sqlite, folded: Folded) {
  return db
    .prepare(
      `SELECT COALESCE(SUM(lrps), 0) AS appLrps, COALESCE(SUM(privilegedLrps), 0) AS privilegedLrps,
         COALESCE(SUM(privilegedInstances), 0) AS privilegedInstances, COUNT(*) AS apps, COALESCE(SUM(privileged), 0) AS privilegedApps
       FROM ${folded.apps}`,
    )
    .get() as { appLrps: number; privilegedLrps: number; privilegedInstances: number; apps: number; privilegedApps: number };
}

interface PublishInput {
  foundation: string;
  actor: string;
  t: number;
  hash: string;
  bytes: number;
  stats: Omit<SnapshotRow, "id" | "foundation" | "capturedMs" | "observedMs" | "warnings">;
  warnings: string[];
  lrpStages: string[];
  folded: Folded;
}

/** A Snapshot row as stored (JSON columns as text, times as epoch ms). */
export interface SnapshotDbRow {
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

export function toSnapshotRow(foundation: string, r: SnapshotDbRow): SnapshotRow {
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
function publish(db: Sqlite, x: PublishInput): Omit<IngestResult, "timings"> {
  const run = db.transaction((): Omit<IngestResult, "timings"> => {
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
           privilegedLrps, privilegedInstances, apps, privilegedApps, warnings, bytes, uploadedBy)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(f, x.t, JSON.stringify([x.t]), x.hash, sqliteDate(new Date()), s.lrps, s.appLrps, JSON.stringify(s.otherDomains),
        s.privilegedLrps, s.privilegedInstances, s.apps, s.privilegedApps, JSON.stringify(x.warnings), x.bytes, x.actor);
    const snapshotId = Number(info.lastInsertRowid);
    for (const stage of x.lrpStages) mergeSpans(db, LRP_SPANS, stage, f, x.t, p, n);
    mergeSpans(db, APP_SPANS, x.folded.apps, f, x.t, p, n);
    saveNames(db, f, x.folded);
    if (n === null) applyStatuses(db, f, snapshotId, x.folded.apps);
    const row = db.prepare(`SELECT * FROM Snapshot WHERE id = ?`).get(snapshotId) as SnapshotDbRow;
    return { snapshot: toSnapshotRow(x.foundation, row), duplicate: false };
  });
  return run.immediate();
}

/** A claim replaces a stored name when it is newer; names from a Cloud Controller export (nameSource 'cc') are never overridden by LRPs. */
const NEWER = `excluded.name IS NOT NULL AND (nameSource IS NULL OR nameSource = 'lrp') AND (name IS NULL OR excluded.nameAnnotation > nameAnnotation)`;
const takeNewer = `ON CONFLICT(foundationId, guid) DO UPDATE SET
  name = excluded.name, nameAnnotation = excluded.nameAnnotation, nameSource = excluded.nameSource WHERE ${NEWER}`;

function saveNames(db: Sqlite, f: number, folded: Folded) {
  const cols = `name, annotation, CASE WHEN name IS NULL THEN NULL ELSE 'lrp' END`;
  // `WHERE true` keeps SQLite from reading ON CONFLICT as a join clause of the SELECT
  db.prepare(`INSERT INTO App (foundationId, guid, name, nameAnnotation, nameSource) SELECT ?, guid, ${cols} FROM ${folded.appNames} WHERE true ${takeNewer}`).run(f);
  db.prepare(`INSERT INTO Org (foundationId, guid, name, nameAnnotation, nameSource) SELECT ?, guid, ${cols} FROM ${folded.orgNames} WHERE true ${takeNewer}`).run(f);
  db.prepare(
    `INSERT INTO Space (foundationId, guid, name, nameAnnotation, nameSource, orgGuid) SELECT ?, guid, ${cols}, orgGuid FROM ${folded.spaceNames} WHERE true
     ON CONFLICT(foundationId, guid) DO UPDATE SET
       name = CASE WHEN ${NEWER} THEN excluded.name ELSE name END,
       nameAnnotation = CASE WHEN ${NEWER} THEN excluded.nameAnnotation ELSE nameAnnotation END,
       nameSource = CASE WHEN ${NEWER} THEN excluded.nameSource ELSE nameSource END,
       orgGuid = COALESCE(excluded.orgGuid, orgGuid)`,
  ).run(f);
}

/** Applies ingest's transitions (lib/migration/state-machine.ts) when a snapshot becomes the latest, each with its event. */
function applyStatuses(db: Sqlite, f: number, snapshotId: number, appStage: string) {
  const rows = db
    .prepare(
      // apps already in the workflow, and privileged apps new to it: never a scan of every app joined to the dump
      `SELECT a.id, a.status, s.privileged FROM App a LEFT JOIN ${appStage} s ON s.appGuid = a.guid
       WHERE a.foundationId = @f AND a.status IS NOT NULL
       UNION ALL
       SELECT a.id, a.status, s.privileged FROM ${appStage} s JOIN App a ON a.foundationId = @f AND a.guid = s.appGuid
       WHERE s.privileged = 1 AND a.status IS NULL`,
    )
    .all({ f }) as { id: number; status: Status | null; privileged: number | null }[];
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
